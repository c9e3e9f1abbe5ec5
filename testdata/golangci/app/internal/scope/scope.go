// Package scope defines the tenant scope.
package scope

// Scope says whose data a call may touch.
type Scope struct{ TenantID string }
