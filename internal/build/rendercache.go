package build

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync"

	"handbook/internal/cache"
	"handbook/internal/diag"
	"handbook/internal/link"
	"handbook/internal/markdown"
	"handbook/internal/par"
	"handbook/internal/search/index"
	"handbook/internal/site"
)

// renderEntry names the cache entries of the render step: the converted
// documents (markdown.Result, with the references and link problems found
// while converting), in renderShards entries by a hash of the document's
// path, so that a body edit rewrites one shard rather than every
// document's HTML.
const (
	renderEntry  = "render"
	renderShards = 32
)

// renderCache reuses documents converted by an earlier build. Every
// shard's key is the world a conversion depends on besides the document
// itself (renderWorld: the configuration, every document's front matter,
// hence every link target, the audience); each record holds the SHA-256
// of the document's own input (renderSum: path, front matter and its
// lines, body). A record is used only when both match. A nil *renderCache
// keeps nothing.
type renderCache struct {
	st  *state
	key string
	// lazy says that the records' HTML and sections' texts were left in
	// the cache (loadShard, renderlazy.go): entries holds the shards
	// loaded, stored where each record's lie, by shard then path, and
	// sources the documents as load read them, to convert again one whose
	// HTML or texts cannot be read back: once stored (lazyOnly), bodies
	// keeps the sources' bodies of the records taken from the cache alone,
	// by path.
	lazy    bool
	entries [renderShards]*cache.Entry
	stored  [renderShards]map[string]stored
	sources []*site.Document
	bodies  map[string][]byte
	// prev holds the records loaded, by shard then path; dirty marks the
	// shards to write again (a document converted, added or removed).
	prev  [renderShards]map[string]*renderRecord
	mu    sync.Mutex
	next  [renderShards]map[string]*renderRecord
	dirty [renderShards]bool
	hits  int
}

// renderRecord is one converted document.
type renderRecord struct {
	Path   string
	Sum    [32]byte
	Result markdown.Result
	Refs   []link.Ref
	Errs   []*diag.Diagnostic
	// HTMLSum is the SHA-256 of Result.HTML, for the pages' keys
	// (state.bodyID): made once, when the document is converted.
	HTMLSum [32]byte
	// HTMLLen is the length of Result.HTML, which a shard stores apart
	// (loadShard).
	HTMLLen int
	// SearchSum is the search index's sums of the document as the index
	// holds it (state.searchDocument: the result and the document's front
	// matter and address, all of which the shard's key and Sum cover),
	// made once, when the document is converted, for the index's key and
	// memo (state.searchSums): hashing every document's text took 46 ms
	// of CPU per build at 10,000 documents.
	SearchSum index.DocSum
}

// newRenderCache loads the render entries for this build's world; nil
// when the build has no cache. A lazy cache leaves the records' HTML on
// disk until a page asks for it (html): an edit writes few pages again.
// sources are the documents as load read them (bodies included).
// s is load's site and noSections the converter's NoSections: the cache
// loads while the rest of the state is made (check), reading no more of
// it than the options, the configuration and the audience's exclusions.
func (st *state) newRenderCache(lazy bool, s *site.Site, noSections bool, sources []*site.Document) *renderCache {
	key := st.cacheKey(renderEntry, func(w io.Writer) error { return st.renderWorld(w, s, noSections) })
	if key == "" {
		return nil
	}
	rc := &renderCache{st: st, key: key, lazy: lazy, sources: sources}
	par.For(renderShards, func(i int) {
		rc.prev[i] = rc.loadShard(i)
		rc.next[i] = map[string]*renderRecord{}
	})
	return rc
}

// renderWorld writes what converting any document depends on besides its
// own source: the configuration (placeholders, unsafe HTML, base URL),
// whether sections are made for search, and every document's path and
// front matter (the link index resolves ids, titles and paths, and shows
// excluded and retired documents apart), the audience's exclusions and
// the unreadable files, of site s (load's) and noSections.
func (st *state) renderWorld(w io.Writer, s *site.Site, noSections bool) error {
	enc := json.NewEncoder(w)
	err := errors.Join(enc.Encode(st.Config), enc.Encode(noSections),
		enc.Encode(slices.Sorted(maps.Keys(st.Excluded))), enc.Encode(s.Unreadable))
	for _, d := range s.Docs {
		err = errors.Join(err, writeSource(w, enc, d))
	}
	return err
}

// writeSource writes a document's path and front matter: the sum load
// made of them (site.Document.MetaSum; what the build makes of the front
// matter is a function of it and of the configuration, which every key
// that calls this holds), or as JSON when load made none.
func writeSource(w io.Writer, enc *json.Encoder, d *site.Document) error {
	if d.MetaSum == ([32]byte{}) {
		return errors.Join(enc.Encode(d.Path), enc.Encode(d.Meta))
	}
	// As fmt's "%q %x\n", without its reflection: 10,000 documents in
	// each of three keys.
	b := strconv.AppendQuote(make([]byte, 0, 2*len(d.Path)+2*len(d.MetaSum)+4), d.Path)
	b = hex.AppendEncode(append(b, ' '), d.MetaSum[:])
	_, err := w.Write(append(b, '\n'))
	return err
}

// renderSum is the SHA-256 of a document's own input to the conversion:
// its load sum, of which path, front matter, lines and body are a
// function (with the configuration, which renderWorld holds), else the
// SHA-256 of those.
func renderSum(d *site.Document) ([32]byte, bool) {
	if d.Sum != ([32]byte{}) {
		return d.Sum, true
	}
	h := sha256.New()
	enc := json.NewEncoder(h)
	if errors.Join(enc.Encode(d.Path), enc.Encode(d.Meta), enc.Encode(d.Lines), enc.Encode(d.BodyLine)) != nil {
		return [32]byte{}, false
	}
	h.Write(d.Body)
	return [32]byte(h.Sum(nil)), true
}

