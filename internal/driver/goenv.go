package driver

import (
	"encoding/json"
	"fmt"
	"go/types"
	"os/exec"
	"strings"
)

// A goEnv is the go command's environment as a run needs it: the result
// cache's key (cached.go) and the type checker's sizes. One go env runs
// per run, while the packages load; get waits for it.
type goEnv struct {
	done chan struct{}
	vars map[string]string
	err  error
}

// startGoEnv starts go env in opts.Dir with opts.Env.
func startGoEnv(opts Options) *goEnv {
	e := &goEnv{done: make(chan struct{})}
	go func() {
		defer close(e.done)
		cmd := exec.Command("go", "env", "-json", "GOVERSION", "GOOS", "GOARCH", "GOFLAGS", "CGO_ENABLED", "GOEXPERIMENT", "GOROOT")
		cmd.Dir, cmd.Env = opts.Dir, opts.Env
		out, err := cmd.Output()
		if err != nil {
			e.err = fmt.Errorf("running go env: %w", err)
			return
		}
		if err := json.Unmarshal(out, &e.vars); err != nil {
			e.err = fmt.Errorf("reading go env: %w", err)
		}
	}()
	return e
}

// get returns the variables, once go env has run.
func (e *goEnv) get() (map[string]string, error) {
	<-e.done
	return e.vars, e.err
}

// sizes returns the type checker's sizes for the build go env describes,
// as go/packages computes them for NeedTypesSizes (types.SizesFor with
// the build's compiler and GOARCH), without the go list it runs for them.
func (e *goEnv) sizes() (types.Sizes, error) {
	vars, err := e.get()
	if err != nil {
		return nil, err
	}
	compiler := "gc"
	for _, f := range strings.Fields(vars["GOFLAGS"]) {
		if c, ok := strings.CutPrefix(f, "-compiler="); ok {
			compiler = c
		}
	}
	s := types.SizesFor(compiler, vars["GOARCH"])
	if s == nil {
		return nil, fmt.Errorf("no type sizes for compiler %q and GOARCH %q", compiler, vars["GOARCH"])
	}
	return s, nil
}
