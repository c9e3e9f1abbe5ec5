package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/archvet/archvet/internal/cache"
)

func TestCacheCommand(t *testing.T) {
	dir := t.TempDir()
	t.Setenv(cache.Env, dir)
	c, err := cache.Open()
	if err != nil {
		t.Fatal(err)
	}
	var k cache.Key
	if err := c.Put(k, []byte("[]")); err != nil {
		t.Fatal(err)
	}

	var stdout, stderr bytes.Buffer
	if code := run([]string{"cache", "dir"}, &stdout, &stderr); code != exitClean || strings.TrimSpace(stdout.String()) != dir {
		t.Errorf("archvet cache dir: exit %d, output %q, want 0 and %q; stderr: %s", code, stdout.String(), dir, stderr.String())
	}
	if code := run([]string{"cache", "clean"}, &stdout, &stderr); code != exitClean {
		t.Fatalf("archvet cache clean: exit %d; stderr: %s", code, stderr.String())
	}
	if _, ok := c.Get(k); ok {
		t.Error("archvet cache clean left the entry")
	}

	stdout.Reset()
	t.Setenv(cache.Env, "off")
	if code := run([]string{"cache", "dir"}, &stdout, &stderr); code != exitClean || strings.TrimSpace(stdout.String()) != "off" {
		t.Errorf("archvet cache dir with the cache off: exit %d, output %q", code, stdout.String())
	}
	if code := run([]string{"cache", "clean"}, &stdout, &stderr); code != exitClean {
		t.Errorf("archvet cache clean with the cache off: exit %d", code)
	}

	stderr.Reset()
	if code := run([]string{"cache", "purge"}, &stdout, &stderr); code != exitError || !strings.Contains(stderr.String(), "usage: archvet cache clean") {
		t.Errorf("archvet cache purge: exit %d, stderr %q; want 2 and the usage", code, stderr.String())
	}
}
