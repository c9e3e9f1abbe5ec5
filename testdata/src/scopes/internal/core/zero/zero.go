// Package zero declares scope variables without a value: a finding where
// the zero value can reach a use, none where every path assigns first.
package zero

import (
	"context"
	"errors"
	"log"
	"time"

	"example.com/app/internal/repo"
	"example.com/app/internal/scope"
)

type holder struct{ s *scope.Scope }

func use(any)                                    {}
func work(ctx context.Context)                   {}
func decode(p *scope.Scope) error                { return nil }
func load(pp **scope.Scope)                      {}
func run(f func())                               { f() }
func lookup(id string) (*scope.Scope, error)     { return nil, errors.New("no scope") }
func pick(s scope.Scope, id string) *scope.Scope { return &s }

func NilOnOnePath(s scope.Scope, r *repo.Repo, ok bool) {
	var sc *scope.Scope // ok: reported where its zero value is used
	if ok {
		sc = &s
	}
	r.Get(sc, "id") // want `^zero value of sc fabricates example.com/app/internal/scope.Scope outside create.allow \(tenant-scope\): thread the caller's scope; only auth middleware creates one$`
}

func NeverAssigned(s scope.Scope, r *repo.Repo) {
	var sc *scope.Scope
	r.Get(sc, "id") // want `zero value of sc fabricates`
}

func Uses(s scope.Scope, ok bool, ch chan *scope.Scope) *scope.Scope {
	var sc *scope.Scope
	if ok {
		sc = &s
	}
	h := holder{}
	h.s = sc                    // want `zero value of sc fabricates`
	ch <- sc                    // want `zero value of sc fabricates`
	use(holder{s: sc})          // want `zero value of sc fabricates`
	use([]*scope.Scope{sc})     // want `zero value of sc fabricates`
	c := sc                     // want `zero value of sc fabricates`
	use(c)                      // ok: reported where it was copied from sc
	if sc == nil || sc != nil { // ok: comparisons use nothing
		use(h)
	}
	return sc // want `zero value of sc fabricates`
}

func FieldByField(s scope.Scope, r *repo.Repo, tenant string) {
	var z scope.Scope
	z.TenantID = tenant // ok: writing a field is no assignment of z, and uses nothing
	_ = z.Role          // ok: reading a field is not the scope
	r.Exec(z, "q")      // want `zero value of z fabricates`
	_ = z.Filter()      // want `zero value of z fabricates`
	_ = decode(&z)      // want `zero value of z fabricates`
	r.Exec(z, "q")      // ok: decode may have filled z through its address
}

func Switch(s scope.Scope, r *repo.Repo, mode int) {
	var sc *scope.Scope
	switch mode {
	case 1:
		sc = &s
	case 2:
		sc = pick(s, "two")
	}
	r.Get(sc, "id") // want `zero value of sc fabricates`
}

func Loop(s scope.Scope, r *repo.Repo, ids []string) {
	var prev *scope.Scope
	for _, id := range ids {
		r.Get(prev, id) // want `zero value of prev fabricates`
		prev = pick(s, id)
	}
}

func Closure(s scope.Scope, r *repo.Repo) {
	var sc *scope.Scope
	func() {
		r.Get(sc, "id") // want `zero value of sc fabricates`
	}()
}

func Copy(s scope.Scope, r *repo.Repo) {
	var a, b *scope.Scope
	b = a
	r.Get(b, "id") // want `zero value of b fabricates`
}

func Context(ctx context.Context, s scope.Scope, ok bool) {
	var c context.Context
	if ok {
		c = ctx
	}
	work(c) // want `^zero value of c fabricates context.Context outside create.allow \(request-context\)`
}

// The Temporal pattern: declared, then assigned with a second result.
func Timeout(parent context.Context, s scope.Scope) {
	var ctx context.Context
	var cancel context.CancelFunc
	ctx, cancel = context.WithTimeout(parent, time.Second)
	defer cancel()
	work(ctx) // ok: assigned on the only path
}

func EveryPath(s scope.Scope, r *repo.Repo, ok bool, mode int) {
	var sc *scope.Scope
	if ok {
		sc = &s
	} else {
		sc = pick(s, "else")
	}
	r.Get(sc, "id") // ok: both branches assign
	var other *scope.Scope
	switch mode {
	case 1:
		other = &s
	default:
		other = pick(s, "default")
	}
	r.Get(other, "id") // ok: every case assigns
}

func NoReturn(s scope.Scope, r *repo.Repo, ok, fatal bool) {
	var sc *scope.Scope
	if ok {
		sc = &s
	} else if fatal {
		log.Fatal("no scope")
	} else {
		panic("no scope")
	}
	r.Get(sc, "id") // ok: the paths without an assignment end in log.Fatal or panic
}

func Lookup(s scope.Scope, r *repo.Repo, id string) error {
	var sc *scope.Scope
	var err error
	sc, err = lookup(id)
	if err != nil {
		return err
	}
	r.Get(sc, "id") // ok: assigned by the call above
	return nil
}

func Redeclared(s scope.Scope, r *repo.Repo, id string) {
	var sc *scope.Scope
	sc, err := lookup(id)
	if err == nil {
		r.Get(sc, id) // ok: := assigns sc again
	}
}

func Captured(s scope.Scope, r *repo.Repo) {
	var sc *scope.Scope
	run(func() { sc = &s })
	r.Get(sc, "id") // ok: assigned in a closure made on the path
}

func OutParam(s scope.Scope, r *repo.Repo) {
	var sc *scope.Scope
	load(&sc)       // ok: the address of a pointer variable is a place to put a scope, not a scope
	r.Get(sc, "id") // ok: load may have filled it
}

func Select(s scope.Scope, r *repo.Repo, ch chan *scope.Scope, done chan struct{}) {
	var sc *scope.Scope
	select {
	case sc = <-ch:
	case <-done:
		return
	}
	r.Get(sc, "id") // ok: received on the only path that gets here
}

func Range(s scope.Scope, r *repo.Repo, list []*scope.Scope) {
	var sc *scope.Scope
	for _, sc = range list {
		r.Get(sc, "id") // ok: the range assigns sc before each iteration
	}
}

func InLoop(s scope.Scope, r *repo.Repo, ids []string) {
	for _, id := range ids {
		var sc *scope.Scope
		sc = pick(s, id)
		r.Get(sc, id) // ok: assigned in each iteration before the use
	}
}

func NilChecked(s scope.Scope, r *repo.Repo, list []*scope.Scope, ok bool) error {
	var sc *scope.Scope
	for _, x := range list {
		if x.Role == "admin" {
			sc = x
			break
		}
	}
	if sc == nil {
		return errors.New("no admin scope")
	}
	r.Get(sc, "id") // ok: the nil check above returned when sc was still nil
	var other *scope.Scope
	if ok {
		other = &s
	}
	if other != nil && ok {
		r.Get(other, "id") // ok: the condition proves other non-nil
	}
	if !(other == nil) {
		r.Get(other, "id") // ok: so does this one
	}
	if other == nil || ok {
		r.Get(other, "id") // want `zero value of other fabricates`
	}
	return nil
}

func ErrorPath(s scope.Scope, bad bool) (*scope.Scope, error) {
	var sc *scope.Scope
	if bad {
		return sc, errors.New("bad request") // ok: the error path hands out no scope
	}
	if s.Role == "" {
		return sc, nil // want `zero value of sc fabricates`
	}
	sc = &s
	return sc, nil // ok: assigned above
}
