// Package jobs is governed by request-context, whose scope type is
// context.Context itself.
package jobs

import "context"

func Run(ctx context.Context, id string) {} // ok: takes the context first

func Retry(id string, ctx context.Context) {} // want `^exported function Retry must take context.Context as its first parameter, not string \(request-context\): pass the request's context along$`

func Schedule(ctx context.Context) {
	work(nil)             // want `^nil fabricates context.Context outside create.allow \(request-context\)`
	work(context.TODO())  // want `call to context.TODO fabricates context.Context outside create.allow \(request-context\)`
	var c context.Context // ok: reported where its zero value is used
	work(c)               // want `^zero value of c fabricates context.Context outside create.allow \(request-context\)`

	if ctx != nil { // ok: a comparison
		work(ctx) // ok: the caller's context
	}
}

func work(ctx context.Context) {}
