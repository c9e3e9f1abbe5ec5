// Package actor declares a second scope type. Its rules do not list
// internal/actor in create.allow, so even its own constructor is a finding.
package actor

// Actor is the job that is running.
type Actor struct{ Name string }

// System returns the system actor.
func System() Actor {
	return Actor{Name: "system"} // want `^composite literal fabricates example.com/app/internal/actor.Actor outside create.allow \(actor-scope\): actors come from the job runner$`
}
