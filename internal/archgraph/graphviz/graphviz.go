// Package graphviz lays out DOT with Graphviz built to WebAssembly
// (github.com/goccy/go-graphviz, run by the pure-Go wazero runtime): no
// system Graphviz, no cgo.
//
// Importing this package has a price at every start of the program that
// links it, used or not: the library compiles its 1.5 MB WebAssembly
// module in an init function (about 1 s of CPU the first time, about
// 25 ms once wazero's cache in $TMPDIR/go-graphviz holds it, and the full
// second on every start where that directory is not writable), and it adds
// about 8 MB to the binary. So archvet does not link it: the
// archvet-graphviz command does, and archvet runs it for -format svg and
// html (see docs/graph.md).
package graphviz

import (
	"bytes"
	"context"
	"fmt"

	gv "github.com/goccy/go-graphviz"
)

// SVG lays out the DOT graph with Graphviz's dot layout and returns it as
// SVG. The same input gives the same bytes.
func SVG(ctx context.Context, dot []byte) ([]byte, error) {
	g, err := gv.New(ctx)
	if err != nil {
		return nil, fmt.Errorf("starting graphviz: %w", err)
	}
	// Close's error is not a failure to free: gvFreeContext returns the
	// number of errors and warnings Graphviz printed, which Render
	// already turned into its error.
	defer func() { _ = g.Close() }()
	graph, err := gv.ParseBytes(dot)
	if err != nil {
		return nil, fmt.Errorf("parsing DOT: %w", err)
	}
	defer func() { _ = graph.Close() }() // as g.Close
	var b bytes.Buffer
	if err := g.Render(ctx, graph, gv.SVG, &b); err != nil {
		return nil, fmt.Errorf("laying out the graph: %w", err)
	}
	return b.Bytes(), nil
}
