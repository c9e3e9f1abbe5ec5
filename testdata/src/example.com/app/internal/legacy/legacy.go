package legacy

import (
	"io/ioutil"                            // want `import of "io/ioutil" is banned here \(no-ioutil\): use io and os`
	slack "example.com/app/internal/clients/slack" // want `import of "example.com/app/internal/clients/slack" is banned here \(core-no-clients\)`
	_ "example.com/app/internal/clients"           // want `import of "example.com/app/internal/clients" is banned here`
	_ "example.com/app/internal/clientsx"          // ok: pkg/... matches on path element boundaries, and clientsx is not below clients
)

func legacy() {
	_, _ = ioutil.ReadAll(nil) // ok: the import is the finding
	slack.Post("hi")           // ok: the import is the finding
}
