package live

import (
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"

	"handbook/internal/config"
	"handbook/internal/output"
	"handbook/internal/search/web"
	"handbook/internal/serve"
)

// publishPrebuilt publishes the output folder dir, built earlier by
// `handbook build`, when it is a build of the one edition served (see
// Options.Prebuilt), and reports whether it did. The folder is only read:
// its release closes its search index and leaves the folder alone. Its
// pages are answered at once, its searches once the index is open.
func (e editions) publishPrebuilt(dir string) bool {
	if dir == "" || len(e) != 1 || !e[0].servesPrebuilt(dir) {
		return false
	}
	p := e[0]
	sh := openSearch(dir, p.opts.Logger)
	release := func() { _ = sh.Close() }
	if err := p.srv.Publish(serve.Site{Dir: dir, Audience: p.audience, Search: sh, Release: release}); err != nil {
		release()
		return false
	}
	p.prebuilt = true
	fmt.Fprintf(p.run.Stdout, "Answering from the last build in %s while building afresh\n", dir)
	return true
}

// servesPrebuilt reports whether the output folder dir was written by
// handbook build for what p publishes: every document (no audience, no
// single sign-on) at handbook.yaml's base URL, which is "/". A build made
// with other flags (--audience, --base-url) is not told apart: it is
// answered from only until the first build replaces it.
func (p *publisher) servesPrebuilt(dir string) bool {
	if p.run.Serve.Readers != nil || p.opts.Audience != "" {
		return false
	}
	if _, err := os.Stat(filepath.Join(dir, output.Marker)); err != nil {
		return false
	}
	cfg, err := config.Load(p.opts.Site)
	return err == nil && cfg.BaseURL == "/"
}

// withdraw stops answering from the prebuilt output after the first
// build failed: its content is not known to be current. The server
// answers 503 until a build succeeds.
func (p *publisher) withdraw() {
	if p.prebuilt {
		p.prebuilt = false
		_ = p.srv.Publish(serve.Site{Audience: p.audience})
	}
}

// pendingSearch answers searches from an index opened in the background
// (web.OpenHandler takes 0.4 s for 10,000 documents): a search waits
// for it, within the server's search deadline.
type pendingSearch struct {
	ready  chan struct{} // closed once the index is open, or failed to
	h      http.Handler
	closer io.Closer
	err    error
}

// openSearch starts opening the search index of the output folder dir.
func openSearch(dir string, log *slog.Logger) *pendingSearch {
	s := &pendingSearch{ready: make(chan struct{})}
	go func() {
		defer close(s.ready)
		if s.h, s.closer, s.err = web.OpenHandler(dir); s.err != nil {
			log.Warn("the last build's search index", "folder", dir, "error", s.err)
		}
	}()
	return s
}

func (s *pendingSearch) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	select {
	case <-s.ready:
	case <-r.Context().Done():
		return
	}
	if s.err != nil {
		http.Error(w, "The search index cannot be opened; the search answers again after the build.", http.StatusServiceUnavailable)
		return
	}
	s.h.ServeHTTP(w, r)
}

// Close closes the index once it is open.
func (s *pendingSearch) Close() error {
	<-s.ready
	if s.closer == nil {
		return nil
	}
	return s.closer.Close()
}
