package build

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"handbook/internal/binrec"
	"handbook/internal/cache"
	"handbook/internal/output"
	"handbook/internal/render"
	"handbook/internal/site"
)

// pagesEntry is the cache entry of the document pages: for each page's
// output path, the key of what it was rendered from and the SHA-256 of
// the bytes written. Its own key covers what every page shares (pagesKey).
const pagesEntry = "pages"

// redirectsEntry is the cache entry of the redirect pages, listsEntry of
// the types' list pages, siteEntry of the home, acknowledgements, 404 and
// error pages: page sets (pageset.go).
const (
	redirectsEntry = "redirects"
	siteEntry      = "site"
)

// linksEntry is the cache entry of links.json, as the document pages'.
const (
	linksEntry = "links"
	listsEntry = "lists"
)

// pageCache decides, page by page, whether a document page can be left as
// the output folder holds it: when the page's view is what the previous
// build (with a cache) rendered and the output still holds what it wrote.
// A nil *pageCache keeps nothing and records nothing.
type pageCache struct {
	st   *state
	name string            // the cache entry: pagesEntry, linksEntry
	key  string            // pagesKey: what all pages share
	prev map[string]string // output path → "PAGEKEY SUM" of the last build

	// world and prevWorld are the pages' world of this build and of the
	// entry's keys (pageworld.go); "" for other pages.
	world, prevWorld string

	mu   sync.Mutex
	next map[string]string // the same, for this build
	kept int
}

// newPageCache loads the cache entry name of pages (pagesEntry,
// linksEntry) for this build's shared inputs; nil when the build has no
// cache.
func (st *state) newPageCache(name string) *pageCache {
	key := st.cacheKey(name, st.pagesShared)
	if key == "" {
		return nil
	}
	pc := &pageCache{st: st, name: name, key: key, prev: map[string]string{}, next: map[string]string{}}
	if e, ok := cache.Load(st.Opts.Cache, name, key); ok {
		for line := range strings.Lines(string(e.Files["keys"])) {
			rel, v, _ := strings.Cut(strings.TrimSuffix(line, "\n"), " ")
			pc.prev[rel] = v
		}
		pc.prevWorld = string(e.Files[worldFile])
	}
	return pc
}

// pagesShared writes what every document page's HTML depends on besides
// its own view: the site view (navigation, structure, title, base URL),
// the configuration (the templates' url and clauseURL), the day (review
// marks), and the site's own layouts and static files (the built-in ones
// are part of the binary, in every key). It writes their SHA-256, made
// once a build (the pages, the redirects and the replayed steps share
// it), so it must not be called before the sidebar is made (state.write).
func (st *state) pagesShared(w io.Writer) error {
	sum, err := st.shared()
	if err == nil {
		_, err = w.Write(sum[:])
	}
	return err
}

// sharedSum is pagesShared's SHA-256.
func (st *state) sharedSum() ([32]byte, error) {
	h := sha256.New()
	enc := json.NewEncoder(h)
	err := errors.Join(enc.Encode(st.SiteView()), enc.Encode(st.Config), enc.Encode(st.Today),
		enc.Encode([]any{st.Opts.Audience, st.Opts.NoSearch, st.Opts.NoFigures}))
	for _, dir := range []string{"layouts", "static"} {
		err = errors.Join(err, hashTree(h, filepath.Join(st.Site.Dir, dir)))
	}
	return [32]byte(h.Sum(nil)), err
}

// hashTree writes every file under dir, path and content, in walk order
// (sorted); a missing dir writes nothing.
func hashTree(w io.Writer, dir string) error {
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(w, "%s %d\n%s\n", filepath.ToSlash(p), len(b), b)
		return err
	})
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return err
}

// appendPageKey appends the fields of a page with no document or crumbs,
// and no page data but a list of documents (a redirect, a type's list:
// Kind, Title, Path, URL, Lang, Redirect, Main), its site view aside,
// which the page set's key covers (pagesFingerprint); false for any other
// page. TestPageKeyFields fails when Page or DocRef gains a field this
// does not write.
func appendPageKey(b []byte, p *render.Page) ([]byte, bool) {
	if p.Doc != nil || p.Crumbs != nil {
		return b, false
	}
	for _, f := range []string{p.Kind, p.Title, p.Path, p.URL, p.Lang, p.Redirect} {
		b = binrec.AppendString(b, f)
	}
	switch m := p.Main.(type) {
	case nil:
		b = append(b, 0)
	case []render.DocRef:
		b = binrec.AppendCount(append(b, 1), len(m))
		for _, r := range m {
			for _, f := range []string{r.ID, r.Title, r.URL, r.Type, r.Status} {
				b = binrec.AppendString(b, f)
			}
		}
	default:
		return b, false
	}
	return b, true
}

// linksKey is the key of links.json: every field it shows (link.Graph's
// JSON), of every included document (id, title, type, address) and every
// link (from, to, anchor, kind: state.refs), in order; "" without a cache.
// TestLinksKeyFields fails when link.Ref gains a field the JSON shows.
func (pc *pageCache) linksKey() string {
	if pc == nil {
		return ""
	}
	st := pc.st
	h := sha256.New()
	var b []byte
	flush := func() {
		if len(b) > 64<<10 {
			h.Write(b)
			b = b[:0]
		}
	}
	b = binrec.AppendCount(b, len(st.Docs))
	for _, d := range st.Docs {
		for _, f := range []string{d.Meta.ID, d.Meta.Title, d.Meta.Type, st.Index.URL(d.Meta.ID, "")} {
			b = binrec.AppendString(b, f)
		}
		flush()
	}
	refs := st.refs()
	h.Write(append(b, refs[:]...))
	return hex.EncodeToString(h.Sum(nil))
}

