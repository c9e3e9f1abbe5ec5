// Command shop serves the shop and runs its jobs.
package main

import (
	"example.com/shop/internal/jobs"
	"example.com/shop/internal/web"
)

func main() {
	web.Serve()
	jobs.Run()
}
