// Package scope defines the tenant scope.
package scope

// Scope is a tenant's scope.
type Scope struct{ TenantID string }
