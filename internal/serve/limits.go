package serve

import (
	"context"
	"fmt"
	"net/http"
	"runtime"
	"time"
)

// Limits bound what one search may cost the server.
type Limits struct {
	// MaxQuery is the longest raw query string accepted, in bytes.
	MaxQuery int
	// MaxConcurrent is how many searches run at once; more wait their turn
	// within their Timeout.
	MaxConcurrent int
	// Timeout is each search's deadline, waiting included; a search past it
	// is answered 503 and its context is cancelled.
	Timeout time.Duration
}

// DefaultLimits are generous for people typing and tight for a script.
var DefaultLimits = Limits{MaxQuery: 1024, Timeout: 5 * time.Second}

func (l Limits) withDefaults() Limits {
	if l.MaxQuery <= 0 {
		l.MaxQuery = DefaultLimits.MaxQuery
	}
	if l.Timeout <= 0 {
		l.Timeout = DefaultLimits.Timeout
	}
	if l.MaxConcurrent <= 0 {
		l.MaxConcurrent = 2 * runtime.GOMAXPROCS(0)
	}
	return l
}

// search runs the generation's search handler within the limits. The slot
// and the generation are held until the handler returns, even past the
// deadline, so a handler that ignores its context still counts against
// MaxConcurrent and never sees its index closed under it.
func (s *Server) search(w http.ResponseWriter, r *http.Request, g *generation) {
	lim := s.opts.Limits
	if len(r.URL.RawQuery) > lim.MaxQuery {
		s.fail(w, r, g, http.StatusBadRequest, fmt.Sprintf("The query is too long: at most %d characters, please.", lim.MaxQuery))
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), lim.Timeout)
	defer cancel()
	select {
	case s.sem <- struct{}{}:
	case <-ctx.Done():
		w.Header().Set("Retry-After", "1")
		s.fail(w, r, g, http.StatusServiceUnavailable, "The server is busy; try again in a moment.")
		return
	}
	g.refs.Add(1)
	inner := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() { <-s.sem }()
		defer g.done()
		g.site.Search.ServeHTTP(w, r)
	})
	left := time.Until(deadline(ctx))
	msg := s.errorBody(w, r, g, "The search took too long; try fewer or rarer words.")
	http.TimeoutHandler(inner, left, msg).ServeHTTP(w, r.WithContext(ctx))
}

func deadline(ctx context.Context) time.Time {
	d, _ := ctx.Deadline()
	return d
}
