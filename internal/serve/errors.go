package serve

import (
	"bytes"
	"encoding/json"
	"html"
	"io"
	"net/http"
	"strings"
)

// ErrorSlot is where the message goes in the site's error page (error.html
// of the build): serve answers every error but 404 with that page, the
// slot replaced by what went wrong.
const ErrorSlot = "<!--handbook:error-->"

// fail answers an error in the form the client reads: under /api/ (search,
// acknowledgements), JSON {"error": msg}, the shape of the search API's
// own errors; anywhere
// else the site's own error page (error.html) with msg, or plain text
// while no build has succeeded. g may be nil.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, g *generation, status int, msg string) {
	w.Header().Set("Cache-Control", "no-store")
	if strings.HasPrefix(r.URL.Path, "/api/") {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(status)
		_ = json.NewEncoder(w).Encode(map[string]string{"error": msg})
		return
	}
	page := errorPage(g, msg)
	if page == nil {
		plain(w, status, msg)
		return
	}
	if s.opts.Watch {
		page = inject(page, g.build)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		_, _ = w.Write(page)
	}
}

// errorBody is fail's answer as a body alone, for http.TimeoutHandler
// (which sends it with the status 503 and the headers set before it).
func (s *Server) errorBody(w http.ResponseWriter, r *http.Request, g *generation, msg string) string {
	rec := &bodyRecorder{header: w.Header()}
	s.fail(rec, r, g, http.StatusServiceUnavailable, msg)
	return rec.body.String()
}

// errorPage is the site's error page with msg, nil when it has none.
func errorPage(g *generation, msg string) []byte {
	if g == nil || g.root == nil {
		return nil
	}
	f, err := g.root.Open("error.html")
	if err != nil {
		return nil
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxInjected))
	if err != nil || !bytes.Contains(b, []byte(ErrorSlot)) {
		return nil
	}
	return bytes.Replace(b, []byte(ErrorSlot), []byte(html.EscapeString(msg)), 1)
}

// bodyRecorder keeps what is written to it; headers go to the real
// response's.
type bodyRecorder struct {
	header http.Header
	body   bytes.Buffer
}

func (b *bodyRecorder) Header() http.Header         { return b.header }
func (b *bodyRecorder) Write(p []byte) (int, error) { return b.body.Write(p) }
func (b *bodyRecorder) WriteHeader(int)             {}
