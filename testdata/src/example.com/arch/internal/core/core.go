// Package core is the middle layer: every import here breaks a contract.
package core

import (
	"example.com/arch/internal/adapter" // want `import of "example.com/arch/internal/adapter" makes core depend on cloud through example.com/arch/internal/adapter -> thirdparty.com/cloud/internal/wire \(core-without-cloud\): core gets its clients injected`
	"example.com/arch/internal/helper"  // want `import of "example.com/arch/internal/helper" makes core depend on web through example.com/arch/internal/helper -> example.com/arch/internal/web/render \(layered\): dependencies point down the layers`
	"example.com/arch/internal/jobs"    // want `import of "example.com/arch/internal/jobs" makes core depend on jobs \(layered\)`
	"example.com/arch/internal/util"    // want `import of "example.com/arch/internal/util" makes core depend on web through example.com/arch/internal/util -> example.com/arch/internal/web/render \(layered\)`
	"example.com/arch/internal/web"     // want `import of "example.com/arch/internal/web" makes core depend on web \(layered\)`
	"strings"                           // ok: the standard library is in no layer
	"thirdparty.com/cloud"              // want `import of "thirdparty.com/cloud" makes core depend on cloud \(core-without-cloud\)`
	"thirdparty.com/vend"               // want `import of "example.com/arch/vendor/thirdparty.com/vend" makes core depend on vend \(core-without-cloud\)`
)

var (
	_ = adapter.Wire
	_ = helper.Help
	_ = jobs.Run
	_ = util.Util
	_ = web.Serve
	_ = strings.ToUpper
	_ = cloud.Client
	_ = vend.Vendored
)
