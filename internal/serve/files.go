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

	"handbook/internal/search"
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
// output marker, staging folders): those are never served.
func hidden(rel string) bool {
	for seg := range strings.SplitSeq(rel, "/") {
		if strings.HasPrefix(seg, ".") {
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

// send writes a file. HTML pages get search.ServedMarker when the site
// has search (their script then asks /api/search) and the live-reload
// script in watch mode; watch mode also drops Last-Modified, as a rebuild
// within the same second would otherwise be answered "not modified".
func (s *Server) send(w http.ResponseWriter, r *http.Request, g *generation, name string, fi fs.FileInfo, f *os.File, status int) {
	var body io.ReadSeeker = f
	mod := fi.ModTime()
	if s.opts.Watch {
		mod = time.Time{}
	}
	if (s.opts.Watch || g.site.Search != nil) && isHTML(name) && fi.Size() <= maxInjected {
		b, err := io.ReadAll(f)
		if err != nil {
			plain(w, http.StatusInternalServerError, "cannot read the page")
			return
		}
		if g.site.Search != nil {
			b = search.MarkServed(b)
		}
		if s.opts.Watch {
			b = inject(b, g.build)
		}
		body = bytes.NewReader(b)
	}
	if status == http.StatusOK {
		http.ServeContent(w, r, name, mod, body)
		return
	}
	// ServeContent always answers 200; an error page keeps its status.
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
