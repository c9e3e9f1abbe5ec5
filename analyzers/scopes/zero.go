package scopes

// Zero values, the flow-aware part of the create check: a local variable
// of the scope type declared without a value (var s scope.Scope, var p
// *scope.Scope, var ctx context.Context) fabricates a scope where its zero
// value can reach a use, and only there. Decisions:
//
//   - A use is the variable's value, or its address if that is the scope,
//     given away: an argument (conversions and builtins included), the
//     receiver of a method call or method value, a result, the right side
//     of an assignment or declaration of anything but another such
//     variable (a field, an element, a global, a new local), a sent value,
//     or an element of a composite literal. Comparisons, field reads and
//     type assertions are not uses, nor is return sc, err with an error
//     that is not nil (the caller must not use the scope, as for nil).
//   - Flow decides: a use is reported if some path from the declaration
//     reaches it without an assignment of the variable. The paths are
//     those of go/cfg, built for each function that declares such a
//     variable (cfg.New is cheap and runs nowhere else), with panic,
//     os.Exit, log.Fatal and the like ending a path. go/ssa was the other
//     candidate: buildssa builds every function of every package, and a
//     lifted zero value is a constant without a position, which cannot be
//     told from an explicit nil or Scope{} (both reported where written).
//   - Assigned means: assigned as a whole (=, := redeclaring it, a range
//     key or value, a select receive), its address taken (&v, or a method
//     with a pointer receiver called on it: the callee may fill it), or
//     assigned inside a closure made on the path (the closure may run at
//     any time after). Writing a field (s.TenantID = t) is not: a scope
//     built field by field from its zero value is fabricated. v = w, where
//     w is another such variable, copies w's state.
//   - Within one statement, uses see the state before it and assignments
//     take effect after it, as Go evaluates operands before it assigns.
//   - The one condition followed is a comparison with nil: past
//     if sc == nil { return }, or inside if sc != nil && ok { ... }, sc is
//     not its zero value. go/cfg records no other conditions, so
//     if ok { sc = x }; if ok { use(sc) } is reported.
//   - A use inside a closure is reported only if the variable is never
//     assigned at all: when the closure runs is out of sight.
//   - Package-level variables are not followed: any function may assign
//     one, so one of the scope type itself (not a pointer) is reported at
//     its declaration (create.go). Nor are named results, which a bare
//     return hands out on error paths that carry no scope.

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"sort"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/cfg"
	"golang.org/x/tools/go/types/typeutil"
)

// An eventKind is what a reference to a followed variable does.
type eventKind int

const (
	evZero       eventKind = iota // declared without a value: holds its zero
	evAssign                      // assigned, or its address taken: no longer known to be zero
	evCopy                        // assigned another followed variable: zero if that one was
	evUse                         // its value given away
	evClosureUse                  // its value given away inside a closure
)

// An event is one reference to a followed variable.
type event struct {
	kind eventKind
	v    int // the variable, an index into zeroFlow.vars
	src  int // evCopy: the variable copied
	pos  token.Pos
	node ast.Expr // evUse, evClosureUse: the value given away, to underline
}

// zeroFlow follows the variables declared without a value in one function.
type zeroFlow struct {
	fc     *fileCheck
	fn     inspector.Cursor // the *ast.FuncDecl or *ast.FuncLit
	vars   []*types.Var
	decls  []*ast.Ident // the declaring name of each variable
	index  map[*types.Var]int
	events []event // in position order
}

// checkZeroValues follows vars, local variables of a scope type that fn
// declares without a value, and reports their zero values where they can
// reach a use.
func (fc *fileCheck) checkZeroValues(fn inspector.Cursor, vars []*types.Var, decls []*ast.Ident) {
	var body *ast.BlockStmt
	switch n := fn.Node().(type) {
	case *ast.FuncDecl:
		body = n.Body
	case *ast.FuncLit:
		body = n.Body
	}
	if body == nil {
		return // cannot happen: a function that declares a variable has a body
	}
	z := &zeroFlow{fc: fc, fn: fn, vars: vars, decls: decls, index: map[*types.Var]int{}}
	for i, v := range vars {
		z.index[v] = i
	}
	z.collect()
	g := cfg.New(body, fc.mayReturn)
	z.flow(g)
	z.closureUses()
}

