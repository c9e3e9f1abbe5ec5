package directives

// Suppression directives:
//
//	//archvet:ignore rule-id[,rule-id] reason     this line and the next
//	//archvet:file-ignore rule-id[,rule-id] reason  the whole file
//
// The reason is mandatory. Each analyzer applies the directives naming its
// own rules and reports those that suppressed nothing (Reporter); the
// directives analyzer reports malformed ones and unknown rule ids.

import (
	"fmt"
	"go/ast"
	"go/token"
	"strings"
)

const (
	ignorePrefix     = "//archvet:ignore"
	fileIgnorePrefix = "//archvet:file-ignore"
)

// A Directive is one parsed //archvet: comment.
type Directive struct {
	Comment   *ast.Comment
	Line      int // line of the comment
	WholeFile bool
	IDs       []string
	Reason    string
	Problem   string // why the directive is malformed; "" if it is not
}

// ParseDirectives returns the archvet directives in f, in source order.
func ParseDirectives(tok *token.File, f *ast.File) []*Directive {
	var out []*Directive
	for _, cg := range f.Comments {
		for _, c := range cg.List {
			if d := parseDirective(c); d != nil {
				d.Line = tok.Line(c.Slash)
				out = append(out, d)
			}
		}
	}
	return out
}

func parseDirective(c *ast.Comment) *Directive {
	text := c.Text
	if !strings.HasPrefix(text, "//archvet:") {
		return nil // the common case: allocate nothing
	}
	d := &Directive{Comment: c}
	switch {
	case strings.HasPrefix(text, fileIgnorePrefix):
		text, d.WholeFile = text[len(fileIgnorePrefix):], true
	case strings.HasPrefix(text, ignorePrefix):
		text = text[len(ignorePrefix):]
	case strings.HasPrefix(text, "//archvet:"):
		verb, _, _ := strings.Cut(text[len("//"):], " ")
		d.Problem = fmt.Sprintf("unknown directive //%s; use //archvet:ignore or //archvet:file-ignore", verb)
		return d
	default:
		return nil
	}
	if text != "" && text[0] != ' ' && text[0] != '\t' {
		return nil // //archvet:ignored or similar: not ours
	}
	fields := strings.Fields(text)
	if len(fields) == 0 {
		d.Problem = "directive names no rule; write //archvet:ignore <rule-id> <reason>"
		return d
	}
	for _, id := range strings.Split(fields[0], ",") {
		if id != "" {
			d.IDs = append(d.IDs, id)
		}
	}
	if len(d.IDs) == 0 {
		d.Problem = "directive names no rule; write //archvet:ignore <rule-id> <reason>" // only commas
		return d
	}
	rest := fields[1:]
	if len(rest) > 0 && rest[0] == "//" {
		rest = rest[1:] // "//archvet:ignore id // reason", the nolint style
	}
	d.Reason = strings.Join(rest, " ")
	if d.Reason == "" {
		d.Problem = fmt.Sprintf("directive for %s needs a reason: //archvet:ignore %s <why this is fine>", fields[0], fields[0])
	}
	return d
}

// names reports whether d names rule id.
func (d *Directive) names(id string) bool {
	for _, x := range d.IDs {
		if x == id {
			return true
		}
	}
	return false
}
