package driver

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
)

func TestUnifiedDiff(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, old, new, want string
	}{
		{"equal", "a\nb\n", "a\nb\n", ""},
		{"empty to empty", "", "", ""},
		{"one line changed", "a\nb\nc\n", "a\nB\nc\n", `--- a/f.go
+++ b/f.go
@@ -1,3 +1,3 @@
 a
-b
+B
 c
`},
		{"insert at start into empty", "", "x\n", `--- a/f.go
+++ b/f.go
@@ -0,0 +1 @@
+x
`},
		{"delete all", "x\ny\n", "", `--- a/f.go
+++ b/f.go
@@ -1,2 +0,0 @@
-x
-y
`},
		{"no newline at end", "a\nb", "a\nb\n", `--- a/f.go
+++ b/f.go
@@ -1,2 +1,2 @@
 a
-b
\ No newline at end of file
+b
`},
		{"two hunks", lines(1, 20), strings.Replace(strings.Replace(lines(1, 20), "2\n", "two\n", 1), "18\n", "eighteen\n", 1), `--- a/f.go
+++ b/f.go
@@ -1,5 +1,5 @@
 1
-2
+two
 3
 4
 5
@@ -15,6 +15,6 @@
 15
 16
 17
-18
+eighteen
 19
 20
`},
		{"hunks whose context touches merge", lines(1, 12), strings.Replace(strings.Replace(lines(1, 12), "2\n", "two\n", 1), "\n9\n", "\nnine\n", 1), `--- a/f.go
+++ b/f.go
@@ -1,12 +1,12 @@
 1
-2
+two
 3
 4
 5
 6
 7
 8
-9
+nine
 10
 11
 12
`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := unifiedDiff("a/f.go", "b/f.go", []byte(tc.old), []byte(tc.new)); got != tc.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tc.want)
			}
		})
	}
}

// lines returns the numbers from..to, one a line.
func lines(from, to int) string {
	var b strings.Builder
	for i := from; i <= to; i++ {
		fmt.Fprintf(&b, "%d\n", i)
	}
	return b.String()
}

// TestUnifiedDiffRandom checks on random texts that the diff applies
// back and that its edit script is minimal.
func TestUnifiedDiffRandom(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(1, 2))
	text := func() string {
		var b strings.Builder
		for range r.IntN(25) {
			b.WriteString(string(rune('a' + r.IntN(4))))
			b.WriteByte('\n')
		}
		s := b.String()
		if s != "" && r.IntN(4) == 0 {
			s = s[:len(s)-1] // no newline at end
		}
		return s
	}
	for i := range 2000 {
		old, new := text(), text()
		d := unifiedDiff("a/f", "b/f", []byte(old), []byte(new))
		got, err := patch(old, d)
		if err != nil || got != new {
			t.Fatalf("case %d: patch(old, diff) = %q, %v; want %q\nold %q\ndiff:\n%s", i, got, err, new, old, d)
		}
		a, b := splitLines(old), splitLines(new)
		edits := 0
		for _, op := range lineDiff(a, b) {
			if op.kind != ' ' {
				edits++
			}
		}
		if want := len(a) + len(b) - 2*lcs(a, b); edits != want {
			t.Fatalf("case %d: %d edits, want %d\nold %q\nnew %q", i, edits, want, old, new)
		}
	}
}

func lcs(a, b []string) int {
	dp := make([][]int, len(a)+1)
	for i := range dp {
		dp[i] = make([]int, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				dp[i][j] = dp[i+1][j+1] + 1
			} else {
				dp[i][j] = max(dp[i+1][j], dp[i][j+1])
			}
		}
	}
	return dp[0][0]
}

// patch applies a unified diff of one file to old, checking every
// context and deleted line and every hunk's counts.
func patch(old, diff string) (string, error) {
	if diff == "" {
		return old, nil
	}
	src := splitLines(old)
	dl := splitLines(diff)
	if len(dl) < 2 || !strings.HasPrefix(dl[0], "--- ") || !strings.HasPrefix(dl[1], "+++ ") {
		return "", fmt.Errorf("no header")
	}
	var out []string
	next := 0 // index in src of the next line to copy
	for i := 2; i < len(dl); {
		var aStart, aLen, bLen int
		if _, err := fmt.Sscanf(dl[i], "@@ -%s +%s @@\n", new(string), new(string)); err != nil {
			return "", fmt.Errorf("line %d: not a hunk header: %q", i, dl[i])
		}
		f := strings.Fields(dl[i])
		aStart, aLen = parseRange(f[1][1:])
		_, bLen = parseRange(f[2][1:])
		if aLen > 0 {
			aStart-- // to an index
		}
		if aStart < next {
			return "", fmt.Errorf("hunks overlap")
		}
		out = append(out, src[next:aStart]...)
		next = aStart
		i++
		gotA, gotB := 0, 0
		for i < len(dl) && !strings.HasPrefix(dl[i], "@@") {
			line := dl[i]
			i++
			noNL := i < len(dl) && dl[i] == "\\ No newline at end of file\n"
			if noNL {
				i++
				line = strings.TrimSuffix(line, "\n")
			}
			kind, text := line[0], line[1:]
			if kind != '+' {
				if next >= len(src) || src[next] != text {
					return "", fmt.Errorf("line %d: %q does not match %q", i, text, src[min(next, len(src)-1)])
				}
				next++
				gotA++
			}
			if kind != '-' {
				out = append(out, text)
				gotB++
			}
		}
		if gotA != aLen || gotB != bLen {
			return "", fmt.Errorf("hunk counts %d,%d, header says %d,%d", gotA, gotB, aLen, bLen)
		}
	}
	out = append(out, src[next:]...)
	return strings.Join(out, ""), nil
}

func parseRange(s string) (start, n int) {
	a, b, ok := strings.Cut(s, ",")
	start, _ = strconv.Atoi(a)
	n = 1
	if ok {
		n, _ = strconv.Atoi(b)
	}
	return start, n
}
