package core

import "thirdparty.com/cloud" // ok: allow lists this file for core-without-cloud

var _ = cloud.Client

// Tidy is tidy.
var Tidy = 0
