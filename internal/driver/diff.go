package driver

// A line diff for -diff output: Myers' O((N+M)D) algorithm on the lines
// left after trimming the common prefix and suffix, printed in the
// unified format of GNU diff -u with three lines of context. Fixes change
// few lines, so D is small; past maxEdits the middle is shown replaced
// whole, which is still a correct diff, only not a minimal one.

import (
	"fmt"
	"strings"
)

const (
	diffContext = 3
	maxEdits    = 2000 // Myers keeps O(D²) state
)

// A diffOp is one line of an edit script.
type diffOp struct {
	kind byte // ' ' kept, '-' deleted, '+' inserted
	line string
}

// unifiedDiff returns the unified diff that turns old into new, under the
// file labels from and to, or "" if they are equal.
func unifiedDiff(from, to string, old, new []byte) string {
	a, b := splitLines(string(old)), splitLines(string(new))
	ops := lineDiff(a, b)
	var out strings.Builder
	for _, h := range hunks(ops) {
		if out.Len() == 0 {
			fmt.Fprintf(&out, "--- %s\n+++ %s\n", from, to)
		}
		fmt.Fprintf(&out, "@@ -%s +%s @@\n", hunkRange(h.aStart, h.aLen), hunkRange(h.bStart, h.bLen))
		for _, op := range ops[h.from:h.to] {
			out.WriteByte(op.kind)
			out.WriteString(op.line)
			if !strings.HasSuffix(op.line, "\n") {
				out.WriteString("\n\\ No newline at end of file\n")
			}
		}
	}
	return out.String()
}

// splitLines splits s after each newline; the last line may lack one.
func splitLines(s string) []string {
	lines := strings.SplitAfter(s, "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	return lines
}

// hunkRange prints a hunk's start and length as GNU diff does: "l" for
// one line, "l,n" otherwise, and for an empty range the line before it.
func hunkRange(start, n int) string {
	switch n {
	case 0:
		return fmt.Sprintf("%d,0", start)
	case 1:
		return fmt.Sprint(start + 1)
	}
	return fmt.Sprintf("%d,%d", start+1, n)
}

// A hunk is ops[from:to], covering aLen lines of old from line index
// aStart and bLen lines of new from bStart.
type hunk struct {
	from, to     int
	aStart, aLen int
	bStart, bLen int
}

// hunks groups the changes of ops with their context, merging groups
// whose contexts touch.
func hunks(ops []diffOp) []hunk {
	var out []hunk
	for i := 0; i < len(ops); {
		if ops[i].kind == ' ' {
			i++
			continue // context, taken when a change is found
		}
		from := max(i-diffContext, 0)
		if n := len(out); n > 0 && from <= out[n-1].to {
			from = out[n-1].from // the contexts touch: extend the previous hunk
			out = out[:n-1]
		}
		last := i
		for j := i; j < len(ops) && j-last <= 2*diffContext; j++ {
			if ops[j].kind != ' ' {
				last = j
			}
		}
		to := min(last+1+diffContext, len(ops))
		out = append(out, hunk{from: from, to: to})
		i = last + 1
	}
	// Line numbers: count the old and new lines before each hunk.
	a, b, k := 0, 0, 0
	for h := range out {
		for ; k < out[h].from; k++ {
			a, b = advance(ops[k], a, b)
		}
		out[h].aStart, out[h].bStart = a, b
		for ; k < out[h].to; k++ {
			a, b = advance(ops[k], a, b)
		}
		out[h].aLen, out[h].bLen = a-out[h].aStart, b-out[h].bStart
	}
	return out
}

func advance(op diffOp, a, b int) (int, int) {
	switch op.kind {
	case ' ':
		return a + 1, b + 1
	case '-':
		return a + 1, b
	}
	return a, b + 1
}

// lineDiff returns an edit script turning a into b.
func lineDiff(a, b []string) []diffOp {
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	var ops []diffOp
	for _, l := range a[:pre] {
		ops = append(ops, diffOp{' ', l})
	}
	ops = append(ops, myers(a[pre:len(a)-suf], b[pre:len(b)-suf])...)
	for _, l := range a[len(a)-suf:] {
		ops = append(ops, diffOp{' ', l})
	}
	return ops
}

// myers returns a shortest edit script turning a into b, or if that takes
// more than maxEdits edits, all of a deleted and all of b inserted.
func myers(a, b []string) []diffOp {
	n, m := len(a), len(b)
	limit := min(n+m, maxEdits)
	off := limit + 1
	v := make([]int, 2*limit+3) // v[off+k]: furthest x on diagonal k
	var trace [][]int           // trace[d][k+d+1]: v[off+k] before step d, for |k| <= d+1
	for d := 0; d <= limit; d++ {
		trace = append(trace, append([]int(nil), v[off-d-1:off+d+2]...))
		for k := -d; k <= d; k += 2 {
			x := v[off+k-1] + 1 // from diagonal k-1: delete a[x]
			if k == -d || k != d && v[off+k-1] < v[off+k+1] {
				x = v[off+k+1] // from diagonal k+1: insert b[y]
			}
			y := x - k
			for x < n && y < m && a[x] == b[y] {
				x, y = x+1, y+1
			}
			v[off+k] = x
			if x >= n && y >= m {
				return backtrack(a, b, trace, d, k)
			}
		}
	}
	var ops []diffOp
	for _, l := range a {
		ops = append(ops, diffOp{'-', l})
	}
	for _, l := range b {
		ops = append(ops, diffOp{'+', l})
	}
	return ops
}

// backtrack walks the trace back from (n, m), reached at step d on
// diagonal k, and returns the edit script in order.
func backtrack(a, b []string, trace [][]int, d, k int) []diffOp {
	x, y := len(a), len(b)
	var rev []diffOp
	for ; d > 0; d-- {
		v := func(k int) int { return trace[d][k+d+1] }
		prevK := k - 1
		if k == -d || k != d && v(k-1) < v(k+1) {
			prevK = k + 1
		}
		prevX := v(prevK)
		prevY := prevX - prevK
		for x > prevX && y > prevY { // the snake after the edit
			x, y = x-1, y-1
			rev = append(rev, diffOp{' ', a[x]})
		}
		if x == prevX {
			y--
			rev = append(rev, diffOp{'+', b[y]})
		} else {
			x--
			rev = append(rev, diffOp{'-', a[x]})
		}
		k = prevK
	}
	for x > 0 { // the snake at d = 0
		x--
		rev = append(rev, diffOp{' ', a[x]})
	}
	ops := make([]diffOp, len(rev))
	for i, op := range rev {
		ops[len(rev)-1-i] = op
	}
	return ops
}
