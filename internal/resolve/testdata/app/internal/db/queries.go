package db

import "example.com/app/scope"

// Query runs a statement under a scope.
func Query(s scope.Scope, q string, args ...any) error { return nil }

// Count takes no statement.
func Count(n int) int { return n }

const allTenants = "SELECT * FROM tenants"

func queries(s scope.Scope) {
	Query(s, allTenants)
	Query(s, "SELECT * FROM invoices JOIN public.tenants ON true")
}
