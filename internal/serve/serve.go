// Package serve serves a built handbook over HTTP.
package serve

import (
	"context"
	"errors"
	"net"
	"net/http"
	"time"
)

// Server serves one output folder.
type Server struct {
	Dir string
	// Search answers /api/search and /search/?q= (see package search).
	Search http.Handler
}

// Handler returns the HTTP handler for the site.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	files := http.FileServer(http.Dir(s.Dir))
	mux.Handle("/", files)
	if s.Search != nil {
		mux.Handle("/api/search", s.Search)
		mux.HandleFunc("/search/", func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Query().Has("q") {
				s.Search.ServeHTTP(w, r)
				return
			}
			files.ServeHTTP(w, r)
		})
	}
	return mux
}

// Serve answers on ln until ctx is cancelled, then shuts down gracefully.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{
		Handler:           s.Handler(),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       60 * time.Second,
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := srv.Shutdown(sctx); err != nil {
			return err
		}
		if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
			return err
		}
		return nil
	}
}
