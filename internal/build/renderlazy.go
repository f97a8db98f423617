package build

import (
	"crypto/sha256"
	"errors"
	"maps"
	"slices"

	"handbook/internal/markdown"
	"handbook/internal/search"
	"handbook/internal/search/index"
	"handbook/internal/site"
)

// A lazy render cache (a build whose state serves nothing else: Build,
// BuildState) loads its shards' records alone, and leaves the documents'
// HTML and their sections' texts, most of a shard's bytes, in the cache:
// an edit renders a few pages again (the page cache keeps the others by
// keys made of the records' sums) and the search index analyses a few
// documents again (its memos hold the others' results by the records'
// search sums). A document's HTML is read back when its page is rendered
// (state.pageBody), its texts when the index reads them
// (state.searchText), each checked against the record's sums; what
// cannot be read back as stored is converted again from its source.
// The results of the documents taken from such a cache (st.Pages) hold
// no HTML and no section texts but through these.

// lazyOnly is what a lazy cache keeps once stored, for pageBody and
// searchText: the records it took from the cache, not those converted
// now, whose results (the state's) the build lets go page by page
// (state.dropHTML), and the sources' bodies of those records alone. Nil
// when rc is not lazy or took no record from the cache (a first build:
// keeping every source's body until the end cost 80 MB at its peak at
// 10,000 documents).
func (rc *renderCache) lazyOnly() *renderCache {
	if rc == nil || !rc.lazy {
		return nil
	}
	kept := 0
	for i := range rc.next {
		maps.DeleteFunc(rc.next[i], func(path string, r *renderRecord) bool { return rc.prev[i][path] != r })
		kept += len(rc.next[i])
	}
	if kept == 0 {
		return nil
	}
	rc.bodies = make(map[string][]byte, kept)
	for _, d := range rc.sources {
		if _, ok := rc.next[renderShard(d.Path)][d.Path]; ok {
			rc.bodies[d.Path] = d.Body
		}
	}
	rc.sources = nil
	return rc
}

// stored is where the HTML and the sections' texts of a record that a
// lazy cache loaded lie in its shard: their offsets in the shard's html
// and text files, and the texts' lengths, section by section.
type stored struct {
	htmlAt, textAt int64
	texts          []int
}

// textLen is the length of the record's texts together.
func (s stored) textLen() int64 {
	var n int64
	for _, l := range s.texts {
		n += int64(l)
	}
	return n
}

// partReader reads n bytes at off in a file of a shard ("html", "text").
type partReader func(file string, off, n int64) ([]byte, error)

// cached returns the record taken from a lazy cache for the document at
// path, where its parts lie and how to read them; ok is false when the
// document's result holds all of it (converted now, or no lazy cache).
// It is for after the conversions (convert): it reads the records alone.
func (rc *renderCache) cached(path string) (r *renderRecord, at stored, read partReader, ok bool) {
	if rc == nil || !rc.lazy {
		return nil, at, nil, false
	}
	i := renderShard(path)
	r, e := rc.next[i][path], rc.entries[i]
	if r == nil || e == nil || rc.prev[i][path] != r {
		return nil, at, nil, false
	}
	at, ok = rc.stored[i][path]
	return r, at, e.ReadPart, ok
}

// recordHTML reads back the HTML of r, stored at, checked against
// r.HTMLSum.
func recordHTML(r *renderRecord, at stored, read partReader) ([]byte, bool) {
	b, err := read("html", at.htmlAt, int64(r.HTMLLen))
	return b, err == nil && sha256.Sum256(b) == r.HTMLSum
}

