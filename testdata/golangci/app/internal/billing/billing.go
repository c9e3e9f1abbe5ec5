// Package billing queries tenant and global tables.
package billing

import (
	"example.com/app/internal/repo"
	"example.com/app/internal/scope"
)

// Report runs the billing queries.
func Report(db *repo.DB, s scope.Scope) {
	db.Query("SELECT name FROM plans")                                       // ok: a global table needs no scope
	db.Query("SELECT id FROM invoices WHERE tenant_id = $1", s)              // ok: passes the scope
	db.Query("SELECT i.id FROM invoices i JOIN plans p ON p.id = i.plan_id") // want: tenant-scope
	db.Query("SELECT * FROM audit_log", s)                                   // want: tenant-scope
	// PostgreSQL's own syntax, read by PostgreSQL's parser under every driver.
	db.Query("UPDATE plans SET price = p.price FROM plans p WHERE p.id = $1 RETURNING plans.id") // ok: global tables only
	db.Query("UPDATE invoices SET paid = true FROM plans WHERE plans.id = invoices.plan_id")     // want: tenant-scope
}
