package plugin

import (
	"os"
	"path/filepath"
	"testing"
)

// TestConfigDir checks that the plugin finds golangci-lint's config file
// as golangci-lint does: from -c or --config, else from the working
// directory up.
func TestConfigDir(t *testing.T) {
	root := t.TempDir()
	sub := filepath.Join(root, "a", "b")
	other := filepath.Join(root, "conf")
	for _, d := range []string{sub, other} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(root, ".golangci.yml"), []byte("version: \"2\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Chdir(sub)
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"run", "./..."}, root},
		{[]string{"run", "-c", "../../conf/x.yml"}, other},
		{[]string{"run", "--config", filepath.Join(other, "x.yml")}, other},
		{[]string{"run", "--config=../../conf/x.yml", "./..."}, other},
	} {
		if got := configDir(tt.args); got != tt.want {
			t.Errorf("configDir(%q) = %s, want %s", tt.args, got, tt.want)
		}
	}
}
