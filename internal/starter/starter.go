// Package starter writes a first rules file for a module from what the
// module uses today: `archvet init`. Each rule it proposes bans something
// architects usually fence in (file access, HTTP clients, process
// execution, SQL, cloud SDKs), and allows it exactly in the directories
// that use it now, so the rules file passes from the first run and the
// team narrows the allow lists from there. A scope stanza is written
// commented out, to be filled in by hand.
//
// Uses are found through types.Info, as the analyzers find them.
package starter

import (
	"bytes"
	"fmt"
	"go/types"
	"maps"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/tools/go/packages"
)

// A family is a kind of thing a starter rule fences in.
type family struct {
	id, hint, comment string
	// match reports the target to ban for a used object, or "".
	match func(obj types.Object) string
	// pkgs are package path prefixes whose import is the use (on /
	// boundaries); they are banned as packages.
	pkgs []string
}

var families = []family{
	{
		id: "file-access", hint: "file access goes through the storage package",
		comment: "Files are read and written in these places today; route new code through one storage package and shrink allow.",
		match:   funcsOf("os", "Open", "OpenFile", "Create", "ReadFile", "WriteFile", "Remove", "RemoveAll", "Mkdir", "MkdirAll", "ReadDir", "Rename"),
	},
	{
		id: "http-clients", hint: "HTTP clients live in transport packages",
		comment: "Outgoing HTTP calls are made in these places today.",
		match: func(obj types.Object) string {
			if t := funcsOf("net/http", "Get", "Post", "Head", "PostForm")(obj); t != "" {
				return t
			}
			if fn, ok := obj.(*types.Func); ok && fn.Pkg() != nil && fn.Pkg().Path() == "net/http" {
				if recv := fn.Signature().Recv(); recv != nil && strings.HasSuffix(recv.Type().String(), "net/http.Client") {
					return "(*net/http.Client)." + fn.Name()
				}
			}
			return ""
		},
	},
	{
		id: "process-exec", hint: "processes are started by the runner package only",
		comment: "Other programs are started in these places today.",
		pkgs:    []string{"os/exec"},
	},
	{
		id: "sql-access", hint: "SQL goes through the repository layer",
		comment: "database/sql is used in these places today.",
		pkgs:    []string{"database/sql"},
	},
	{
		id: "cloud-sdks", hint: "cloud SDKs are wrapped by the client integrations",
		comment: "Cloud and messaging SDKs are imported in these places today.",
		pkgs: []string{"github.com/aws/aws-sdk-go", "github.com/aws/aws-sdk-go-v2", "cloud.google.com/go", "github.com/Azure/azure-sdk-for-go",
			"github.com/redis/go-redis", "github.com/segmentio/kafka-go", "github.com/IBM/sarama", "github.com/nats-io/nats.go", "github.com/rabbitmq/amqp091-go"},
	},
}

// funcsOf matches the package-level functions names of the package at pkgPath.
func funcsOf(pkgPath string, names ...string) func(types.Object) string {
	return func(obj types.Object) string {
		fn, ok := obj.(*types.Func)
		if !ok || fn.Pkg() == nil || fn.Pkg().Path() != pkgPath || fn.Signature().Recv() != nil || !slices.Contains(names, fn.Name()) {
			return ""
		}
		return pkgPath + "." + fn.Name()
	}
}

// usage is what one family found.
type usage struct {
	targets map[string]bool // banned targets in use
	dirs    map[string]bool // directories that use them, relative to the root
}

// Generate returns a rules file for the packages, whose globs are
// relative to root (the module's directory). pkgs need syntax and types.
func Generate(pkgs []*packages.Package, root, module string) ([]byte, error) {
	found := make([]usage, len(families))
	for i := range found {
		found[i] = usage{targets: map[string]bool{}, dirs: map[string]bool{}}
	}
	for _, p := range pkgs {
		if p.TypesInfo == nil || len(p.CompiledGoFiles) == 0 {
			continue // no types: nothing can be identified
		}
		dir, err := filepath.Rel(root, filepath.Dir(p.CompiledGoFiles[0]))
		if err != nil || !filepath.IsLocal(dir) && dir != "." {
			continue // outside the module
		}
		dir = filepath.ToSlash(dir)
		for i, f := range families {
			if f.match != nil {
				for _, obj := range p.TypesInfo.Uses {
					if t := f.match(obj); t != "" {
						found[i].targets[t], found[i].dirs[dir] = true, true
					}
				}
			}
			for _, imp := range p.Imports {
				for _, pre := range f.pkgs {
					if imp.PkgPath == pre || strings.HasPrefix(imp.PkgPath, pre+"/") {
						target := pre
						if imp.PkgPath != pre {
							target = pre + "/..."
						}
						found[i].targets[target], found[i].dirs[dir] = true, true
					}
				}
			}
		}
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "# archvet rules for %s, written by `archvet init` from what the module uses\n", module)
	b.WriteString("# today. Each rule allows what it bans exactly where it is used now: shrink\n")
	b.WriteString("# the allow lists as the code moves behind its gates. Reference:\n")
	b.WriteString("# https://github.com/archvet/archvet/blob/main/docs/rules.md\n")
	b.WriteString("version: 1\nrules:\n")
	n := 0
	for i, f := range families {
		if len(found[i].targets) == 0 {
			continue // the module does not use it: nothing to fence in yet
		}
		n++
		fmt.Fprintf(&b, "  # %s\n  - id: %s\n    ban:\n", f.comment, f.id)
		for _, t := range slices.Sorted(maps.Keys(found[i].targets)) {
			fmt.Fprintf(&b, "      - %s\n", quote(t))
		}
		b.WriteString("    allow:\n")
		for _, d := range slices.Sorted(maps.Keys(found[i].dirs)) {
			g := d + "/*.go"
			if d == "." {
				g = "*.go"
			}
			fmt.Fprintf(&b, "      - %s\n", quote(g))
		}
		fmt.Fprintf(&b, "    hint: %s\n", f.hint)
	}
	if n == 0 {
		b.WriteString("  # The module uses none of the things archvet's starter rules fence in\n")
		b.WriteString("  # (file access, HTTP clients, os/exec, database/sql, cloud SDKs). An example:\n")
		b.WriteString("  - id: no-ioutil\n    ban: io/ioutil\n    hint: io/ioutil is deprecated; use io and os\n")
	}
	fmt.Fprintf(&b, `
# A tenant scope: every exported function in the core takes the caller's
# scope first, data access is given one, and only the auth middleware makes
# one. Fill in your own types and uncomment.
# scopes:
#   - id: tenant-scope
#     type: %s/internal/scope.Scope
#     params:
#       in: [internal/core/**]
#     calls:
#       require: ["(*%s/internal/repo.Repo).{Query,Exec}"]
#     create:
#       constructors: [%s/internal/scope.New]
#       allow: [internal/auth/**]
#     hint: thread the caller's scope; only the auth middleware creates one
`, module, module, module)
	return b.Bytes(), nil
}

// quote quotes a YAML scalar that would otherwise not read as a string.
func quote(s string) string {
	if strings.ContainsAny(s, "*{}[]:#,&!|>'\"%@`") || strings.HasPrefix(s, "(") {
		return strconv.Quote(s)
	}
	return s
}
