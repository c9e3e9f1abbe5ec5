package main

import (
	"fmt"
	"io"

	"github.com/archvet/archvet/internal/cache"
)

const cacheUsage = `usage: archvet cache clean   remove archvet's cached results
       archvet cache dir     print the cache directory ("off" if ARCHVET_CACHE=off)
`

// runCache is `archvet cache`. It returns the exit code.
func runCache(args []string, stdout, stderr io.Writer) int {
	if len(args) != 1 || (args[0] != "clean" && args[0] != "dir") {
		fmt.Fprint(stderr, cacheUsage)
		return exitError
	}
	c, err := cache.Open()
	if err != nil {
		fmt.Fprintf(stderr, "archvet: %v\n", err)
		return exitError
	}
	if args[0] == "dir" {
		dir := c.Dir()
		if dir == "" {
			dir = "off"
		}
		fmt.Fprintln(stdout, dir)
		return exitClean
	}
	if err := c.Clean(); err != nil {
		fmt.Fprintf(stderr, "archvet: %v\n", err)
		return exitError
	}
	return exitClean
}
