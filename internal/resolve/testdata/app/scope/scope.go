// Package scope is the scope type the scope rules of the tests name.
package scope

// Scope is a named struct type with methods on value and pointer receivers.
type Scope struct{ id string }

// New is a constructor.
func New() Scope { return Scope{} }

// ID has a value receiver.
func (s Scope) ID() string { return s.id }

// Close has a pointer receiver.
func (s *Scope) Close() {}

// Default is a variable, not a constructor.
var Default = New()

// Alias is an alias of a named type.
type Alias = Scope

// Name is an alias of a type that is not named.
type Name = string

// Version is a constant.
const Version = 1

// Carrier is an interface type.
type Carrier interface{ Scope() Scope }
