package web

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"unicode"

	"handbook/internal/cache"
	"handbook/internal/search/format"
	"handbook/internal/search/query"
)

// OpenHandler opens the index written into the output folder dir (under
// _search/) read-only and returns the handler for /search/ and /api/search.
func OpenHandler(dir string) (http.Handler, io.Closer, error) {
	return OpenHandlerIn(dir, cache.Beside(dir))
}

// OpenHandlerIn is OpenHandler with the server's bleve index in the cache
// folder cacheRoot (query.OpenIn).
func OpenHandlerIn(dir, cacheRoot string) (http.Handler, io.Closer, error) {
	ix, err := query.OpenIn(dir, cacheRoot)
	if err != nil {
		return nil, nil, err
	}
	return NewHandler(ix, dir), ix, nil
}

// NewHandler is the handler of an opened index for the output folder dir
// (whose search/index.html it serves the results in).
func NewHandler(ix *query.Index, dir string) http.Handler {
	built, _ := os.ReadFile(filepath.Join(dir, "search", "index.html"))
	return &handler{ix: ix, s: ix, page: newResultsPage(built)}
}

// handler answers GET /api/search (JSON) and GET /search/?q= (HTML).
type handler struct {
	ix   *query.Index // renders the results page
	s    searcher     // answers: ix, or an overlay on it (overlay.go)
	page resultsPage
}

// searcher answers search requests.
type searcher interface {
	Search(ctx context.Context, r query.Request) (*query.Response, error)
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	req, err := requestOf(r)
	var res *query.Response
	if err == nil {
		res, err = h.s.Search(r.Context(), req)
	}
	var qerr *query.QueryError
	status := http.StatusOK
	switch {
	case errors.As(err, &qerr):
		status = http.StatusBadRequest
	case err != nil:
		status = http.StatusInternalServerError
		err = errors.New("the search failed: " + err.Error())
	}
	w.Header().Set("Cache-Control", "no-store")
	if r.URL.Path == "/api/search" {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(status)
		enc := json.NewEncoder(w)
		if err != nil {
			enc.Encode(map[string]string{"error": err.Error()})
			return
		}
		enc.Encode(res)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(h.page.render(req, resultsHTML(h.ix, r.URL.Path, req, res, err)))
}

// cleanQuery turns control characters into spaces: no search box sends
// them, and a NUL would come back from html/template as U+FFFD, so the page
// would echo a query other than the one searched for.
func cleanQuery(q string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, q)
}

// requestOf reads q, type, clause, from and size from the query string.
func requestOf(r *http.Request) (query.Request, error) {
	v := r.URL.Query()
	req := query.Request{Q: cleanQuery(v.Get("q")), Type: v.Get("type"), Clause: v.Get("clause"), Group: query.GroupDocument}
	if g := v.Get("group"); g != "" {
		req.Group = g
	}
	req.Exact = v.Get("exact") == "1"
	for _, p := range []struct {
		name string
		to   *int
	}{{"from", &req.From}, {"size", &req.Size}} {
		s := v.Get(p.name)
		if s == "" {
			continue
		}
		n, err := strconv.Atoi(s)
		if err != nil {
			return req, query.QueryErrorf("%s must be a whole number.", p.name)
		}
		*p.to = n
	}
	if req.Size == 0 {
		req.Size = format.DefaultSize
	}
	return req, nil
}
