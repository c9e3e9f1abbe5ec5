package migrate

import (
	"io/ioutil"
	"strings"
)

// Legacy reads through io/ioutil, whose ReadFile has os.ReadFile's signature.
func Legacy(name string) ([]byte, error) {
	return ioutil.ReadFile(strings.TrimSpace(name)) // want `io/ioutil.ReadFile is banned here \(read-through-localfs\)`
}
