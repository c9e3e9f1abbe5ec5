package fixturetest

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestHeavyExcludes checks that heavy sections do not overlap.
func TestHeavyExcludes(t *testing.T) {
	var in, most atomic.Int32
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			release := Heavy(t)
			defer release()
			n := in.Add(1)
			for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
			}
			time.Sleep(10 * time.Millisecond)
			in.Add(-1)
		})
	}
	wg.Wait()
	if most.Load() != 1 {
		t.Errorf("%d heavy sections at once, want 1", most.Load())
	}
}
