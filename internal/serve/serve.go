// Package serve serves a built handbook over HTTP, hardened for a machine
// on a shared network: files under the output folder only, GET and HEAD
// only, traversal rejected in every encoding, timeouts on every phase of a
// request, security headers on every answer, and a bounded cost per search.
// In watch mode it also streams build events to open pages (live reload
// and a build-error overlay). A rebuilt site is published by an atomic
// swap; the previous one is released when its last request ends.
package serve

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync/atomic"
	"time"
)

// Timeouts of the HTTP server. Writes get longer than reads: a search may
// take up to the query timeout, and a large page goes to a slow client.
const (
	readHeaderTimeout = 5 * time.Second
	readTimeout       = 10 * time.Second
	writeTimeout      = 30 * time.Second
	idleTimeout       = 60 * time.Second
	maxHeaderBytes    = 64 << 10
	shutdownTimeout   = 5 * time.Second
)

// ContentSecurityPolicy allows scripts, styles and everything else from
// the site itself only: no inline script, no plug-ins, no framing.
// Images may also be data: URLs (small icons in the stylesheet).
const ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; " +
	"img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; " +
	"base-uri 'self'; form-action 'self'; frame-ancestors 'none'"

// Options configure a Server.
type Options struct {
	// Watch mounts the live-reload endpoints, adds their script to HTML
	// pages, and turns off caching.
	Watch  bool
	Limits Limits
	Logger *slog.Logger
	// Readers turns on single sign-on, per-reader editions and
	// acknowledgements; nil serves one anonymous edition.
	Readers *Readers
}

// Server serves the published Site. Its methods are safe for concurrent use.
type Server struct {
	opts   Options
	eds    map[string]*current // the published edition of each audience ("" without Readers)
	order  []string            // the editions' audiences, the one that reads least first
	events *events
	sem    chan struct{} // bounds concurrent searches
	builds atomic.Int64  // builds published so far
}

// New returns a server that answers 503 until a Site is published.
func New(opts Options) *Server {
	opts.Limits = opts.Limits.withDefaults()
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	s := &Server{opts: opts, events: newEvents(), sem: make(chan struct{}, opts.Limits.MaxConcurrent),
		eds: map[string]*current{}}
	s.order = opts.Editions()
	for _, aud := range s.order {
		c := &current{}
		g, _ := newGeneration(Site{})
		c.swap(g)
		s.eds[aud] = c
	}
	return s
}

// Publish serves site from now on and tells open pages to reload. The
// site it replaces is released once no request uses it. On error (the
// folder cannot be opened) the current site stays published.
func (s *Server) Publish(site Site) error {
	c, ok := s.eds[site.Audience]
	if !ok {
		return fmt.Errorf("no edition for audience %q (serving %v)", site.Audience, s.opts.Editions())
	}
	g, err := newGeneration(site)
	if err != nil {
		return err
	}
	if s.opts.Readers != nil {
		if g.docs, err = readDocs(g.root); err != nil {
			g.free()
			return err
		}
	}
	g.build = s.builds.Add(1)
	c.swap(g)
	s.events.reload(g.build)
	return nil
}

// Fail tells open pages that a rebuild failed, with its messages; the
// current site stays published.
func (s *Server) Fail(message string) {
	s.events.fail(message)
}

// Close releases the published site. Call it after Serve returns.
func (s *Server) Close() {
	for _, c := range s.eds {
		g, _ := newGeneration(Site{})
		c.swap(g)
	}
}

// Serve answers on ln until ctx is cancelled, then shuts down gracefully:
// it stops accepting, ends the event streams, and lets requests in flight
// finish (for up to five seconds).
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{
		Handler:           s.Handler(),
		ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout:       readTimeout,
		WriteTimeout:      writeTimeout,
		IdleTimeout:       idleTimeout,
		MaxHeaderBytes:    maxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(s.opts.Logger.Handler(), slog.LevelDebug),
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	s.events.close()
	sctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return err
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// Handler returns the site's HTTP handler.
func (s *Server) Handler() http.Handler {
	return http.HandlerFunc(s.serveHTTP)
}

func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	s.headers(w.Header())
	r = s.identify(r)
	s.withEdition(r, func(g *generation) { s.answer(w, r, g) })
}

// answer answers r from the published generation g of its edition.
func (s *Server) answer(w http.ResponseWriter, r *http.Request, g *generation) {
	if v := visitOf(r); v != nil && v.denied {
		s.fail(w, r, g, http.StatusForbidden, "Your account is in no group that may read this handbook.")
		return
	}
	if r.URL.Path == AckPath && s.opts.Readers != nil {
		s.acknowledge(w, r, g)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		s.fail(w, r, g, http.StatusMethodNotAllowed, "Only GET and HEAD are allowed.")
		return
	}
	rel, ok := cleanPath(r.URL.Path)
	if !ok {
		s.fail(w, r, g, http.StatusBadRequest, "This address is not valid.")
		return
	}
	if s.opts.Watch {
		switch r.URL.Path {
		case EventsPath:
			s.events.ServeHTTP(w, r)
			return
		case ScriptPath:
			w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
			_, _ = w.Write(liveReloadJS)
			return
		}
	}
	switch {
	case g.root == nil:
		s.notBuilt(w)
	case g.site.Search != nil && isSearch(r):
		s.search(w, r, g)
	case s.opts.Readers != nil && s.readerPath(w, r, g, rel):
	default:
		s.file(w, r, g, rel)
	}
}

// withEdition runs f with the published generation of the request's
// edition, held until f returns.
func (s *Server) withEdition(r *http.Request, f func(*generation)) {
	aud := ""
	if v := visitOf(r); v != nil {
		aud = v.audience
	}
	g := s.eds[aud].acquire()
	defer g.done()
	f(g)
}

// isSearch reports whether r is a query for the search handler: the JSON
// API, or the results page with a query (without one it is a plain page).
func isSearch(r *http.Request) bool {
	switch r.URL.Path {
	case "/api/search":
		return true
	case "/search", "/search/":
		return r.URL.Query().Has("q")
	}
	return false
}

// headers sets the security headers every answer carries.
func (s *Server) headers(h http.Header) {
	h.Set("Content-Security-Policy", ContentSecurityPolicy)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	h.Set("Cross-Origin-Resource-Policy", "same-origin")
	switch {
	case s.opts.Watch:
		h.Set("Cache-Control", "no-store")
	case s.opts.Readers != nil:
		// Readers of different audiences get different answers at one
		// address: no shared cache may keep one for another.
		h.Set("Cache-Control", "private, no-cache")
	default:
		// Revalidate every time: a rebuild may change any file, and the
		// ETag makes an unchanged one a 304 without a body.
		h.Set("Cache-Control", "no-cache")
	}
}

// plain answers an error with a short text body.
func plain(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write([]byte(msg + "\n"))
}
