// Package migrations is in tenant-scope's calls.allow.
package migrations

import "example.com/app/internal/repo"

func Up(r *repo.Repo) {
	r.Query("CREATE TABLE t (tenant_id text)") // ok: internal/migrations is in calls.allow
	_ = repo.Raw[int]("SELECT 1")              // ok: internal/migrations is in calls.allow
	f := r.Query                               // ok: internal/migrations is in calls.allow
	_ = f
}
