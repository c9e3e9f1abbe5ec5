package web

import (
	"net/http"
)

func serve() {
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {}) // ok: server side of net/http is not banned
	_ = http.ListenAndServe(":0", nil)                                     // ok: server side
	_, _ = http.Get("http://x")                                            // want `net/http.Get is banned here \(http-client\)`
	var c http.Client
	_, _ = c.Do(nil) // want `\(\*net/http.Client\).Do is banned here \(http-client\)`
}
