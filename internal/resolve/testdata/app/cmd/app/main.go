// Command app is the fixture's main package.
package main

import (
	"fmt"

	"example.com/app/internal/db"
	"example.com/app/scope"
)

func main() { fmt.Println(db.Get(scope.New(), "x")) }
