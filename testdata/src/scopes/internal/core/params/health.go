package params

func Health() string { return "ok" } // ok: health.go is in params.allow
