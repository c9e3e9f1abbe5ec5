// Package calls holds calls of the targets tenant-scope requires.
package calls

import (
	"example.com/app/internal/repo"
	"example.com/app/internal/scope"
)

// Request carries a scope in a field.
type Request struct {
	Scope scope.Scope
	ID    string
}

func use(any) {}

func Direct(s scope.Scope, r *repo.Repo) {
	r.Exec(s, "q")                  // ok: passes the scope
	r.Get(&s, "id")                 // ok: passes a pointer to the scope
	r.Query("q", repo.Scoped(s))    // ok: a variadic option made from the scope
	r.Query("q", repo.Option{})     // want `^call to \(\*example.com/app/internal/repo.Repo\).Query passes no example.com/app/internal/scope.Scope \(tenant-scope\): thread the caller's scope; only auth middleware creates one$`
	r.Query("q")                    // want `call to \(\*example.com/app/internal/repo.Repo\).Query passes no`
	(r.Query)("q")                  // want `call to \(\*example.com/app/internal/repo.Repo\).Query passes no`
	r.For(s).Query("q")             // ok: the receiver is made from the scope
	r.Count()                       // ok: not a required method
	_ = repo.Raw[int]("q", s)       // ok: the scope among variadic arguments of a generic function
	_ = repo.Raw[int]("q", s.Role)  // want `call to example.com/app/internal/repo.Raw passes no`
	(*repo.Repo).Exec(r, s, "q")    // ok: a method expression called with the scope
	(*repo.Repo).Query(r, "q")      // want `call to \(\*example.com/app/internal/repo.Repo\).Query passes no`
	defer r.Exec(s, "q")            // ok: a deferred call with the scope
	go r.Query("q", repo.Scoped(s)) // ok: a go statement with a scoped option
}

// TenantRepo embeds the repo, promoting its methods.
type TenantRepo struct{ *repo.Repo }

// R is an alias of the repo.
type R = repo.Repo

func Promoted(s scope.Scope, tr TenantRepo, r *R) {
	tr.Query("q")                              // want `call to \(\*example.com/app/internal/repo.Repo\).Query passes no`
	tr.Exec(s, "q")                            // ok: a promoted method given the scope
	r.Query("q")                               // want `call to \(\*example.com/app/internal/repo.Repo\).Query passes no`
	r.Query(s.Filter())                        // ok: a method of the scope is a call given the scope
	_ = repo.Raw[int]("q", Request{Scope: s})  // ok: a struct literal holding the scope
	_ = repo.Raw[int]("q", &Request{Scope: s}) // ok: the address of one
	_ = repo.Raw[int]("q", Request{ID: "1"})   // want `call to example.com/app/internal/repo.Raw passes no`
}

func Copies(s scope.Scope, r *repo.Repo) {
	s2 := s
	r.Exec(s2, "q") // ok: a local copy of the scope
	p := &s
	r.Get(p, "id") // ok: a pointer to the scope in a variable
	opt := repo.Scoped(s)
	r.Query("q", opt) // ok: a variable initialised from the scope
	opts := []repo.Option{repo.Scoped(s)}
	r.Query("q", opts...) // ok: a slice built from the scope, spread
	plain := []repo.Option{}
	r.Query("q", plain...)           // want `call to \(\*example.com/app/internal/repo.Repo\).Query passes no`
	run := func() { r.Exec(s, "q") } // ok: the closure captures the scope
	run()
	each := func(x scope.Scope) error { return r.Exec(x, "q") } // ok: the closure's own parameter
	_ = each(s)
	req := Request{Scope: s, ID: "1"}
	r.Exec(req.Scope, "q")                                 // ok: a field of the scope type holds the scope
	r.Query("q", scopedOpt(req))                           // ok: req was built from the scope
	r.Query(s.TenantID)                                    // want `call to \(\*example.com/app/internal/repo.Repo\).Query passes no`
	r.Query("q", repo.Scoped(s2))                          // ok: option made from the copy
	r.Query("q", optFrom(func() scope.Scope { return s })) // want `call to \(\*example.com/app/internal/repo.Repo\).Query passes no`
}

func FromRequest(s scope.Scope, r *repo.Repo, req Request) {
	r.Query("q", scopedOpt(req)) // want `call to \(\*example.com/app/internal/repo.Repo\).Query passes no`
	r.Exec(req.Scope, "q")       // ok: the field holds a scope
}

func scopedOpt(r Request) repo.Option { return repo.Scoped(r.Scope) }

func optFrom(f func() scope.Scope) repo.Option { return repo.Scoped(f()) }

func Values(s scope.Scope, r *repo.Repo) {
	f := r.Query
	f("q", repo.Scoped(s)) // ok: every use of f is a call, and this one passes the scope
	f("q")                 // want `^call to \(\*example.com/app/internal/repo.Repo\).Query through f passes no example.com/app/internal/scope.Scope \(tenant-scope\): thread`
	go f("q")              // want `call to \(\*example.com/app/internal/repo.Repo\).Query through f passes no`
	g := r.For(s).Query
	g("q") // ok: the method value's receiver is made from the scope
	var x = (*repo.Repo).Exec
	x(r, s, "q") // ok: a method expression in a variable, called with the scope
	raw := repo.Raw[string]
	_ = raw("q") // want `call to example.com/app/internal/repo.Raw through raw passes no`
	h := r.Exec  // want `^method value \(\*example.com/app/internal/repo.Repo\).Exec hides the arguments of its calls; call it directly and pass example.com/app/internal/scope.Scope \(tenant-scope\): thread`
	use(h)
	use(r.Query)          // want `method value \(\*example.com/app/internal/repo.Repo\).Query hides the arguments`
	use((*repo.Repo).Get) // want `method expression \(\*example.com/app/internal/repo.Repo\).Get hides the arguments`
	use(repo.Raw[int])    // want `function value example.com/app/internal/repo.Raw hides the arguments`
	k := r.Exec           // want `method value \(\*example.com/app/internal/repo.Repo\).Exec hides the arguments`
	k = r.Exec            // want `method value \(\*example.com/app/internal/repo.Repo\).Exec hides the arguments`
	_ = k(s, "q")
	r.Count() // ok: not required
}

func Suppressed(s scope.Scope, r *repo.Repo) {
	//archvet:ignore tenant-scope the health probe reads a tenant-free table
	r.Query("SELECT 1") // ok: suppressed by the directive above

	//archvet:ignore tenant-scope nothing below needs it // want `//archvet directive for tenant-scope suppresses nothing; remove it \(archvet-unused-directive\)`
	r.Exec(s, "q") // ok: passes the scope
}
