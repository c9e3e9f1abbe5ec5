package calls

import (
	"testing"

	"example.com/app/internal/repo"
	"example.com/app/internal/scope"
)

func TestDirect(t *testing.T) {
	s := scope.New("u", "admin", "t1") // ok: tests are in create.allow
	Direct(s, &repo.Repo{})
	(&repo.Repo{}).Query("q") // want `call to \(\*example.com/app/internal/repo.Repo\).Query passes no`
}
