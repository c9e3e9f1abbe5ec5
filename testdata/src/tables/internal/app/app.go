// Package app calls the repo with constant and built statements.
package app

import (
	"context"
	"fmt"

	"example.com/app/internal/queries"
	"example.com/app/internal/repo"
	"example.com/app/internal/scope"
)

func globalOnly(ctx context.Context, r *repo.Repo) {
	r.Query(ctx, "SELECT id, name FROM tenants WHERE id = $1", 1)                 // ok: only a global table
	r.Query(ctx, "SELECT u.id FROM users u JOIN tenants t ON t.id = u.tenant_id") // ok: two global tables
	r.Exec(ctx, "INSERT INTO schema_migrations (version) VALUES ($1)", 7)         // ok: a global table
	r.Query(ctx, "SELECT * FROM public.tenants")                                  // ok: public.tenants is tenants: no entry names schema public
}

func joinGlobalAndTenant(ctx context.Context, r *repo.Repo) {
	r.Query(ctx, "SELECT i.id FROM tenants t JOIN invoices i ON i.tenant_id = t.id") // want `query on tenant table "invoices" passes no example.com/app/internal/scope.Scope \(tenant-scope\): thread the caller's scope`
}

func joinScoped(ctx context.Context, r *repo.Repo, s scope.Scope) {
	r.Query(ctx, "SELECT i.id FROM tenants t JOIN invoices i ON i.tenant_id = t.id", s) // ok: passes the scope
}

func cteNamedLikeTenant(ctx context.Context, r *repo.Repo) {
	r.Query(ctx, "WITH invoices AS (SELECT id FROM tenants) SELECT * FROM invoices") // ok: invoices here is the CTE over tenants
}

func tenantInCTEBody(ctx context.Context, r *repo.Repo) {
	r.Query(ctx, "WITH recent AS (SELECT * FROM invoices) SELECT * FROM recent") // want `query on tenant table "invoices" passes no`
}

func tenantInSubquery(ctx context.Context, r *repo.Repo) {
	r.Query(ctx, "SELECT name FROM users WHERE id IN (SELECT owner_id FROM projects)") // want `query on tenant table "projects" passes no`
}

func insertSelect(ctx context.Context, r *repo.Repo) {
	r.Exec(ctx, "INSERT INTO invoices (tenant_id) SELECT id FROM tenants") // want `query on tenant table "invoices" passes no`
}

func updateDelete(ctx context.Context, r *repo.Repo) {
	r.Exec(ctx, "UPDATE projects SET name = $1 WHERE id = $2", "x", 1) // want `query on tenant table "projects" passes no`
	r.Exec(ctx, "DELETE FROM drawing_pages WHERE id = $1", 1)          // want `query on tenant table "drawing_pages" passes no`
}

// PostgreSQL's own syntax: UPDATE ... FROM, RETURNING, ON CONFLICT, ::
// casts. The statements are parsed by PostgreSQL's parser.
func updateFrom(ctx context.Context, r *repo.Repo) {
	r.Exec(ctx, "UPDATE invoices SET paid = true FROM tenants WHERE tenants.id = invoices.tenant_id")  // want `query on tenant table "invoices" passes no`
	r.Exec(ctx, "UPDATE tenants SET name = $1 FROM users u WHERE u.id = $2::int RETURNING tenants.id") // ok: global tables only
	r.Exec(ctx, "INSERT INTO projects (id) VALUES ($1) ON CONFLICT (id) DO NOTHING")                   // want `query on tenant table "projects" passes no`
}

func quotedMixedCase(ctx context.Context, r *repo.Repo) {
	r.Query(ctx, `SELECT * FROM "Tenants" t JOIN public."INVOICES" i ON i.tenant_id = t.id`) // want `query on tenant table "public.invoices" passes no`
	r.Query(ctx, `SELECT * FROM USERS`)                                                      // ok: names match without regard to case
}

