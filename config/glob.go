package config

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"
)

// A Glob is a compiled `in` or `allow` entry: a slash-separated pattern
// relative to the rules root.
//
// Syntax: `*` matches within one path element, `**` as a whole element
// matches any number of elements, `?` one character, `[a-z]` a class and
// `{a,b}` alternatives. A glob that matches a directory matches every file
// below it, so `internal/storage` and `internal/storage/**` are the same.
type Glob struct {
	Text string
	Pos  Pos
	re   *regexp.Regexp
}

// Match reports whether the slash-separated path rel, relative to the rules
// root, is matched by g itself or lies below a directory matched by g.
func (g *Glob) Match(rel string) bool {
	if g.re.MatchString(rel) {
		return true
	}
	for i := 0; i < len(rel); i++ {
		if rel[i] == '/' && g.re.MatchString(rel[:i]) {
			return true
		}
	}
	return false
}

// Regexp returns the regular expression g compiles to, anchored at both
// ends. It matches the path itself; Match also accepts paths below a
// matched directory. For tools that translate rules into other linters'
// configuration.
func (g *Glob) Regexp() string { return g.re.String() }

func compileGlob(text string) (*regexp.Regexp, error) {
	switch {
	case text == "":
		return nil, fmt.Errorf("empty glob")
	case strings.HasPrefix(text, "/"):
		return nil, fmt.Errorf("glob %q must be relative to the rules root", text)
	case strings.Contains(text, `\`):
		return nil, fmt.Errorf("glob %q contains a backslash; use / to separate path elements", text)
	case !utf8.ValidString(text):
		// Each invalid byte would become U+FFFD in the regexp, which
		// matches any invalid byte of a path.
		return nil, fmt.Errorf("glob %q is not valid UTF-8", text)
	}
	segs := strings.Split(strings.TrimSuffix(text, "/"), "/")
	var b strings.Builder
	b.WriteString("(?s)^") // s: a trailing ** matches file names with newlines too
	for i, seg := range segs {
		last := i == len(segs)-1
		switch {
		case seg == "**" && last:
			b.WriteString(".*")
			continue
		case seg == "**":
			b.WriteString("(?:[^/]+/)*")
			continue
		case seg == "" || seg == "." || seg == "..":
			return nil, fmt.Errorf("glob %q has an empty, . or .. element", text)
		case strings.Contains(seg, "**"):
			return nil, fmt.Errorf("glob %q: ** must be a whole path element", text)
		}
		if err := translateSegment(&b, seg); err != nil {
			return nil, fmt.Errorf("glob %q: %w", text, err)
		}
		if !last {
			b.WriteString("/")
		}
	}
	b.WriteString("$")
	return regexp.Compile(b.String())
}

// translateSegment writes the regexp for one path element.
func translateSegment(b *strings.Builder, seg string) error {
	depth := 0
	for i := 0; i < len(seg); i++ {
		switch c := seg[i]; c {
		case '*':
			b.WriteString("[^/]*")
		case '?':
			b.WriteString("[^/]")
		case '{':
			depth++
			b.WriteString("(?:")
		case '}':
			if depth == 0 {
				return fmt.Errorf("unmatched }")
			}
			depth--
			b.WriteString(")")
		case ',':
			if depth > 0 {
				b.WriteString("|")
			} else {
				b.WriteString(",")
			}
		case '[':
			j := strings.IndexByte(seg[i+1:], ']')
			if j < 0 {
				return fmt.Errorf("unmatched [")
			}
			class := seg[i+1 : i+1+j]
			if class == "" || class == "!" || class == "^" {
				return fmt.Errorf("empty character class")
			}
			if class[0] == '!' {
				class = "^" + class[1:]
			}
			b.WriteString("[" + strings.ReplaceAll(class, `\`, `\\`) + "]")
			i += j + 1
		default:
			r, size := utf8.DecodeRuneInString(seg[i:])
			b.WriteString(regexp.QuoteMeta(string(r)))
			i += size - 1
		}
	}
	if depth != 0 {
		return fmt.Errorf("unmatched {")
	}
	return nil
}