// collect records every reference to a followed variable in the function,
// in position order.
func (z *zeroFlow) collect() {
	for c := range z.fn.Preorder((*ast.Ident)(nil)) {
		id := c.Node().(*ast.Ident)
		v, ok := z.fc.info.ObjectOf(id).(*types.Var)
		if !ok {
			continue // not a variable
		}
		i, ok := z.index[v]
		if !ok {
			continue // not followed
		}
		z.classify(c, id, i)
	}
}

// classify records what the reference id, at c, to variable i does.
func (z *zeroFlow) classify(c inspector.Cursor, id *ast.Ident, i int) {
	add := func(kind eventKind, src int, node ast.Expr) {
		if z.inClosure(c) {
			switch kind {
			case evUse:
				kind = evClosureUse
			case evCopy:
				kind = evAssign // when the closure copies is out of sight
			}
		}
		z.events = append(z.events, event{kind: kind, v: i, src: src, pos: id.Pos(), node: node})
	}
	switch kind, idx := c.ParentEdge(); kind {
	case edge.ValueSpec_Names:
		if z.decls[i] == id {
			add(evZero, 0, nil)
		}
		return
	case edge.AssignStmt_Lhs:
		a := c.Parent().Node().(*ast.AssignStmt)
		if len(a.Lhs) == len(a.Rhs) {
			if j, ok := z.followed(a.Rhs[idx]); ok {
				add(evCopy, j, nil)
				return
			}
		}
		add(evAssign, 0, nil)
		return
	case edge.RangeStmt_Key, edge.RangeStmt_Value:
		add(evAssign, 0, nil)
		return
	}
	val := c
	for val.ParentEdgeKind() == edge.ParenExpr_X {
		val = val.Parent()
	}
	if u, ok := val.Parent().Node().(*ast.UnaryExpr); ok && u.Op == token.AND {
		add(evAssign, 0, nil) // the address may be written through
		for val = val.Parent(); val.ParentEdgeKind() == edge.ParenExpr_X; {
			val = val.Parent()
		}
	}
	e := val.Node().(ast.Expr)
	if !z.givenAway(val) {
		return // compared, a field read or written, asserted: not a use
	}
	if sel, ok := val.Parent().Node().(*ast.SelectorExpr); ok && val.ParentEdgeKind() == edge.SelectorExpr_X {
		if fn, ok := z.fc.info.Selections[sel].Obj().(*types.Func); ok && e == id {
			if _, ptr := fn.Signature().Recv().Type().(*types.Pointer); ptr {
				if _, isPtr := types.Unalias(z.vars[i].Type()).(*types.Pointer); !isPtr {
					add(evAssign, 0, nil) // v.M() with a pointer receiver takes v's address
				}
			}
		}
	}
	add(evUse, 0, e)
}

// givenAway reports whether the value at val is given away (see the notes
// at the top).
func (z *zeroFlow) givenAway(val inspector.Cursor) bool {
	kind, i := val.ParentEdge()
	switch kind {
	case edge.CallExpr_Args, edge.SendStmt_Value, edge.CompositeLit_Elts, edge.ValueSpec_Values:
		return true
	case edge.ReturnStmt_Results:
		return z.fc.expectedType(val) != nil // not return sc, err: the error path hands out no scope, as for nil
	case edge.KeyValueExpr_Value:
		_, ok := val.Parent().Parent().Node().(*ast.CompositeLit)
		return ok
	case edge.AssignStmt_Rhs:
		a := val.Parent().Node().(*ast.AssignStmt)
		if len(a.Lhs) == len(a.Rhs) {
			if _, ok := z.followed(a.Lhs[i]); ok {
				_, plain := z.followed(a.Rhs[i])
				return !plain // v = w copies, recorded at v
			}
		}
		return true
	case edge.SelectorExpr_X:
		sel, ok := z.fc.info.Selections[val.Parent().Node().(*ast.SelectorExpr)]
		return ok && sel.Kind() == types.MethodVal // a receiver; a field is not the scope
	}
	return false
}