func commentsAndStrings(ctx context.Context, r *repo.Repo) {
	r.Query(ctx, "SELECT * FROM tenants -- not invoices\n/* nor projects */") // ok: table names in comments are not tables
	r.Query(ctx, "SELECT * FROM users WHERE note = 'invoices'")               // ok: a string literal is not a table
}

func otherPackage(ctx context.Context, r *repo.Repo) {
	r.Query(ctx, queries.InvoicesOfTenant, 1) // want `query on tenant table "invoices" passes no`
	r.Query(ctx, queries.AllTenants)          // ok: a named constant over a global table
}

func concatenated(ctx context.Context, r *repo.Repo) {
	const base = "SELECT * FROM "
	r.Query(ctx, base+"projects") // want `query on tenant table "projects" passes no`
	r.Query(ctx, base+"tenants")  // ok: constant concatenation over a global table
}

func localVariables(ctx context.Context, r *repo.Repo, admin bool) {
	q := "SELECT * FROM tenants"
	r.Query(ctx, q) // ok: a local variable initialised from a constant and never changed

	var p = "SELECT * FROM invoices"
	r.Query(ctx, p) // want `query on tenant table "invoices" passes no`

	q2 := "SELECT * FROM tenants"
	if admin {
		q2 = "SELECT * FROM invoices"
	}
	r.Query(ctx, q2) // want `call to \(\*example.com/app/internal/repo.Repo\).Query passes no example.com/app/internal/scope.Scope \(tenant-scope\)`
}

func notConstant(ctx context.Context, r *repo.Repo, table string) {
	r.Query(ctx, fmt.Sprintf("SELECT * FROM %s", table)) // want `call to \(\*example.com/app/internal/repo.Repo\).Query passes no`
}

func doesNotParse(ctx context.Context, r *repo.Repo) {
	r.Query(ctx, "SELEC * FROM tenants") // want `statement does not parse as postgres SQL \(line 1 column 1: syntax error at or near "SELEC"\); the call needs example.com/app/internal/scope.Scope \(tenant-scope\): check the statement, or pass the scope` `call to \(\*example.com/app/internal/repo.Repo\).Query passes no`
}

func doesNotParseScoped(ctx context.Context, r *repo.Repo, s scope.Scope) {
	r.Query(ctx, "SELEC * FROM tenants", s) // want `statement does not parse as postgres SQL`
}

func unlisted(ctx context.Context, r *repo.Repo, s scope.Scope) {
	r.Query(ctx, "SELECT * FROM audit_log")                         // want `table "audit_log" is in neither tables.tenant nor tables.global \(tenant-scope\): add it to one of them in the rules file` `call to \(\*example.com/app/internal/repo.Repo\).Query passes no`
	r.Exec(ctx, "INSERT INTO audit_log (what) VALUES ($1)", s, "x") // want `table "audit_log" is in neither`
}

func schemaQualified(ctx context.Context, r *repo.Repo) {
	r.Query(ctx, "SELECT * FROM billing.ledger") // want `query on tenant table "billing.ledger" passes no`
	r.Query(ctx, "SELECT * FROM ledger")         // want `table "ledger" is in neither` `call to \(\*example.com/app/internal/repo.Repo\).Query passes no`
}

func severalTenantTables(ctx context.Context, r *repo.Repo) {
	r.Query(ctx, "SELECT * FROM projects p JOIN invoices i ON i.project_id = p.id") // want `query on tenant tables "invoices", "projects" passes no`
}

func methodValue(ctx context.Context, r *repo.Repo) {
	exec := r.Exec
	exec(ctx, "DELETE FROM tenants WHERE id = $1", 1)  // ok: a global table, through a method value
	exec(ctx, "DELETE FROM invoices WHERE id = $1", 1) // want `query on tenant table "invoices" passes no`
}

func spread(ctx context.Context, r *repo.Repo, args []any) {
	r.Query(ctx, "SELECT * FROM tenants", args...) // ok: the statement is still the second argument
}
