package core

import (
	"fmt"
	myos "os"
	"strings"

	"example.com/app/internal/db"
	"example.com/app/internal/dbalias"
	localos "example.com/app/internal/os"
)

// Package-level initialisers.
var readFile = myos.ReadFile // want `os.ReadFile is banned here \(storage-gate\): all file access goes through storage.Storage; use example.com/app/internal/storage.Read`

var pool = db.DefaultPool // want `example.com/app/internal/db.DefaultPool is banned here \(db-gate\): core talks to the database through repo`

func init() {
	_, _ = myos.Create("x") // want `os.Create is banned here \(storage-gate\)`
}

// Calls, function values and functions passed as arguments.
func calls() {
	_, _ = myos.ReadFile("x") // want `os.ReadFile is banned here`
	f := myos.WriteFile       // want `os.WriteFile is banned here`
	apply(myos.Open)          // want `os.Open is banned here`
	_ = f
	_ = myos.Getenv("HOME")            // ok: only file functions of os are banned
	_, _ = localos.ReadFile("x")       // ok: a different package named os
	_ = strings.ToUpper("os.ReadFile") // ok: a string, not a reference
	// os.ReadFile in a comment is not a reference either.
	var r reader
	_, _ = r.ReadFile("x") // ok: an unrelated method with a banned function's name
}

func apply(func(string) (*myos.File, error)) {}

type reader struct{}

func (reader) ReadFile(string) ([]byte, error) { return nil, nil }

// Methods: calls, method values, method expressions, promotion, aliases.
func methods(c *db.Conn, w dbalias.Wrapped, a *dbalias.C) { // want `example.com/app/internal/db.Conn is banned here` `example.com/app/internal/db.Conn \(through alias C\) is banned here`
	_ = c.Exec("q") // want `\(\*example.com/app/internal/db.Conn\).Exec is banned here`
	_ = c.Ping()    // ok: only Exec is banned among Conn's methods
	exec := c.Exec  // want `\(\*example.com/app/internal/db.Conn\).Exec is banned here`
	_ = exec
	_ = (*db.Conn).Exec // want `example.com/app/internal/db.Conn is banned here` `\(\*example.com/app/internal/db.Conn\).Exec is banned here`
	_ = w.Exec("q")     // want `\(\*example.com/app/internal/db.Conn\).Exec is banned here`
	_ = w.Ping()        // want `\(example.com/app/internal/dbalias.Wrapped\).Ping is banned here \(wrapped-ping\)`
	ping := w.Ping      // want `\(example.com/app/internal/dbalias.Wrapped\).Ping is banned here \(wrapped-ping\)`
	_ = ping
	_ = w.Conn.Ping() // ok: Ping selected on db.Conn, not on Wrapped
	_ = a.Exec("q")   // want `\(\*example.com/app/internal/db.Conn\).Exec is banned here`
}

// Types: fields, conversions, composite literals, type arguments.
type holder struct {
	conn db.Conn // want `example.com/app/internal/db.Conn is banned here`
}

type dsn struct{ DSN string }

func types() {
	_ = db.Conn{DSN: "x"}         // want `example.com/app/internal/db.Conn is banned here`
	_ = db.Conn(dsn{})            // want `example.com/app/internal/db.Conn is banned here`
	_ = db.Get(db.Box[db.Conn]{}) // want `example.com/app/internal/db.Conn is banned here`
	_ = db.Box[int]{}             // ok: Box is not banned
	_ = db.Open("x")              // want `example.com/app/internal/db.Open is banned here`
}

// Closures and goroutines.
func closures() {
	go func() {
		_, _ = myos.ReadFile("x") // want `os.ReadFile is banned here`
	}()
	defer func() {
		fmt.Println(myos.Open("x")) // want `os.Open is banned here`
	}()
}

// A local alias of a banned type is the banned type: its declaration and
// every use of it are findings.
type conn = db.Conn // want `example.com/app/internal/db.Conn is banned here`

type aliasUser struct {
	c *conn // want `example.com/app/internal/db.Conn \(through alias conn\) is banned here`
}

func useAlias(u aliasUser) *conn { return u.c } // want `example.com/app/internal/db.Conn \(through alias conn\) is banned here`
