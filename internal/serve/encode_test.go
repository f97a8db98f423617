package serve

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestAcceptsGzip(t *testing.T) {
	t.Parallel()
	tests := map[string]bool{
		"": false, "gzip": true, "br, gzip;q=0.8": true, "gzip;q=0": false, "gzip; q=0.0": false,
		"deflate": false, "*": true, "identity, *;q=0": false, "GZIP": true, "x-gzip": false,
	}
	for header, want := range tests {
		r := httptest.NewRequest("GET", "/", nil)
		r.Header.Set("Accept-Encoding", header)
		if got := acceptsGzip(r); got != want {
			t.Errorf("acceptsGzip(%q) = %v", header, got)
		}
	}
}

// TestCompressionETagsAndRevalidation: text comes gzipped when asked,
// every file as built has a strong ETag (another for the gzip bytes), an
// If-None-Match with it is a 304 without a body, and an image is not
// compressed again.
func TestCompressionETagsAndRevalidation(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	page := "<!DOCTYPE html><html><head><title>t</title></head><body>" + strings.Repeat("<p>policy text</p>", 200) + "</body></html>"
	png := append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte{0}, 2000)...)
	for name, body := range map[string]string{"index.html": page, "logo.png": string(png)} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	s := New(Options{})
	if err := s.Publish(Site{Dir: dir}); err != nil {
		t.Fatal(err)
	}
	get := func(path string, hdr map[string]string) *http.Response {
		r := httptest.NewRequest("GET", path, nil)
		for k, v := range hdr {
			r.Header.Set(k, v)
		}
		w := httptest.NewRecorder()
		s.Handler().ServeHTTP(w, r)
		return w.Result()
	}
	gz := get("/", map[string]string{"Accept-Encoding": "gzip, br"})
	zr, err := gzip.NewReader(gz.Body)
	if err != nil {
		t.Fatal(err)
	}
	unzipped, _ := io.ReadAll(zr)
	if gz.Header.Get("Content-Encoding") != "gzip" || string(unzipped) != page || gz.Header.Get("Vary") != "Accept-Encoding" {
		t.Fatalf("gzip answer: %v", gz.Header)
	}
	plainResp := get("/", nil)
	raw, _ := io.ReadAll(plainResp.Body)
	if plainResp.Header.Get("Content-Encoding") != "" || string(raw) != page {
		t.Fatalf("identity answer: %v", plainResp.Header)
	}
	tagGz, tagPlain := gz.Header.Get("ETag"), plainResp.Header.Get("ETag")
	if tagGz == "" || tagPlain == "" || tagGz == tagPlain || strings.HasPrefix(tagPlain, "W/") {
		t.Fatalf("ETags: gzip %q, identity %q", tagGz, tagPlain)
	}
	if cc := plainResp.Header.Get("Cache-Control"); cc != "no-cache" {
		t.Errorf("Cache-Control %q", cc)
	}
	for _, c := range []struct{ tag, enc string }{{tagPlain, ""}, {tagGz, "gzip"}} {
		nm := get("/", map[string]string{"If-None-Match": c.tag, "Accept-Encoding": c.enc})
		body, _ := io.ReadAll(nm.Body)
		if nm.StatusCode != http.StatusNotModified || len(body) != 0 {
			t.Errorf("If-None-Match %s: %d, %d bytes", c.tag, nm.StatusCode, len(body))
		}
	}
	if img := get("/logo.png", map[string]string{"Accept-Encoding": "gzip"}); img.Header.Get("Content-Encoding") != "" || img.Header.Get("ETag") == "" {
		t.Errorf("image: %v", img.Header)
	}
}
