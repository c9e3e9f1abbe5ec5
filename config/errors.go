package config

import (
	"fmt"
	"sort"
	"strings"
)

// An Error is one problem found in a rules file. Its text is
// "file:line:col: rule "id": message", the form editors and compilers use.
type Error struct {
	File string // the rules file as given to Load or Parse
	Line int    // 1-based; 0 if unknown
	Col  int    // 1-based; 0 if unknown
	Kind string // "rule", "scope", "component" or "contract"; "" outside any entry
	ID   string // the rule or scope id; "" if unknown
	Msg  string // lowercase, no trailing period
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d:%d", e.Line, e.Col)
	}
	b.WriteString(": ")
	if e.Kind != "" {
		if e.ID != "" {
			fmt.Fprintf(&b, "%s %q: ", e.Kind, e.ID)
		} else {
			fmt.Fprintf(&b, "%s: ", e.Kind)
		}
	}
	b.WriteString(e.Msg)
	return b.String()
}

// suggest returns the candidate closest to name, or "" if none is close
// enough to be a plausible misspelling.
func suggest(name string, candidates []string) string {
	best, bestDist := "", len(name)/3+1
	if bestDist > 3 {
		bestDist = 3
	}
	sorted := append([]string(nil), candidates...)
	sort.Strings(sorted) // deterministic tie-break
	for _, c := range sorted {
		if d := editDistance(strings.ToLower(name), strings.ToLower(c)); d <= bestDist && c != name {
			if best == "" || d < editDistance(strings.ToLower(name), strings.ToLower(best)) {
				best = c
			}
		}
	}
	return best
}

// Suggest returns the candidate closest to name, or "" if none is close
// enough to be a plausible misspelling. It is exported for the resolver in
// package load, which suggests symbol names.
func Suggest(name string, candidates []string) string { return suggest(name, candidates) }

// editDistance is the Levenshtein distance between a and b, counted in bytes.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

func didYouMean(s string) string {
	if s == "" {
		return ""
	}
	return fmt.Sprintf("; did you mean %q?", s)
}
