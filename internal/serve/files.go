package serve

import (
	"bytes"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path"
	"strings"
	"time"

	"handbook/internal/search/web"
)

// maxInjected bounds the HTML page read into memory to add the live-reload
// script; a larger page is served as it is.
const maxInjected = 32 << 20

// cleanPath turns a request path into a slash path relative to the output
// folder ("" for the root). It refuses, rather than cleans, anything that
// tries to climb: ".." segments, backslashes and control characters, also
// when they arrive percent-encoded once more than usual (%252e%252e).
func cleanPath(p string) (string, bool) {
	if !strings.HasPrefix(p, "/") || !safeSegments(p) {
		return "", false
	}
	if strings.Contains(p, "%") {
		if u, err := url.PathUnescape(p); err == nil && !safeSegments(u) {
			return "", false
		}
	}
	return strings.TrimPrefix(path.Clean(p), "/"), true
}

func safeSegments(p string) bool {
	for _, c := range p {
		if c < 0x20 || c == 0x7f || c == '\\' {
			return false
		}
	}
	for seg := range strings.SplitSeq(p, "/") {
		if seg == ".." {
			return false
		}
	}
	return true
}

// hidden reports whether a path has a segment starting with a dot (the
// output marker, staging folders): those are never served, except the
// top-level .well-known/ (RFC 8615), which the build publishes.
func hidden(rel string) bool {
	for i, seg := range strings.Split(rel, "/") {
		if strings.HasPrefix(seg, ".") && (i > 0 || seg != ".well-known") {
			return true
		}
	}
	return false
}

// file serves the file at rel from the generation's folder; a folder is
// served by its index.html, and never listed. The folder is opened as an
// os.Root, so no symbolic link can lead outside it either.
func (s *Server) file(w http.ResponseWriter, r *http.Request, g *generation, rel string) {
	if hidden(rel) {
		s.notFound(w, r, g)
		return
	}
	if target, ok := typedID(g.root, rel); ok {
		if r.URL.RawQuery != "" {
			target += "?" + r.URL.RawQuery
		}
		http.Redirect(w, r, target, http.StatusMovedPermanently)
		return
	}
	name := rel
	if name == "" {
		name = "."
	}
	f, fi, err := open(g.root, name)
	if err == nil && fi.IsDir() {
		f.Close()
		if !strings.HasSuffix(r.URL.Path, "/") {
			// Relative links in the page need the trailing slash. The target is
			// built from the cleaned path, so it cannot start with "//".
			target := "/" + rel + "/"
			if r.URL.RawQuery != "" {
				target += "?" + r.URL.RawQuery
			}
			http.Redirect(w, r, target, http.StatusMovedPermanently)
			return
		}
		name = path.Join(name, "index.html")
		f, fi, err = open(g.root, name)
	}
	if err != nil || !fi.Mode().IsRegular() {
		if err == nil {
			f.Close()
		}
		s.notFound(w, r, g)
		return
	}
	defer f.Close()
	s.send(w, r, g, name, fi, f, http.StatusOK)
}

// typedID answers a document address typed with the id as written
// (docs/SMS-PROC-004, with or without the slash): the permanent address,
// docs/sms-proc-004/, when there is such a page.
func typedID(root *os.Root, rel string) (string, bool) {
	id, ok := strings.CutPrefix(rel, "docs/")
	if !ok || id == "" || strings.Contains(id, "/") || id == strings.ToLower(id) {
		return "", false
	}
	page := "docs/" + strings.ToLower(id) + "/index.html"
	if fi, err := root.Stat(page); err != nil || !fi.Mode().IsRegular() {
		return "", false
	}
	return "/docs/" + strings.ToLower(id) + "/", true
}

func open(root *os.Root, name string) (*os.File, fs.FileInfo, error) {
	f, err := root.Open(name)
	if err != nil {
		return nil, nil, err
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	return f, fi, nil
}

// send writes a file. HTML pages get web.ServedMarker when the site
// has search (their script then asks /api/search), the live-reload script
// in watch mode, and a signed-in reader's slots filled. A file as built gets a strong
// ETag (answered 304 on If-None-Match) and, for text, a gzip encoding,
// both computed once per build (generation.rep); a page made for one
// request is compressed for it alone. Watch mode also drops
// Last-Modified, as a rebuild within the same second would otherwise be
// answered "not modified".
func (s *Server) send(w http.ResponseWriter, r *http.Request, g *generation, name string, fi fs.FileInfo, f *os.File, status int) {
	if fi.Size() > maxInjected { // too large to hold: as it is on disk
		s.sendRaw(w, r, name, fi.ModTime(), f, status)
		return
	}
	b, err := io.ReadAll(f)
	if err != nil {
		s.fail(w, r, g, http.StatusInternalServerError, "The page cannot be read.")
		return
	}
	mod, built := fi.ModTime(), true
	if g.site.Search != nil && isHTML(name) {
		b = web.MarkServed(b) // the same for every request: still "as built"
	}
	if s.opts.Readers != nil && isHTML(name) {
		if b, built = s.personalise(r, g, name, b); !built {
			mod = time.Time{} // the page changes with the reader's records
		}
	}
	if s.opts.Watch {
		mod, built = time.Time{}, false
		if isHTML(name) {
			b = inject(b, g.build)
		}
	}
	var rp *rep
	if built {
		rp = g.rep(name, b)
	} else {
		rp = newRep(name, b, false)
	}
	h := w.Header()
	h.Add("Vary", "Accept-Encoding")
	body := b
	if rp.gz != nil && acceptsGzip(r) {
		body = rp.gz
		h.Set("Content-Encoding", "gzip")
	}
	if rp.etag != "" {
		h.Set("ETag", rp.tag(rp.gz != nil && acceptsGzip(r)))
	}
	s.sendRaw(w, r, name, mod, bytes.NewReader(body), status)
}

// sendRaw writes body: ServeContent for a 200 (ranges, conditional
// requests), or the status and body as they are.
func (s *Server) sendRaw(w http.ResponseWriter, r *http.Request, name string, mod time.Time, body io.ReadSeeker, status int) {
	if status == http.StatusOK {
		setFileType(w.Header(), name)
		http.ServeContent(w, r, name, mod, body)
		return
	}
	// ServeContent always answers 200; an error page keeps its status.
	w.Header().Del("ETag")
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		_, _ = io.Copy(w, body)
	}
}

func isHTML(name string) bool { return strings.HasSuffix(name, ".html") }

// notFound answers 404 with the site's own 404 page when it has one.
func (s *Server) notFound(w http.ResponseWriter, r *http.Request, g *generation) {
	f, fi, err := open(g.root, "404.html")
	if err != nil {
		plain(w, http.StatusNotFound, "not found")
		return
	}
	defer f.Close()
	if !fi.Mode().IsRegular() {
		plain(w, http.StatusNotFound, "not found")
		return
	}
	s.send(w, r, g, "404.html", fi, f, http.StatusNotFound)
}

// notBuilt is every page while no build has succeeded yet (watch mode
// starting on broken content): the overlay shows why, and the page
// reloads once a build succeeds.
func (s *Server) notBuilt(w http.ResponseWriter) {
	page := []byte(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Handbook not built yet</title></head>
<body><h1>The handbook has not built yet</h1>
<p>The build failed; the errors are in the terminal running <code>handbook serve</code>` +
		` and over this page. Fix them and save: this page reloads by itself.</p></body></html>
`)
	if s.opts.Watch {
		page = inject(page, 0)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusServiceUnavailable)
	_, _ = w.Write(page)
}
