package bad

// ok: no calls, so nothing to report in the test variant beyond bad.go's
var inTest = 1
