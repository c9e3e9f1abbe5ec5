package analyzers

import "testing"

func TestImportable(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		from, to string
		want     bool
	}{
		{"example.com/app/core", "example.com/app/internal/localfs", true},
		{"example.com/app", "example.com/app/internal/localfs", true},
		{"example.com/app/internal/localfs/sub", "example.com/app/internal/localfs", true},
		{"example.com/other", "example.com/app/internal/localfs", false},
		{"example.com/application", "example.com/app/internal/localfs", false},
		{"example.com/app/x", "example.com/app/x/internal/y/internal/z", false},
		{"example.com/app/x/internal/y/w", "example.com/app/x/internal/y/internal/z", true},
		{"net/http", "internal/poll", true},
		{"example.com/app", "internal/poll", false},
		{"example.com/app/core", "example.com/app/core", false},
		{"example.com/app/core", "example.com/app/internalx", true},
		{"example.com/app/core_test", "example.com/app/internal/localfs", true},
	} {
		if got := importable(tc.from, tc.to); got != tc.want {
			t.Errorf("importable(%q, %q) = %v, want %v", tc.from, tc.to, got, tc.want)
		}
	}
}
