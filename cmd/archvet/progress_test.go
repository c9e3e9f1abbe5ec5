package main

import (
	"bytes"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a bytes.Buffer safe for the progress goroutine.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestProgress checks that the progress line shows the phase and counts
// once the delay has passed, that nothing shows before, and that it is
// cleared at the end.
func TestProgress(t *testing.T) {
	var quick syncBuffer
	p := newProgress(&quick, time.Hour)
	p.update("loading", 0, 0)
	p.close()
	if quick.String() != "" {
		t.Errorf("a run shorter than the delay showed %q", quick.String())
	}

	var slow syncBuffer
	p = newProgress(&slow, 0)
	p.update("analysing", 3, 10)
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(slow.String(), "archvet: analysing packages (3/10)") && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	p.close()
	out := slow.String()
	if !strings.Contains(out, "archvet: analysing packages (3/10), ") || !strings.HasSuffix(out, "\r\x1b[K") {
		t.Errorf("progress output %q", out)
	}
}