// followed returns the index of the followed variable that e, without
// parentheses, names.
func (z *zeroFlow) followed(e ast.Expr) (int, bool) {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return 0, false
	}
	v, ok := z.fc.info.ObjectOf(id).(*types.Var)
	if !ok {
		return 0, false
	}
	i, ok := z.index[v]
	return i, ok
}

// inClosure reports whether c is inside a function literal within the
// function followed.
func (z *zeroFlow) inClosure(c inspector.Cursor) bool {
	for f := range c.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		return f != z.fn
	}
	return false
}

// bits is a set of followed variables that may hold their zero value.
type bits []uint64

func newBits(n int) bits      { return make(bits, (n+63)/64) }
func (b bits) has(i int) bool { return b[i/64]&(1<<(i%64)) != 0 }
func (b bits) put(i int, on bool) {
	if on {
		b[i/64] |= 1 << (i % 64)
	} else {
		b[i/64] &^= 1 << (i % 64)
	}
}

// union adds o to b and reports whether b grew.
func (b bits) union(o bits) bool {
	grew := false
	for i := range b {
		if o[i]&^b[i] != 0 {
			b[i] |= o[i]
			grew = true
		}
	}
	return grew
}

// nodeEvents returns the events within n.
func (z *zeroFlow) nodeEvents(n ast.Node) []event {
	lo := sort.Search(len(z.events), func(i int) bool { return z.events[i].pos >= n.Pos() })
	hi := lo
	for hi < len(z.events) && z.events[hi].pos < n.End() {
		hi++
	}
	return z.events[lo:hi]
}

// step applies the assignments of events to the state in, in place, as
// one statement: every copy reads the state before it.
func step(in bits, events []event) {
	before := slices.Clone(in)
	for _, e := range events {
		switch e.kind {
		case evZero:
			in.put(e.v, true)
		case evAssign:
			in.put(e.v, false)
		case evCopy:
			in.put(e.v, before.has(e.src))
		}
	}
}

// flow computes which variables may hold their zero value at the start of
// each block of g, and reports the uses they reach.
func (z *zeroFlow) flow(g *cfg.CFG) {
	if len(g.Blocks) == 0 {
		return // cannot happen: the entry block always exists
	}
	in := make([]bits, len(g.Blocks))
	in[0] = newBits(len(z.vars))
	work := []*cfg.Block{g.Blocks[0]}
	for len(work) > 0 {
		b := work[len(work)-1]
		work = work[:len(work)-1]
		out := slices.Clone(in[b.Index])
		for _, n := range b.Nodes {
			step(out, z.nodeEvents(n))
		}
		for i, s := range b.Succs {
			edge := z.refine(b, i, out)
			if in[s.Index] == nil {
				in[s.Index] = newBits(len(z.vars))
				in[s.Index].union(edge)
				work = append(work, s)
			} else if in[s.Index].union(edge) {
				work = append(work, s)
			}
		}
	}
	for _, b := range g.Blocks {
		if in[b.Index] == nil {
			continue // unreachable: no path from the declaration
		}
		state := slices.Clone(in[b.Index])
		for _, n := range b.Nodes {
			evs := z.nodeEvents(n)
			for _, e := range evs {
				if e.kind == evUse && state.has(e.v) {
					z.report(e)
				}
			}
			step(state, evs)
		}
	}
}

// refine returns the state out of block b along its i'th successor: on
// the branch where b's condition proves a variable non-nil (sc != nil,
// sc == nil on its false branch, through &&, || and !), that variable no
// longer holds its zero value.
func (z *zeroFlow) refine(b *cfg.Block, i int, out bits) bits {
	if len(b.Succs) != 2 || len(b.Nodes) == 0 {
		return out // not a conditional block
	}
	cond, ok := b.Nodes[len(b.Nodes)-1].(ast.Expr)
	if !ok {
		return out // cannot happen: a conditional block ends with its condition
	}
	var proven []int
	z.nonNil(cond, i == 0, &proven)
	if len(proven) == 0 {
		return out
	}
	out = slices.Clone(out)
	for _, v := range proven {
		out.put(v, false)
	}
	return out
}