func renderShard(path string) int {
	h := fnv.New32a()
	h.Write([]byte(path))
	return int(h.Sum32() % renderShards)
}

func renderShardName(i int) string { return fmt.Sprintf("%s-%02d", renderEntry, i) }

// loadShard reads shard i; empty when it is missing, of another world or
// cannot be decoded. A lazy cache reads the records alone, and notes
// where each one's HTML and texts lie.
func (rc *renderCache) loadShard(i int) map[string]*renderRecord {
	out := map[string]*renderRecord{}
	var e *cache.Entry
	var ok bool
	if rc.lazy {
		e, ok = cache.LoadFiles(rc.st.Opts.Cache, renderShardName(i), rc.key, "data")
	} else {
		e, ok = cache.Load(rc.st.Opts.Cache, renderShardName(i), rc.key)
	}
	if !ok {
		return out
	}
	recs, texts, err := decodeRecords(e.Files["data"])
	if err != nil {
		return out
	}
	if rc.lazy {
		at := make(map[string]stored, len(recs))
		var html, text int64
		for j, r := range recs {
			st := stored{htmlAt: html, textAt: text, texts: texts[j]}
			html, text = html+int64(r.HTMLLen), text+st.textLen()
			at[r.Path] = st
		}
		rc.entries[i], rc.stored[i] = e, at
	} else if !splitHTML(recs, e.Files["html"]) || !joinTexts(recs, texts, string(e.Files["text"])) {
		return map[string]*renderRecord{}
	}
	for _, r := range recs {
		if r.HTMLLen < 0 {
			return map[string]*renderRecord{}
		}
		out[r.Path] = r
	}
	return out
}

// splitHTML gives each of recs its HTML, html being theirs end to end in
// their order (taken as it was read: decoding it as gob copied 150 MB a
// build at 10,000 documents); false when the lengths do not add up.
func splitHTML(recs []*renderRecord, html []byte) bool {
	for _, r := range recs {
		if r.HTMLLen < 0 || r.HTMLLen > len(html) {
			return false
		}
		r.Result.HTML, html = html[:r.HTMLLen:r.HTMLLen], html[r.HTMLLen:]
	}
	return len(html) == 0
}

// lookup returns the record of d converted from the same input, if the
// cache has it; sum is d's renderSum for put.
func (rc *renderCache) lookup(d *site.Document) (r *renderRecord, sum [32]byte, ok bool) {
	if rc == nil {
		return nil, sum, false
	}
	if sum, ok = renderSum(d); !ok {
		return nil, sum, false
	}
	i := renderShard(d.Path)
	r = rc.prev[i][d.Path]
	if r == nil || r.Sum != sum {
		return nil, sum, false
	}
	rc.mu.Lock()
	rc.next[i][d.Path] = r
	rc.hits++
	rc.mu.Unlock()
	return r, sum, true
}

// put records d as converted now from the input of sum.
func (rc *renderCache) put(d *site.Document, sum [32]byte, r *renderRecord) {
	if rc == nil || sum == ([32]byte{}) {
		return
	}
	r.Path, r.Sum, r.HTMLSum = d.Path, sum, sha256.Sum256(r.Result.HTML)
	if !rc.st.Conv.NoSections { // else the build has no search index
		sd := rc.st.searchDocumentOf(d, &r.Result)
		r.SearchSum = index.SumDocument(&sd)
	}
	i := renderShard(d.Path)
	rc.mu.Lock()
	rc.next[i][d.Path] = r
	rc.dirty[i] = true
	rc.mu.Unlock()
}

// store writes the shards whose records changed (a document converted,
// added or removed); a cache that cannot be written is logged. It must
// run before anything changes the records' results (State.dropHTML).
func (rc *renderCache) store() {
	if rc == nil {
		return
	}
	if rc.hits > 0 {
		rc.st.count(func(s *Stats) { s.Cached = append(s.Cached, renderEntry) })
	}
	par.For(renderShards, func(i int) {
		if !rc.dirty[i] && maps.EqualFunc(rc.prev[i], rc.next[i], func(a, b *renderRecord) bool { return a == b }) {
			return
		}
		back := rc.readBack(i)
		var recs []renderRecord // copies: the build's own records are left as they are
		var htmlLen, textLen int
		for _, r := range slices.SortedFunc(maps.Values(rc.next[i]), func(a, b *renderRecord) int { return strings.Compare(a.Path, b.Path) }) {
			c, ok := back.whole(r)
			if !ok {
				continue // not kept: converted again next time
			}
			recs = append(recs, c)
			htmlLen += len(c.Result.HTML)
			for _, s := range c.Result.Sections {
				textLen += len(s.Text)
			}
		}
		html := make([]byte, 0, htmlLen)
		for j := range recs {
			c := &recs[j]
			html = append(html, c.Result.HTML...)
			c.HTMLLen, c.Result.HTML = len(c.Result.HTML), nil
		}
		b, text, err := encodeRecords(nil, make([]byte, 0, textLen), recs)
		if err != nil {
			rc.st.Opts.Logger.Warn("build cache", "entry", renderShardName(i), "error", err)
			return
		}
		rc.st.storeFiles(renderShardName(i), rc.key, cacheFile{"data", b}, cacheFile{"text", text}, cacheFile{"html", html})
	})
}