// recordSections reads back the texts of r's sections, stored at, and
// returns its sections with them, checked against r.SearchSum (the search
// index's sums of d converted as r, which hash them).
func (rc *renderCache) recordSections(d *site.Document, r *renderRecord, at stored, read partReader) ([]markdown.Section, bool) {
	if len(r.Result.Sections) == 0 {
		return nil, true
	}
	if d == nil || r.SearchSum == (index.DocSum{}) || len(at.texts) != len(r.Result.Sections) {
		return nil, false
	}
	b, err := read("text", at.textAt, at.textLen())
	if err != nil {
		return nil, false
	}
	secs := slices.Clone(r.Result.Sections)
	if _, ok := sectionsText(secs, at.texts, string(b)); !ok {
		return nil, false
	}
	sd := rc.st.searchDocumentOf(d, &markdown.Result{Sections: secs})
	return secs, index.SumDocument(&sd) == r.SearchSum
}

// convertAgain converts d (a document of st.Docs) again from its source.
func (rc *renderCache) convertAgain(d *site.Document) *renderRecord {
	c := *d
	c.Body = rc.bodies[d.Path]
	return rc.st.convertDoc(&c)
}

// pageBody puts the HTML of d's converted body into its result, where a
// lazy cache left it out. Each page's own goroutine calls it for its
// document alone, before rendering the page.
func (st *state) pageBody(d *site.Document) {
	rc, res := st.bodies, st.Pages[d.Meta.ID]
	r, at, read, ok := rc.cached(d.Path)
	if !ok || res == nil || res.HTML != nil || r.HTMLLen == 0 {
		return
	}
	html, ok := recordHTML(r, at, read)
	if !ok {
		html = rc.convertAgain(d).Result.HTML
	}
	res.HTML = html
}

// searchText is the sections of st.Docs[i] as the search index holds
// them (index.Output.Text), texts included: read back from a lazy cache
// where the build left them there. It is safe for concurrent use.
func (st *state) searchText(i int) []search.Section {
	d := st.Docs[i]
	rc := st.bodies
	r, at, read, ok := rc.cached(d.Path)
	if !ok {
		return st.searchDocs()[i].Sections
	}
	secs, ok := rc.recordSections(d, r, at, read)
	if !ok {
		secs = rc.convertAgain(d).Result.Sections
	}
	// The sections alone: the pages set and drop the result's HTML meanwhile.
	return st.searchDocumentOf(d, &markdown.Result{Sections: secs}).Sections
}

// shardBack gives the records of a shard to store whole, HTML and texts
// included (readBack).
type shardBack struct {
	rc         *renderCache
	html, text []byte
	err        error
}

// readBack is shard i's shardBack: the html and text files of a shard a
// lazy cache loaded, read whole once and checked by the cache's
// checksums, from which each record is taken without checking it again.
func (rc *renderCache) readBack(i int) shardBack {
	b := shardBack{rc: rc}
	if e := rc.entries[i]; rc.lazy && e != nil {
		var herr, terr error
		b.html, herr = e.ReadFile("html")
		b.text, terr = e.ReadFile("text")
		b.err = errors.Join(herr, terr)
	}
	return b
}

// whole is a copy of r with its HTML and texts: taken from the shard's
// files when a lazy cache left them out; ok is false when they cannot be
// read as stored.
func (b shardBack) whole(r *renderRecord) (renderRecord, bool) {
	c := *r
	_, at, _, lazy := b.rc.cached(r.Path)
	if !lazy {
		return c, true
	}
	html, hok := slicePart(b.html, at.htmlAt, int64(r.HTMLLen))
	text, tok := slicePart(b.text, at.textAt, at.textLen())
	if b.err != nil || !hok || !tok || len(at.texts) != len(r.Result.Sections) {
		return c, false
	}
	c.Result.HTML, c.Result.Sections = html, slices.Clone(r.Result.Sections)
	_, ok := sectionsText(c.Result.Sections, at.texts, string(text))
	return c, ok
}

// slicePart is the n bytes at off of b, if it has them.
func slicePart(b []byte, off, n int64) ([]byte, bool) {
	if off < 0 || n < 0 || off > int64(len(b)) || n > int64(len(b))-off {
		return nil, false
	}
	return b[off : off+n : off+n], true
}
