// Command archvet-graphviz lays out a DOT graph read from standard input
// and writes it as SVG, with Graphviz built to WebAssembly: it is the
// layout engine of `archvet graph -format svg|html`, which runs it. It is
// a command of its own so that archvet does not pay Graphviz's start-up
// cost on every run (see internal/archgraph/graphviz).
//
//	archvet-graphviz < graph.dot > graph.svg
//
// Exit codes: 0 done, 2 the input could not be read or laid out.
package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/archvet/archvet/internal/archgraph/graphviz"
)

func main() {
	if len(os.Args) > 1 {
		fmt.Fprintln(os.Stderr, "usage: archvet-graphviz < graph.dot > graph.svg")
		os.Exit(2)
	}
	dot, err := io.ReadAll(os.Stdin)
	if err == nil {
		var svg []byte
		if svg, err = graphviz.SVG(context.Background(), dot); err == nil {
			_, err = os.Stdout.Write(svg)
		}
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "archvet-graphviz: %v\n", err)
		os.Exit(2)
	}
}
