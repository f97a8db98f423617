package query

import (
	"bytes"
	"cmp"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"

	"handbook/internal/cache"
	"handbook/internal/search"
	"handbook/internal/search/analysis"
	"handbook/internal/search/format"
)

// Index is an opened search index. It ranks from the static index's
// postings (rank.go), shows hits from its documents and corrects typos
// with its vocabulary; bleve's index gives the positions for phrases in
// the short fields and the document ids.
type Index struct {
	dir   string // the _search folder
	bleve bleve.Index
	words *analysis.Words
	vocab *format.Vocabulary
	meta  format.StaticMeta
	ids   map[string]bool // lower-case document ids

	shards  shards
	tables  docTables
	scratch *sync.Pool
	docs    docCache
	phrases phraseCache
	pairs   format.TextPairs
	docRec  []uint32 // record of each bleve document number
	temp    string   // a folder of the bleve index that Close removes (server.go)
}

// searchTimeout bounds one search; bleve stops when it passes.
const searchTimeout = 2 * time.Second

// Open opens the index in dir, a built site's output folder, read-only,
// with the server's bleve index in the cache beside it (cache.Beside).
func Open(dir string) (*Index, error) { return OpenIn(dir, cache.Beside(dir)) }

// OpenIn opens the index in dir, a built site's output folder, read-only.
// The bleve index that ranks the answers is the output's own if the build
// wrote one, else the one built from its static index in the cache folder
// cacheRoot (cache.Beside(dir) if ""), built there first if need be
// (server.go).
func OpenIn(dir, cacheRoot string) (*Index, error) {
	cacheRoot = cmp.Or(cacheRoot, cache.Beside(dir))
	sdir := filepath.Join(dir, "_search")
	ix := &Index{dir: sdir, vocab: format.NewVocabulary(), ids: map[string]bool{}, shards: shards{byNum: map[int]map[string]*format.TermEntry{}}}
	mb, err := os.ReadFile(filepath.Join(sdir, format.StaticDir, "meta.json"))
	if err != nil {
		return nil, fmt.Errorf("no search index in %s (build the site first): %w", dir, err)
	}
	if err := json.Unmarshal(mb, &ix.meta); err != nil {
		return nil, fmt.Errorf("search index %s: %w", sdir, err)
	}
	if ix.meta.Version != format.StaticVersion {
		return nil, fmt.Errorf("search index %s: format version %d, not %d (build the site again)", sdir, ix.meta.Version, format.StaticVersion)
	}
	for _, sh := range ix.meta.Vocab {
		b, err := ix.readStatic("v/" + sh + ".bin")
		if err != nil {
			return nil, err
		}
		if err := ix.vocab.DecodeShard(b); err != nil {
			return nil, err
		}
	}
	if ix.words, err = analysis.NewWords(ix.meta.StopWords); err != nil {
		return nil, err
	}
	if err := ix.loadTables(); err != nil {
		return nil, fmt.Errorf("search index %s: %w", sdir, err)
	}
	ix.scratch = newScratchPool(ix.meta.Records, ix.meta.Docs)
	if ix.meta.Records == 0 { // an empty handbook: no bleve index
		ix.pairs, err = format.DecodePairs(format.EncodePairs(nil))
		return ix, err
	}
	var pb []byte
	ix.bleve, pb, err = ix.openServer(cacheRoot)
	if err != nil {
		return nil, errors.Join(fmt.Errorf("search index %s: %w", sdir, err), ix.removeTemp())
	}
	if ix.pairs, err = format.DecodePairs(pb); err != nil || len(ix.pairs.Offsets) != ix.meta.Records+1 {
		ix.Close()
		return nil, fmt.Errorf("search index %s: pairs.bin: %v", sdir, cmp.Or(err, format.ErrFormat))
	}
	if err := errors.Join(ix.loadIDs(), ix.loadDocNumbers()); err != nil {
		ix.Close()
		return nil, fmt.Errorf("search index %s: %w", sdir, err)
	}
	return ix, nil
}

// Close closes the bleve index.
func (ix *Index) Close() error {
	if ix.bleve == nil {
		return nil
	}
	return errors.Join(ix.bleve.Close(), ix.removeTemp())
}

// readStatic reads and inflates a file of the static index.
func (ix *Index) readStatic(name string) ([]byte, error) {
	b, err := os.ReadFile(filepath.Join(ix.dir, format.StaticDir, filepath.FromSlash(name)))
	if err != nil {
		return nil, err
	}
	data, err := inflate(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return data, nil
}

// inflate decompresses a gzip-compressed file of the static index.
func inflate(b []byte) ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	return io.ReadAll(zr)
}

