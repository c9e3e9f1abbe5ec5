package web

// Serve serves.
func Serve() {}
