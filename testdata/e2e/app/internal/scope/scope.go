// Package scope defines the tenant scope.
package scope

// Scope says whose data a call may touch.
type Scope struct{ TenantID string }

// New makes a scope; only authentication may call it.
func New(tenant string) Scope { return Scope{TenantID: tenant} }