// doc returns document n's file, decoded; the most recent ones are kept
// (a page of hits often has several sections of one document, and the
// next page or a filter asks for the same again).
func (ix *Index) doc(n int) (*format.StaticDoc, error) {
	if d := ix.docs.get(n); d != nil {
		return d, nil
	}
	b, err := ix.readStatic("d/" + strconv.Itoa(n) + ".bin")
	if err != nil {
		return nil, err
	}
	var d format.StaticDoc
	if err := json.Unmarshal(b, &d); err != nil {
		return nil, err
	}
	ix.docs.put(n, &d)
	return &d, nil
}

// docCache keeps the last documents read; replaced in turn (a clock).
type docCache struct {
	mu   sync.Mutex
	byN  map[int]*format.StaticDoc
	ring []int
	next int
}

const docCacheSize = 512

func (c *docCache) get(n int) *format.StaticDoc {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.byN[n]
}

func (c *docCache) put(n int, d *format.StaticDoc) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.byN == nil {
		c.byN = map[int]*format.StaticDoc{}
	}
	if len(c.ring) < docCacheSize {
		c.ring = append(c.ring, n)
	} else {
		delete(c.byN, c.ring[c.next])
		c.ring[c.next] = n
		c.next = (c.next + 1) % docCacheSize
	}
	c.byN[n] = d
}

// Request is a search: the query text, filters and the page of hits.
type Request struct {
	Q      string
	Type   string // document type, or ""
	Clause string // clause number (the clause and those below it), or ""
	From   int
	Size   int    // 0 means defaultSize
	Group  string // GroupSection ("" too) or GroupDocument
	Exact  bool   // no typo correction
}

// Response is the answer of /api/search (and of the static search).
type Response struct {
	Query  string                    `json:"query"`
	Total  int                       `json:"total"`
	TookMS float64                   `json:"took_ms"`
	Hits   []Hit                     `json:"hits"`
	Facets map[string]map[string]int `json:"facets"`
	// Corrected is the query as searched when words were corrected
	// (typed.go); Suggestions the nearest words of a query that found
	// nothing.
	Corrected   string   `json:"corrected,omitempty"`
	Suggestions []string `json:"suggestions,omitempty"`
}

// Hit is one section found, or by document (GroupDocument) one document:
// its best section, with Sections beside.
type Hit struct {
	ID        string   `json:"id"`
	Title     string   `json:"title"`
	Type      string   `json:"type"`
	URL       string   `json:"url"` // with the section's #anchor
	Anchor    string   `json:"anchor"`
	Section   string   `json:"section"`
	Fragments []string `json:"fragments"` // HTML: escaped text with <mark>
	Score     float64  `json:"score"`
	// Sections are, grouped by document, its best sections (the first is
	// the hit's own section).
	Sections []SectionHit `json:"sections,omitempty"`

	exact bool // by document: its id or title is the query (it comes first)
}

// stems returns the stems of a word of the vocabulary (one per language
// that stems it differently). A word the handbook does not have is not
// stemmed but corrected (it is a typo, or a form of a word the vocabulary
// has, such as "approvals" for "approval"): the browser, which has the
// vocabulary but no stemmer, does the same.
func (ix *Index) stems(word string) ([]string, bool) {
	if w, ok := ix.vocab.Words[word]; ok {
		return w.Stems, true
	}
	return []string{word}, false
}
func (ix *Index) corrections(word string) []string { return ix.vocab.Corrections(word) }
func (ix *Index) expand(prefix string) []string    { return ix.vocab.Expand(prefix) }
func (ix *Index) hasID(id string) bool             { return ix.ids[id] }

// loadIDs reads the document ids from the index's id field.
func (ix *Index) loadIDs() error {
	fd, err := ix.bleve.FieldDict(format.FieldID)
	if err != nil {
		return err
	}
	defer fd.Close()
	for {
		e, err := fd.Next()
		if err != nil || e == nil {
			return err
		}
		ix.ids[e.Term] = true
	}
}

// Search answers a request. Errors the asker can fix are *QueryError.
func (ix *Index) Search(ctx context.Context, r Request) (*Response, error) {
	start := time.Now()
	if err := checkPage(&r); err != nil {
		return nil, err
	}
	p, err := ix.planOf(r)
	if err != nil {
		return nil, err
	}
	out, err := ix.run(ctx, r, p, nil)
	if out != nil {
		ix.sayWhatWasSearched(out, r.Q, p)
		out.TookMS = float64(time.Since(start).Microseconds()) / 1000
	}
	return out, err
}

