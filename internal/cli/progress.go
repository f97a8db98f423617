package cli

import (
	"fmt"
	"io"
	"sync"
	"time"
)

// progressDelay is how long a build runs before progress is shown: a quick
// build prints only its summary, as Hugo's does.
const progressDelay = time.Second

// progress shows the running step of a build on an interactive terminal,
// redrawn in place on one line. It is nil (and shows nothing) on anything
// else, so that logs and pipes never receive control characters.
type progress struct {
	w     io.Writer
	verb  string // what is running: "Building", "Checking"
	start time.Time
	stop  chan struct{}
	done  chan struct{}

	mu    sync.Mutex
	step  string
	n     int  // steps started so far
	shown bool // a progress line is on the screen
}

// startProgress starts showing progress on w after delay, if w is a terminal.
func startProgress(w io.Writer, verb string, delay time.Duration) *progress {
	if !isTerminal(w) {
		return nil
	}
	p := &progress{w: w, verb: verb, start: time.Now(), stop: make(chan struct{}), done: make(chan struct{})}
	go p.loop(delay)
	return p
}

func (p *progress) loop(delay time.Duration) {
	defer close(p.done)
	wait := time.NewTimer(delay)
	defer wait.Stop()
	select {
	case <-p.stop:
		return
	case <-wait.C:
	}
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	for {
		p.draw()
		select {
		case <-p.stop:
			return
		case <-tick.C:
		}
	}
}

// Step is told each step of the build as it starts (build.Options.Progress).
func (p *progress) Step(name string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.step = name
	p.n++
}

// draw writes the progress line over the previous one.
func (p *progress) draw() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.step == "" {
		return
	}
	elapsed := time.Since(p.start)
	spin := `|/-\`[int(elapsed/(100*time.Millisecond))%4]
	fmt.Fprintf(p.w, "\r\033[K%c %s: step %d, %s (%.1f s)", spin, p.verb, p.n, p.step, elapsed.Seconds())
	p.shown = true
}

// Write writes log lines above the progress line, which is redrawn on the
// next tick.
func (p *progress) Write(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.clear()
	return p.w.Write(b)
}

func (p *progress) clear() {
	if p.shown {
		fmt.Fprint(p.w, "\r\033[K")
		p.shown = false
	}
}

// Stop removes the progress line; the summary takes its place.
func (p *progress) Stop() {
	if p == nil {
		return
	}
	close(p.stop)
	<-p.done
	p.mu.Lock()
	p.clear()
	p.mu.Unlock()
}

// callback returns the function for build.Options.Progress (nil for no progress).
func (p *progress) callback() func(string) {
	if p == nil {
		return nil
	}
	return p.Step
}

// logWriter returns where log lines go while the build runs.
func (p *progress) logWriter(fallback io.Writer) io.Writer {
	if p == nil {
		return fallback
	}
	return p
}
