package suppress

import "os"

func f() {
	//archvet:ignore storage-gate legacy loader, tracked in #12
	_, _ = os.ReadFile("a") // ok: suppressed by the directive on the line above

	_, _ = os.ReadFile("b") //archvet:ignore storage-gate same-line directive with a reason

	//archvet:ignore storage-gate // golangci-lint's nolint style works too
	_, _ = os.ReadFile("c") // ok: suppressed

	//archvet:ignore no-ioutil wrong rule for this line // want `//archvet directive for no-ioutil suppresses nothing`
	_, _ = os.ReadFile("d") // want `os.ReadFile is banned here`

	_, _ = os.ReadFile("e") // want `os.ReadFile is banned here`

	//archvet:ignore storage-gate nothing below is banned // want `//archvet directive for storage-gate suppresses nothing`
	_ = os.Getenv("x")
}
