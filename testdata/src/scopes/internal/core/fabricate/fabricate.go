// Package fabricate makes scopes where tenant-scope's create section does
// not allow it, next to copies that are fine.
package fabricate

import (
	"context"
	"errors"

	"example.com/app/internal/actor"
	"example.com/app/internal/repo"
	"example.com/app/internal/scope"
)

// Request carries a scope in a field.
type Request struct {
	Scope scope.Scope
	ID    string
}

type holder struct{ p *scope.Scope }

type fake struct{ UserID, Role, TenantID string }

var global scope.Scope // want `^zero-value declaration of global fabricates example.com/app/internal/scope.Scope outside create.allow \(tenant-scope\): thread the caller's scope; only auth middleware creates one$`

var globalPtr *scope.Scope // ok: a nil pointer is unusable until assigned, and any function may assign it

var empty Request // ok: a struct that carries a scope in a field is not the scope

func use(any) {}

func Literal(s scope.Scope) scope.Scope {
	return scope.Scope{TenantID: "t1"} // want `^composite literal fabricates example.com/app/internal/scope.Scope outside create.allow \(tenant-scope\): thread`
}

func Pointer(s scope.Scope) *scope.Scope {
	return &scope.Scope{} // want `composite literal fabricates example.com/app/internal/scope.Scope outside create.allow \(tenant-scope\)`
}

func Elided(s scope.Scope) []*scope.Scope {
	return []*scope.Scope{&s, {}} // want `composite literal fabricates example.com/app/internal/scope.Scope outside create.allow \(tenant-scope\)`
}

func New(s scope.Scope) *scope.Scope {
	return new(scope.Scope) // want `^new fabricates example.com/app/internal/scope.Scope outside create.allow \(tenant-scope\)`
}

func NewCopy(s scope.Scope) *scope.Scope {
	return new(s) // ok: new of a value copies the caller's scope
}

func Zero(s scope.Scope) {
	var z scope.Scope // ok: reported where its zero value is used
	var a, b = s, s   // ok: copies of the caller's scope
	use(z)            // want `^zero value of z fabricates example.com/app/internal/scope.Scope outside create.allow \(tenant-scope\)`
	use(a)
	use(b)
}

func Ctor(s scope.Scope) {
	use(scope.New("u", "r", "t")) // want `^call to example.com/app/internal/scope.New fabricates example.com/app/internal/scope.Scope outside create.allow \(tenant-scope\)`
	use(scope.Global())           // want `call to example.com/app/internal/scope.Global fabricates`
}

func CtorValue(s scope.Scope) func() *scope.Scope {
	return scope.Global // want `^function value example.com/app/internal/scope.Global fabricates example.com/app/internal/scope.Scope outside create.allow \(tenant-scope\)`
}

func Nils(s scope.Scope, r *repo.Repo, ch chan *scope.Scope) *scope.Scope {
	r.Get(nil, "id")          // want `^nil fabricates \*example.com/app/internal/scope.Scope outside create.allow \(tenant-scope\)` `call to \(\*example.com/app/internal/repo.Repo\).Get passes no`
	var p *scope.Scope = nil  // want `nil fabricates \*example.com/app/internal/scope.Scope`
	p = nil                   // want `nil fabricates \*example.com/app/internal/scope.Scope`
	use((*scope.Scope)(nil))  // want `nil fabricates \*example.com/app/internal/scope.Scope`
	if p == nil || nil != p { // ok: comparing with nil makes nothing
		p = &s // ok: the address of the caller's scope
	}
	use(holder{p: nil})                     // want `nil fabricates \*example.com/app/internal/scope.Scope`
	use(holder{nil})                        // want `nil fabricates \*example.com/app/internal/scope.Scope`
	use([]*scope.Scope{nil})                // want `nil fabricates \*example.com/app/internal/scope.Scope`
	use(map[string]*scope.Scope{"a": nil})  // want `nil fabricates \*example.com/app/internal/scope.Scope`
	ch <- nil                               // want `nil fabricates \*example.com/app/internal/scope.Scope`
	use(nil)                                // ok: nil as any is not a scope
	use(func() *scope.Scope { return nil }) // want `nil fabricates \*example.com/app/internal/scope.Scope`
	return nil                              // want `nil fabricates \*example.com/app/internal/scope.Scope`
}

func Lookup(s scope.Scope, ok bool) (*scope.Scope, error) {
	if !ok {
		return nil, errors.New("no session") // ok: the error path hands out no scope
	}
	if s.Role == "" {
		return nil, nil // want `nil fabricates \*example.com/app/internal/scope.Scope`
	}
	return &s, nil // ok: the caller's scope
}

func Conversions(s scope.Scope) {
	use(scope.Scope(fake{})) // want `^conversion fabricates example.com/app/internal/scope.Scope outside create.allow \(tenant-scope\)`
	use(scope.Scope(s))      // ok: converting the caller's scope copies it
}

func Copies(s scope.Scope, r *repo.Repo) {
	c := s                   // ok: a copy of the caller's scope
	req := Request{Scope: s} // ok: a struct filled from the caller's scope
	req.Scope = c            // ok: a copy assigned to a field
	func() { use(s) }()      // ok: the closure captures the caller's scope
	p := &req.Scope          // ok: the address of a copy
	r.Get(p, "id")           // ok: passes the scope
	use(Request{})           // ok: a struct that carries a scope in a field is not the scope
}

func TwoScopes(s scope.Scope) {
	use(actor.Actor{Name: "x"}) // want `^composite literal fabricates example.com/app/internal/actor.Actor outside create.allow \(actor-scope\): actors come from the job runner$`
	use(actor.System())         // want `^call to example.com/app/internal/actor.System fabricates example.com/app/internal/actor.Actor outside create.allow \(actor-scope\)`
	use(context.Background())   // want `^call to context.Background fabricates context.Context outside create.allow \(request-context\): pass the request's context along$`
}
