package cgo

func Plain(id string) {} // want `exported function Plain must take example.com/app/internal/scope.Scope`
