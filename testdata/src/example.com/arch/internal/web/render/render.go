// Package render is part of web.
package render

import "strings" // ok: the standard library is in no layer

// Page is rendered.
var Page = strings.ToUpper("page")
