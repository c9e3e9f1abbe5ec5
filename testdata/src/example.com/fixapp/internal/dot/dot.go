package dot

import . "os"

// Home keeps the dot import for Getenv.
func Home() ([]byte, error) {
	return ReadFile(Getenv("HOME")) // want `os.ReadFile is banned here \(read-through-localfs\)`
}
