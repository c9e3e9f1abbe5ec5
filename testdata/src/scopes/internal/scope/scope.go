// Package scope declares the tenant scope. The rules list internal/scope
// in create.allow: the package that declares a scope type gets no implicit
// allowance to make one.
package scope

// Scope says who is acting for which tenant.
type Scope struct {
	UserID, Role, TenantID string
}

// New returns the scope of an authenticated user.
func New(user, role, tenant string) Scope {
	return Scope{UserID: user, Role: role, TenantID: tenant} // ok: internal/scope is in create.allow
}

// Global returns the scope of the system itself.
func Global() *Scope {
	s := New("system", "admin", "") // ok: internal/scope is in create.allow
	return &s
}

// Filter returns the SQL condition that confines a query to s's tenant.
func (s Scope) Filter() string { return "tenant_id = '" + s.TenantID + "'" }
