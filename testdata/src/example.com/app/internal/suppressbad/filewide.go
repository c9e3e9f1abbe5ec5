//archvet:file-ignore storage-gate generated-style fixture loader, reviewed

package suppressbad

import "os"

func g() {
	_, _ = os.ReadFile("x")
	_ = os.WriteFile("y", nil, 0o600)
}
