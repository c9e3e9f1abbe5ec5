// Package billing reads invoices.
package billing

import (
	"fmt"

	"example.com/app/internal/repo"
	"example.com/app/internal/scope"
)

const byTenant = "SELECT id, total FROM invoices WHERE tenant_id = $1"

// Plans lists the plans every tenant can buy: a global table.
func Plans(db *repo.DB) ([]string, error) {
	return db.Query("SELECT name FROM plans ORDER BY price")
}

// Invoices lists a tenant's invoices.
func Invoices(db *repo.DB, s scope.Scope) ([]string, error) {
	return db.Query(byTenant, s)
}

// Overdue lists overdue invoices, but forgets the scope.
func Overdue(db *repo.DB) ([]string, error) {
	return db.Query("SELECT i.id FROM invoices i JOIN tenants t ON t.id = i.tenant_id WHERE i.due < now()")
}

// Paid marks an invoice paid, and forgets the scope too.
func Paid(db *repo.DB, id int) error {
	_, err := db.Query("UPDATE invoices SET paid = true WHERE id = $1", id)
	return err
}

// Search builds its statement: archvet cannot read it, so it needs the scope.
func Search(db *repo.DB, column string) ([]string, error) {
	return db.Query(fmt.Sprintf("SELECT id FROM invoices WHERE %s LIKE $1", column))
}

// Audit writes to a table the register does not know.
func Audit(db *repo.DB, s scope.Scope, what string) error {
	_, err := db.Query("INSERT INTO audit_log (what) VALUES ($1)", s, what)
	return err
}
