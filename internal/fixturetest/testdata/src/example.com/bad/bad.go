// Package bad has an unexpected diagnostic, a diagnostic that does not
// match its expectation, and an expectation that nothing meets.
package bad

func f() {}

func use() {
	f()
	_ = 1 // want "call of f"
	f()   // want "call of g"
}
