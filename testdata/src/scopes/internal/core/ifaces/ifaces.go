// Package ifaces holds methods whose signatures interfaces fix, governed
// by tenant-scope's params section, whose params.interfaces lists
// sort.Interface.
package ifaces

import (
	"io"

	"example.com/app/internal/ports"
	"example.com/app/internal/scope"
)

// Reloader is an interface of this package.
type Reloader interface{ Reload(force bool) error }

// Cache implements interfaces of this package, of ports, of io and of sort.
type Cache struct{}

func (c *Cache) Reload(force bool) error { return nil } // ok: Reloader, an interface of this package, fixes it

func (c *Cache) Write(p []byte) (int, error) { return len(p), nil } // ok: io.Writer fixes it, and io is imported

func (c Cache) Close() error { return nil } // ok: io.Closer fixes it; a value receiver is in *Cache's method set too

func (c *Cache) Flush() error { return nil } // ok: ports.Sink fixes it through the base.Flusher it embeds

func (c *Cache) Put(id string, v int) error { return nil } // ok: ports.Store[int], a generic interface, fixes it

func (c *Cache) Get(id string) (int, error) { return 0, nil } // ok: ports.Store[int] fixes it

func (c *Cache) Len() int { return 0 } // ok: sort.Interface, listed in params.interfaces, fixes it; sort is reachable through ports

func (c *Cache) Less(i, j int) bool { return false } // ok: sort.Interface fixes it

func (c *Cache) Swap(i, j int) {} // ok: sort.Interface fixes it

func (c *Cache) Name() (string, error) { return "", nil } // want `^exported method \(\*Cache\).Name must take example.com/app/internal/scope.Scope as its first parameter or right after a leading context.Context, but has no parameters \(tenant-scope\)`

func (c *Cache) Read(id string) ([]byte, error) { return nil, nil } // want `exported method \(\*Cache\).Read must take .*, not string \(tenant-scope\)`

func (c *Cache) Load(id string) {} // want `exported method \(\*Cache\).Load must take .*, not string \(tenant-scope\)`

func (c *Cache) Scoped(s scope.Scope) {} // ok: takes the scope

// Half has Store's Put but not its Get, so it satisfies no Store.
type Half struct{}

func (h *Half) Put(id string, v int) error { return nil } // want `exported method \(\*Half\).Put must take .*, not string \(tenant-scope\)`

// Mixed has a Put and a Get that no one Store[T] has.
type Mixed struct{}

func (m *Mixed) Put(id string, v int) error { return nil } // want `exported method \(\*Mixed\).Put must take .*, not string \(tenant-scope\)`

func (m *Mixed) Get(id string) (string, error) { return "", nil } // want `exported method \(\*Mixed\).Get must take .*, not string \(tenant-scope\)`

var (
	_ io.WriteCloser    = (*Cache)(nil)
	_ ports.Sink        = (*Cache)(nil)
	_ ports.Store[int]  = (*Cache)(nil)
	_ Reloader          = (*Cache)(nil)
	_ ports.Store[bool] = (*Generic[bool])(nil)
)

// Generic is a generic type implementing a generic interface.
type Generic[T any] struct{}

func (g *Generic[T]) Put(id string, v T) error { return nil } // ok: ports.Store[T] fixes it

func (g *Generic[T]) Get(id string) (v T, err error) { return v, nil } // ok: ports.Store[T] fixes it
