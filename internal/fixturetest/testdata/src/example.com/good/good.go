// Package good has a diagnostic for every expectation.
package good

func f()     {}
func g()     {}
func h() int { return 0 }
func j() int { return 0 }

func use() {
	f()                 // want "call of f"
	_ = []int{h(), j()} /* want `call of h` "call of j" */
	// want +1 "call of g"
	g()
	/* a comment on a comment // want "call of f" */ f()
	_ = len("s") // ok: not a call of a function of this package
}
