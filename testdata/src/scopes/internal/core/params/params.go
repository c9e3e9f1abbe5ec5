// Package params holds declarations governed by tenant-scope's params
// section, which accepts a leading context.Context.
package params

import (
	"context"

	"example.com/app/internal/scope"
	sc "example.com/app/internal/scope"
)

// Alias is another name for the scope.
type Alias = scope.Scope

// Mine is a type defined from the scope, and so a different type.
type Mine scope.Scope

// Request carries a scope in a field.
type Request struct {
	Scope scope.Scope
	ID    string
}

func Load(s scope.Scope, id string) error { return nil } // ok: takes the scope first

func LoadPtr(s *scope.Scope, id string) error { return nil } // ok: *Scope is accepted wherever Scope is

func LoadAlias(s *Alias) {} // ok: an alias of the scope is the scope

func LoadRenamed(s sc.Scope) {} // ok: a renamed import names the same type

func LoadCtx(ctx context.Context, s scope.Scope) {} // ok: after_context allows a leading context

func LoadCtxPtr(ctx context.Context, s *scope.Scope) {} // ok: pointer after a leading context

func LoadByID(id string) {} // want `^exported function LoadByID must take example.com/app/internal/scope.Scope as its first parameter or right after a leading context.Context, not string \(tenant-scope\): thread the caller's scope; only auth middleware creates one$`

func Ping() {} // want `exported function Ping must take .* context.Context, but has no parameters \(tenant-scope\)`

func Watch(ctx context.Context) {} // want `exported function Watch must take .*, but takes only a context.Context \(tenant-scope\)`

func LoadCtxID(ctx context.Context, id string) {} // want `exported function LoadCtxID must take .*, not string \(tenant-scope\)`

func LoadLate(id string, s scope.Scope) {} // want `exported function LoadLate must take .*, not string \(tenant-scope\)`

func Handle(r Request) {} // want `exported function Handle must take .*, not Request \(tenant-scope\)`

func HandlePtr(r *Request) {} // want `exported function HandlePtr must take .*, not \*Request \(tenant-scope\)`

func LoadMine(m Mine) {} // want `exported function LoadMine must take .*, not Mine \(tenant-scope\)`

func LoadAll(ss ...scope.Scope) {} // want `exported function LoadAll must take .*, not \[\]example.com/app/internal/scope.Scope \(tenant-scope\)`

func Map[K comparable, V any](s scope.Scope, k K) (v V) { return v } // ok: a generic function taking the scope first

func Find[T any](id T) {} // want `exported function Find must take .*, not T \(tenant-scope\)`

func FindScope[S scope.Scope](s S) {} // want `exported function FindScope must take .*, not S \(tenant-scope\)`

var Hook = func(id string) {} // ok: a variable, not a declared function

func load(id string) {} // ok: unexported

// Service is an exported type.
type Service struct{}

func (svc *Service) Load(s scope.Scope, id string) {} // ok: takes the scope first

func (svc *Service) Get(id string) {} // want `^exported method \(\*Service\).Get must take example.com/app/internal/scope.Scope as its first parameter or right after a leading context.Context, not string \(tenant-scope\): thread`

func (svc Service) Name() string { return "" } // want `exported method Service.Name must take .*, but has no parameters \(tenant-scope\)`

func (svc *Service) helper(id string) {} // ok: unexported method

// NotFound is an exported error type.
type NotFound struct{ ID string }

func (e *NotFound) Error() string { return "not found: " + e.ID } // ok: the error interface fixes its signature

func (e NotFound) String() string { return e.ID } // ok: fmt.Stringer fixes its signature

func (e *NotFound) Is(err error) bool { return false } // ok: errors.Is fixes its signature

func (e *NotFound) MarshalJSON() ([]byte, error) { return nil, nil } // ok: json.Marshaler fixes its signature

func (e *NotFound) Unwrap(id string) error { return nil } // want `exported method \(\*NotFound\).Unwrap must take .*, not string`

type cache struct{}

func (c *cache) Get(id string) {} // ok: method of an unexported type, reachable only through interfaces

// List is generic.
type List[T any] struct{ items []T }

func (l *List[T]) Push(s scope.Scope, v T) {} // ok: a generic receiver, the scope first

func (l *List[T]) Pop() (v T) { return v } // want `exported method \(\*List\[T\]\).Pop must take .*, but has no parameters`

// AliasService is an alias of an exported type.
type AliasService = Service

func (a *AliasService) Put(id string) {} // want `exported method \(\*Service\).Put must take .*, not string`
