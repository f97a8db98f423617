package serve

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"path"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
)

// rep is a file's representations: its strong ETag, and its gzip encoding
// when the file is text and compressing it saves bytes (else nil).
type rep struct {
	etag string // the quoted hash of the file's bytes, "" when not computed
	gz   []byte
}

// tag is the ETag of the identity or the gzip representation: a strong
// ETag names one sequence of bytes, so the two differ.
func (r *rep) tag(gzipped bool) string {
	if gzipped {
		return strings.TrimSuffix(r.etag, `"`) + `-gz"`
	}
	return r.etag
}

// compressible lists the types worth compressing; images, fonts and
// archives other than SVG are compressed already.
var compressible = map[string]bool{
	".html": true, ".css": true, ".js": true, ".json": true, ".xml": true, ".svg": true,
	".csv": true, ".txt": true, ".map": true, ".webmanifest": true, "": true,
}

// newRep computes b's representations; withTag adds the ETag (a page made
// for one request has none: it is not the same the next time).
func newRep(name string, b []byte, withTag bool) *rep {
	r := &rep{}
	if withTag {
		sum := sha256.Sum256(b)
		r.etag = `"` + hex.EncodeToString(sum[:12]) + `"`
	}
	if compressible[path.Ext(name)] && len(b) >= 512 {
		var buf bytes.Buffer
		zw := gzipWriters.Get().(*gzip.Writer)
		zw.Reset(&buf)
		_, _ = zw.Write(b)
		_ = zw.Close()
		gzipWriters.Put(zw)
		if buf.Len() < len(b) {
			r.gz = buf.Bytes()
		}
	}
	return r
}

// gzipWriters are reused: a gzip.Writer allocates about 800 KB.
var gzipWriters = sync.Pool{New: func() any {
	zw, _ := gzip.NewWriterLevel(nil, gzip.BestCompression)
	return zw
}}

// repCacheBytes bounds the compressed bytes a published build keeps in
// memory; past it, files are compressed for each request.
const repCacheBytes = 64 << 20

// reps caches a generation's representations by file name.
type reps struct {
	m     sync.Map // name -> *rep
	bytes atomic.Int64
}

// rep returns the representations of the file name as built (b), computed
// once per generation while the cache has room.
func (g *generation) rep(name string, b []byte) *rep {
	if r, ok := g.reps.m.Load(name); ok {
		return r.(*rep)
	}
	r := newRep(name, b, true)
	if g.reps.bytes.Add(int64(len(r.gz))+int64(len(name))) <= repCacheBytes {
		if prev, loaded := g.reps.m.LoadOrStore(name, r); loaded {
			return prev.(*rep)
		}
	}
	return r
}

// acceptsGzip reports whether the client takes a gzip response: gzip (or
// *) in Accept-Encoding with a q-value that is not zero.
func acceptsGzip(r *http.Request) bool {
	for part := range strings.SplitSeq(r.Header.Get("Accept-Encoding"), ",") {
		coding, params, _ := strings.Cut(part, ";")
		if c := strings.TrimSpace(coding); !strings.EqualFold(c, "gzip") && c != "*" {
			continue
		}
		if k, v, ok := strings.Cut(strings.TrimSpace(params), "="); ok && strings.TrimSpace(k) == "q" {
			q, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
			return err == nil && q > 0
		}
		return true
	}
	return false
}