// docPageKey is the key of the page of d (its site view aside, which the
// pages entry's key covers), made of its inputs (render.PageDocs) rather
// than of the page: d's path and front matter (load's sum), its body
// (bodyID), headings and title id, and for each document the page links
// to, its id, whether the build includes it and its path and front
// matter. "" when it cannot be made (no render cache: no body sums).
// TestDocPageKeyCoversView checks it against the page's own JSON.
func (pc *pageCache) docPageKey(d *site.Document, kids render.Family) string {
	if pc == nil {
		return ""
	}
	b, ok := pc.appendOwn(d)
	if !ok {
		return ""
	}
	return hexSum(pc.appendLinked(b, d, kids))
}

// appendOwn appends the inputs of d's page that are d's own: its path
// and front matter, body, headings and title id; false without them.
func (pc *pageCache) appendOwn(d *site.Document) ([]byte, bool) {
	st := pc.st
	body := st.bodyID(d)
	res := st.Pages[d.Meta.ID]
	if body == nil || res == nil {
		return nil, false
	}
	b := make([]byte, 0, 512+len(body))
	b = appendSource(b, d)
	b = appendField(b, body)
	b = binrec.AppendCount(b, len(res.Headings))
	for _, h := range res.Headings {
		b = binrec.AppendInt(b, h.Level)
		b = binrec.AppendInt(b, h.Line)
		b = binrec.AppendString(binrec.AppendString(b, h.Text), h.ID)
	}
	return binrec.AppendString(b, res.TitleID), true
}

// appendLinked appends, for each document d's page links to
// (render.PageDocs), its id, whether the build includes it and its path
// and front matter.
func (pc *pageCache) appendLinked(b []byte, d *site.Document, kids render.Family) []byte {
	st := pc.st
	for _, ids := range st.PageDocs(d, kids) {
		b = binrec.AppendCount(b, len(ids))
		for _, id := range ids {
			b = binrec.AppendString(b, id)
			if od, ok := st.Index.Doc(id); ok {
				b = appendSource(append(b, 1), od)
			} else {
				b = append(b, 0)
			}
		}
	}
	return b
}

// hexSum is the SHA-256 of b in hex.
func hexSum(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// appendField appends f with its length before it, as
// binrec.AppendString does a string.
func appendField(b, f []byte) []byte { return append(binrec.AppendCount(b, len(f)), f...) }

// appendSource appends what writeSource writes of a document's path and
// front matter: load's sum of both, else their JSON.
func appendSource(b []byte, d *site.Document) []byte {
	if d.MetaSum != ([32]byte{}) {
		return append(append(b, 's'), d.MetaSum[:]...)
	}
	var w bytes.Buffer
	if writeSource(&w, json.NewEncoder(&w), d) != nil {
		w.WriteString("\x00unencodable")
	}
	return appendField(append(b, 'j'), w.Bytes())
}

// bodyID stands for the body of d's page in its key, without hashing its
// HTML again: the SHA-256 of its conversion's HTML, made once with the
// conversion and kept in the render cache's record, its shortcodes and
// the HTML of the figures and log they embed. Nil when the build has no
// render cache: the key then hashes the body.
func (st *state) bodyID(d *site.Document) []byte {
	r, sum := st.Pages[d.Meta.ID], st.htmlSums[d.Meta.ID]
	if r == nil || sum == ([32]byte{}) {
		return nil
	}
	b := fmt.Appendf(nil, "html %x\n", sum)
	for _, sc := range r.Shortcodes {
		name, arg, _ := strings.Cut(sc, ":")
		html, ok := st.Embed(name, arg)
		b = fmt.Appendf(b, "%q %t %d\n%s", sc, ok, len(html), html)
	}
	return b
}

// keep leaves the page at rel as the output holds it, if its key is the
// one the last build rendered it from and the output holds those bytes.
func (pc *pageCache) keep(out *output.Dir, rel, key string) bool {
	if pc == nil || key == "" {
		return false
	}
	v := pc.prev[rel]
	k, sum, ok := strings.Cut(v, " ")
	b, err := hex.DecodeString(sum)
	if !ok || k != key || err != nil || len(b) != sha256.Size || !out.Keep(rel, [32]byte(b)) {
		return false
	}
	pc.mu.Lock()
	pc.next[rel] = v // as record would make it again
	pc.kept++
	pc.mu.Unlock()
	return true
}

// written records a page rendered and written with key.
func (pc *pageCache) written(rel, key string, html []byte) {
	if pc != nil && key != "" {
		pc.record(rel, key, sha256.Sum256(html))
	}
}

func (pc *pageCache) record(rel, key string, sum [32]byte) {
	pc.mu.Lock()
	pc.next[rel] = key + " " + hex.EncodeToString(sum[:])
	pc.mu.Unlock()
}

// store writes this build's page keys into the cache; a failure is logged.
func (pc *pageCache) store() {
	if pc == nil {
		return
	}
	if pc.kept > 0 {
		pc.st.count(func(s *Stats) { s.Cached = append(s.Cached, pc.name) })
	}
	if len(pc.next) > 0 && maps.Equal(pc.prev, pc.next) && pc.world == pc.prevWorld {
		return // the entry loaded, under this key, holds the same
	}
	var b []byte
	for _, rel := range slices.Sorted(maps.Keys(pc.next)) {
		b = append(append(append(append(b, rel...), ' '), pc.next[rel]...), '\n')
	}
	files := []cacheFile{{"keys", b}}
	if pc.world != "" {
		files = append(files, cacheFile{worldFile, []byte(pc.world)})
	}
	pc.st.storeFiles(pc.name, pc.key, files...)
}