// checkPage checks the page of hits asked for, defaulting its size.
func checkPage(r *Request) error {
	if r.Size == 0 {
		r.Size = format.DefaultSize
	}
	if r.Size < 1 || r.Size > format.MaxSize {
		return QueryErrorf("size must be between 1 and %d.", format.MaxSize)
	}
	if r.From < 0 || r.From > format.MaxFrom {
		return QueryErrorf("from must be between 0 and %d.", format.MaxFrom)
	}
	if r.Group != "" && r.Group != GroupSection && r.Group != GroupDocument {
		return QueryErrorf("group must be %s or %s.", GroupDocument, GroupSection)
	}
	return nil
}

// planOf parses a request's query and filters against this index.
func (ix *Index) planOf(r Request) (*plan, error) {
	var lex lexicon = ix
	if r.Exact {
		lex = exactly{ix}
	}
	p, err := parse(r.Q, ix.words, lex)
	if err != nil {
		return nil, err
	}
	if r.Type != "" {
		p.types = append(p.types, strings.ToLower(r.Type))
	}
	if r.Clause != "" {
		if !clauseLike.MatchString(r.Clause) && !isDigits(r.Clause) {
			return nil, QueryErrorf("%q is not a clause number (such as 8.6 or 8.6.1).", r.Clause)
		}
		p.clause = r.Clause
	}
	for _, t := range p.types {
		if !ix.knownType(t) {
			return nil, QueryErrorf("There is no document type %q.", t)
		}
	}
	return p, nil
}

// run answers a checked request with its parsed plan. skip, if set, leaves
// out the records of some documents (by document number): those that an
// overlay replaces with newer versions (overlay.go).
func (ix *Index) run(ctx context.Context, r Request, p *plan, skip func(doc uint32) bool) (*Response, error) {
	if ix.meta.Records == 0 {
		return &Response{Query: r.Q, Hits: []Hit{}, Facets: ix.facets(&ranking{})}, nil
	}
	ctx, cancel := context.WithTimeout(ctx, searchTimeout)
	defer cancel()
	allow, err := ix.filter(ctx, p)
	if err != nil {
		return nil, err
	}
	if skip != nil {
		allow = ix.skipping(allow, skip)
	}
	if r.Group == GroupDocument {
		return ix.runDocuments(r, p, allow)
	}
	k := r.From + r.Size
	if len(p.phrases) > 0 {
		k += phraseSlack
	}
	rk, err := ix.rank(p.fieldGroups(), p.required, allow, k, false)
	if err != nil {
		return nil, err
	}
	top := rk.top
	if len(p.phrases) > 0 {
		if top, err = ix.checkPhrases(top, p.phrases, r.From+r.Size); err != nil {
			return nil, err
		}
	}
	out := &Response{Query: r.Q, Total: rk.total, Hits: []Hit{}, Facets: ix.facets(rk)}
	if r.From < len(top) {
		for _, s := range top[r.From:] {
			hit, err := ix.hit(ix.recordKey(s.rec), s.score, p)
			if err != nil {
				return nil, err
			}
			out.Hits = append(out.Hits, hit)
		}
	}
	return out, nil
}

func (ix *Index) facets(rk *ranking) map[string]map[string]int {
	types, clauses := map[string]int{}, map[string]int{}
	for i, n := range rk.types {
		if n > 0 {
			types[ix.meta.Types[i].Name] = n
		}
	}
	for i, n := range rk.clauses {
		if n > 0 {
			clauses[ix.meta.Clauses[i]] = n
		}
	}
	return map[string]map[string]int{format.FieldType: types, format.FieldClause: clauses}
}

// Types are the document types of the index, in the order of its facets.
func (ix *Index) Types() []search.TypeInfo { return ix.meta.Types }

func (ix *Index) knownType(t string) bool {
	for _, k := range ix.meta.Types {
		if k.Name == t {
			return true
		}
	}
	return false
}

// hit makes the hit of a record from its document file.
func (ix *Index) hit(key string, score float64, p *plan) (Hit, error) {
	dn, sn, ok := format.ParseKey(key)
	if !ok {
		return Hit{}, fmt.Errorf("search index: bad record id %q", key)
	}
	d, err := ix.doc(dn)
	if err != nil {
		return Hit{}, fmt.Errorf("search index: %w", err)
	}
	if sn >= len(d.Sections) {
		return Hit{}, fmt.Errorf("search index: no section %d in %s", sn, d.ID)
	}
	s := d.Sections[sn]
	h := Hit{ID: d.ID, Title: d.Title, Type: d.Type, URL: d.URL, Anchor: s[0], Section: s[1], Score: score,
		Fragments: []string{ix.fragment(s[2], p.marks)}}
	if s[0] != "" {
		h.URL += "#" + s[0]
	}
	return h, nil
}
