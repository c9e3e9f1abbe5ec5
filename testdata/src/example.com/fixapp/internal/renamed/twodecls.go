package renamed

import lfs "example.com/fixapp/internal/localfs"
import "os"

// TwoDecls has one import declaration per import: the fix uses lfs and
// deletes the declaration of os.
func TwoDecls() ([]byte, error) {
	_ = lfs.ReadFile
	return os.ReadFile("x") // want `os.ReadFile is banned here \(read-through-localfs\)`
}