// nonNil appends to proven the followed variables that cond proves
// non-nil when it evaluates to want.
func (z *zeroFlow) nonNil(cond ast.Expr, want bool, proven *[]int) {
	switch e := ast.Unparen(cond).(type) {
	case *ast.UnaryExpr:
		if e.Op == token.NOT {
			z.nonNil(e.X, !want, proven)
		}
	case *ast.BinaryExpr:
		switch {
		case e.Op == token.LAND && want, e.Op == token.LOR && !want:
			z.nonNil(e.X, want, proven)
			z.nonNil(e.Y, want, proven)
		case e.Op == token.NEQ && want, e.Op == token.EQL && !want:
			x, y := e.X, e.Y
			if z.fc.info.Types[x].IsNil() {
				x, y = y, x
			}
			if i, ok := z.followed(x); ok && z.fc.info.Types[y].IsNil() {
				*proven = append(*proven, i)
			}
		}
	}
}

// closureUses reports uses inside closures of variables never assigned.
func (z *zeroFlow) closureUses() {
	assigned := newBits(len(z.vars))
	for _, e := range z.events {
		if e.kind == evAssign || e.kind == evCopy {
			assigned.put(e.v, true)
		}
	}
	for _, e := range z.events {
		if e.kind == evClosureUse && !assigned.has(e.v) {
			z.report(e)
		}
	}
}

// report reports the use e of a zero value for each scope it fabricates.
func (z *zeroFlow) report(e event) {
	t := z.fc.info.TypeOf(e.node)
	decl := z.decls[e.v]
	for _, s := range z.fc.create {
		if t != nil && s.is(t) {
			s.report(z.fc.rep, e.node, "zero value of "+decl.Name+" fabricates "+s.Type.Text+" outside create.allow",
				analysis.RelatedInformation{Pos: decl.Pos(), End: decl.End(), Message: decl.Name + " is declared without a value here"})
		}
	}
}

// mayReturn reports whether call may return: not panic, os.Exit,
// runtime.Goexit, log's Fatal and Panic functions and methods, nor the
// testing methods that stop a test.
func (fc *fileCheck) mayReturn(call *ast.CallExpr) bool {
	if isBuiltin(fc.info, call.Fun, "panic") {
		return false
	}
	fn, ok := typeutil.Callee(fc.info, call).(*types.Func)
	return !ok || !noReturn[fn.FullName()]
}

// noReturn lists functions that never return, by full name. It is never
// written after initialisation.
var noReturn = func() map[string]bool {
	m := map[string]bool{"os.Exit": true, "runtime.Goexit": true}
	for _, name := range []string{"Fatal", "Fatalf", "Fatalln", "Panic", "Panicf", "Panicln"} {
		m["log."+name] = true
		m["(*log.Logger)."+name] = true
	}
	for _, name := range []string{"FailNow", "Fatal", "Fatalf", "SkipNow", "Skip", "Skipf"} {
		m["(*testing.common)."+name] = true
		m["(testing.TB)."+name] = true
	}
	return m
}()

// A zeroFunc is a function that declares variables to follow.
type zeroFunc struct {
	fn    inspector.Cursor
	vars  []*types.Var
	decls []*ast.Ident
}

// followZero records v, declared without a value at name (at c), to be
// followed if it is of a scope type that fc's create sections govern.
func (fc *fileCheck) followZero(c inspector.Cursor, v *types.Var, name *ast.Ident) {
	if !slices.ContainsFunc(fc.create, func(s *scopeCheck) bool { return s.is(v.Type()) }) {
		return // not a scope
	}
	for fn := range c.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		i := slices.IndexFunc(fc.zeroFuncs, func(f zeroFunc) bool { return f.fn == fn })
		if i < 0 {
			i = len(fc.zeroFuncs)
			fc.zeroFuncs = append(fc.zeroFuncs, zeroFunc{fn: fn})
		}
		f := &fc.zeroFuncs[i]
		f.vars, f.decls = append(f.vars, v), append(f.decls, name)
		return
	}
}
