package main

// Progress on long runs: on a terminal, a run that has not finished after
// a couple of seconds (a cold build cache on a large module spends
// minutes compiling dependencies) shows what it is doing on one line of
// stderr, rewritten in place, and clears it when done. Nothing of it
// reaches a file or a pipe.

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"
)

// isTerminal reports whether f is a terminal (a character device).
func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0 && os.Getenv("TERM") != "dumb"
}

// useColor reports whether output to f may be coloured: a terminal, and
// NO_COLOR (https://no-color.org) not set.
func useColor(f *os.File) bool {
	return isTerminal(f) && os.Getenv("NO_COLOR") == ""
}

// A progress line shows the phase of a run and its elapsed time.
type progress struct {
	w     io.Writer
	start time.Time
	delay time.Duration // nothing is shown before
	mu    sync.Mutex
	phase string
	done  int
	total int
	shown bool
	stop  chan struct{}
	wg    sync.WaitGroup
}

// newProgress starts a progress line on w, shown after delay.
func newProgress(w io.Writer, delay time.Duration) *progress {
	p := &progress{w: w, start: time.Now(), delay: delay, stop: make(chan struct{})}
	p.wg.Add(1)
	go p.loop()
	return p
}

// update is driver.Options.Progress.
func (p *progress) update(phase string, done, total int) {
	p.mu.Lock()
	p.phase, p.done, p.total = phase, done, total
	p.mu.Unlock()
}

func (p *progress) loop() {
	defer p.wg.Done()
	t := time.NewTicker(250 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-p.stop:
			return
		case now := <-t.C:
			if now.Sub(p.start) >= p.delay {
				p.draw(now)
			}
		}
	}
}

func (p *progress) draw(now time.Time) {
	p.mu.Lock()
	defer p.mu.Unlock()
	line := fmt.Sprintf("archvet: %s packages", p.phase)
	if p.total > 0 {
		line += fmt.Sprintf(" (%d/%d)", p.done, p.total)
	}
	line += fmt.Sprintf(", %ds", int(now.Sub(p.start).Seconds()))
	fmt.Fprintf(p.w, "\r\x1b[K%s", line)
	p.shown = true
}

// close stops the progress line and clears it.
func (p *progress) close() {
	close(p.stop)
	p.wg.Wait()
	if p.shown {
		fmt.Fprint(p.w, "\r\x1b[K")
	}
}
