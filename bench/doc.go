// Package bench holds the Go benchmarks that need a generated module
// (tables_test.go); the scripts beside it are described in README.md.
package bench
