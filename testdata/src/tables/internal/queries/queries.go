// Package queries holds statements as named constants.
package queries

// Statements used by package app.
const (
	InvoicesOfTenant = "SELECT id, total FROM invoices WHERE tenant_id = $1"
	AllTenants       = "SELECT id, name FROM tenants ORDER BY name"
)
