package serve

import (
	"context"
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
		plain(w, http.StatusBadRequest, "query too long")
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), lim.Timeout)
	defer cancel()
	select {
	case s.sem <- struct{}{}:
	case <-ctx.Done():
		w.Header().Set("Retry-After", "1")
		plain(w, http.StatusServiceUnavailable, "the server is busy; try again")
		return
	}
	g.refs.Add(1)
	inner := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() { <-s.sem }()
		defer g.done()
		g.site.Search.ServeHTTP(w, r)
	})
	left := time.Until(deadline(ctx))
	http.TimeoutHandler(inner, left, "the search took too long\n").ServeHTTP(w, r.WithContext(ctx))
}

func deadline(ctx context.Context) time.Time {
	d, _ := ctx.Deadline()
	return d
}
