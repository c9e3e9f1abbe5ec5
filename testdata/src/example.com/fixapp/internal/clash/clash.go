package clash

import "os"

// Read has a parameter named localfs: the import is added as localfs2.
func Read(localfs string) ([]byte, error) {
	return os.ReadFile(localfs) // want `os.ReadFile is banned here \(read-through-localfs\)`
}
