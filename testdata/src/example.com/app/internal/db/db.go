// Package db is a low-level database package that core code must not use.
package db

// Conn is a raw connection.
type Conn struct{ DSN string }

// Exec runs a statement.
func (c *Conn) Exec(q string) error { return nil }

// Ping is not banned.
func (c *Conn) Ping() error { return nil }

// Open opens a connection.
func Open(dsn string) *Conn { return &Conn{DSN: dsn} }

// DefaultPool is a shared pool.
var DefaultPool = &Conn{}

// Box holds a value of any type.
type Box[T any] struct{ V T }

// Get returns a value.
func Get[T any](b Box[T]) T { return b.V }
