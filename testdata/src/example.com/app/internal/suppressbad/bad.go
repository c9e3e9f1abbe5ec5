package suppressbad

import "os"

func f() {
	//archvet:ignore storage-gate
	_, _ = os.ReadFile("a")

	//archvet:ignore storage-gat typo in the id
	_, _ = os.ReadFile("b")

	//archvet:frobnicate storage-gate reason
	_, _ = os.ReadFile("c")
}
