package search

import (
	"bytes"
	"cmp"
	"compress/gzip"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"handbook/internal/par"
)

// The static index lets a browser search a copy of the output on any web
// server. Like Pagefind's, it is split into small files fetched on demand:
//
//	static/meta.json        sizes, boosts, stop words, types: read first
//	static/v/<letter>.bin   vocabulary by first letter: word → stem, count
//	static/t/<n>.bin        term shards by hash of the term: each term's
//	                        statistics and its highest-scoring postings
//	static/o/<n>/<e>.<f>.<t>.bin  the further postings of common terms, in
//	                        tiers of falling score, fetched only while
//	                        they can still change the top hits
//	static/d/<n>.bin        document n: title, address and section texts,
//	                        for the hits shown (fragments, phrase checks)
//	static/sections.bin     number of sections of each document
//	static/types.bin        type of each document (type filter, facets)
//	static/clauses.bin      clauses of each document (clause filter, facets)
//	static/pairs.bin        word pairs of each section's text: the server's
//	                        phrase check (pairs.go), not fetched by browsers;
//	                        only beside a bleve index (server.go)
//
// Every .bin file is gzip-compressed (the browser inflates it with
// DecompressionStream). Postings hold the term counts and field lengths
// bleve scores with, so the browser computes the same scores (see
// static/js/search.js); the server ranks from the same files (rank.go)
// and shows its hits from the documents'. The files are a pure function
// of the documents: builds of the same content give identical bytes.
const staticDir = "static"

// Static fields, in the order of their codes in the term shards.
const (
	sfTitle = iota
	sfHeading
	sfText
	sfTags
	sfID
	sfClause
	numStaticFields
)

// staticFields names the static fields; docLevel fields have one posting
// per document (every section of it shares the value).
var staticFields = [numStaticFields]struct {
	name     string
	docLevel bool
}{
	{fieldTitle, true}, {fieldHeading, false}, {fieldText, false}, {fieldTags, true}, {fieldID, true}, {fieldClause, true},
}

// Keys of the keyword fields in the term shards; stems never contain these
// characters, which Unicode word segmentation does not put in a word.
const (
	idKeyPrefix     = "#"
	clauseKeyPrefix = "@"
)

// Tiers: the first holds a term's tier0 best postings and sits in its
// shard; each further tier is tierGrowth times larger and has its own file.
const (
	tier0       = 128
	tierGrowth  = 4
	shardTarget = 12 << 10 // bytes of a term shard before compression
)

type posting struct {
	doc  uint32
	sec  uint32 // section; for document-level fields, the number of sections
	freq uint32
	len  uint32
}

// impact is what a posting contributes to a score apart from the factors
// common to the term: bleve's tf × norm, sqrt(freq) × float32(1/sqrt(len)).
func (p posting) impact() float64 {
	return math.Sqrt(float64(p.freq)) * float64(float32(1/math.Sqrt(float64(p.len))))
}

type postingList struct {
	df       int // records (bleve's document frequency)
	postings []posting
}

// staticIndex collects the postings while bleve indexes the same terms.
type staticIndex struct {
	docs  []Document
	words *words // for the title keys (group.go)
	terms map[string]*[numStaticFields]postingList
	nrec  int
	// pairs are each record's text pairs, for the server (pairs.go), when
	// it keeps them: written beside the bleve index (Output.IndexDir).
	pairs     [][]uint32
	keepPairs bool
}

func newStaticIndex(docs []Document, w *words) *staticIndex {
	return &staticIndex{docs: docs, words: w, terms: map[string]*[numStaticFields]postingList{}}
}

func (s *staticIndex) add(key string, field int, p posting) {
	lists, ok := s.terms[key]
	if !ok {
		lists = new([numStaticFields]postingList)
		s.terms[key] = lists
	}
	l := &lists[field]
	l.postings = append(l.postings, p)
	if staticFields[field].docLevel {
		l.df += int(p.sec)
	} else {
		l.df++
	}
}

func (s *staticIndex) addField(field int, doc, sec uint32, f *termField) {
	for term, tf := range f.freqs {
		s.add(term, field, posting{doc: doc, sec: sec, freq: uint32(tf.Frequency()), len: uint32(f.length)})
	}
}

// visit adds document d, analysed as a; documents come in order.
func (s *staticIndex) visit(d int, a *analysed) {
	doc, n := uint32(d), uint32(len(a.sections))
	s.nrec += len(a.sections)
	s.addField(sfTitle, doc, n, &a.title)
	s.addField(sfTags, doc, n, &a.tags)
	for i := range a.sections {
		s.addField(sfHeading, doc, uint32(i), &a.sections[i].heading)
		s.addField(sfText, doc, uint32(i), &a.sections[i].text)
		if s.keepPairs {
			s.pairs = append(s.pairs, a.sections[i].pairs)
		}
	}
	s.add(idKeyPrefix+strings.ToLower(s.docs[d].ID), sfID, posting{doc: doc, sec: n, freq: 1, len: 1})
	if key := titleKey(s.words, s.docs[d].Title); key != "" {
		s.add(key, sfID, posting{doc: doc, sec: n, freq: 1, len: 1})
	}
	cl := s.docs[d].Clauses
	for _, c := range slices.Compact(slices.Sorted(slices.Values(cl))) {
		freq := uint32(0)
		for _, c2 := range cl {
			if c2 == c {
				freq++
			}
		}
		s.add(clauseKeyPrefix+c, sfClause, posting{doc: doc, sec: n, freq: freq, len: uint32(len(cl))})
	}
}

// shardOf is the term shard of a key: FNV-1a (32 bits) modulo the number
// of shards (the JavaScript computes the same).
func shardOf(key string, shards int) int {
	h := fnv.New32a()
	h.Write([]byte(key))
	return int(h.Sum32() % uint32(shards))
}

// tiers splits postings, best first, into the tiers of the format (ties
// in handbook order).
func tiers(ps []posting) [][]posting {
	type ranked struct {
		impact float64
		p      posting
	}
	rs := make([]ranked, len(ps))
	for i, p := range ps {
		rs[i] = ranked{p.impact(), p}
	}
	slices.SortFunc(rs, func(a, b ranked) int {
		if c := cmpFloat(b.impact, a.impact); c != 0 {
			return c
		}
		if a.p.doc != b.p.doc {
			return cmp.Compare(a.p.doc, b.p.doc)
		}
		return cmp.Compare(a.p.sec, b.p.sec)
	})
	for i := range rs {
		ps[i] = rs[i].p
	}
	var out [][]posting
	for size := tier0; len(ps) > 0; size *= tierGrowth {
		n := min(size, len(ps))
		out = append(out, ps[:n])
		ps = ps[n:]
	}
	return out
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// encoder appends the format's values: unsigned varints and strings.
type encoder struct{ b []byte }

func (e *encoder) uint(v uint32) { e.b = binary.AppendUvarint(e.b, uint64(v)) }
func (e *encoder) str(s string) {
	e.uint(uint32(len(s)))
	e.b = append(e.b, s...)
}

// postingsTo encodes a tier: its size, the best posting's count and field
// length (the tier's upper bound), then the postings by document, each as
// document delta, section (or section count), count and field length.
func postingsTo(e *encoder, tier []posting, header bool) {
	if header {
		e.uint(uint32(len(tier)))
		e.uint(tier[0].freq)
		e.uint(tier[0].len)
		return
	}
	byDoc := slices.Clone(tier)
	slices.SortFunc(byDoc, func(a, b posting) int {
		if a.doc != b.doc {
			return cmp.Compare(a.doc, b.doc)
		}
		return cmp.Compare(a.sec, b.sec)
	})
	prev := uint32(0)
	for _, p := range byDoc {
		e.uint(p.doc - prev)
		e.uint(p.sec)
		e.uint(p.freq)
		e.uint(p.len)
		prev = p.doc
	}
}

// file is one file of the static index.
type file struct {
	path string
	data []byte
	gz   bool
	fast bool // compress for speed: the documents, the bulk of the index
}

// termShards sorts the terms into shards, each the keys it holds in
// order, of about shardTarget bytes.
func (s *staticIndex) termShards() [][]string {
	keys := make([]string, 0, len(s.terms))
	size := 0
	for k, lists := range s.terms {
		keys = append(keys, k)
		for f := range lists {
			size += len(k) + 5*min(len(lists[f].postings), tier0)
		}
	}
	slices.Sort(keys)
	byShard := make([][]string, max(1, size/shardTarget))
	for _, k := range keys {
		sh := shardOf(k, len(byShard))
		byShard[sh] = append(byShard[sh], k)
	}
	return byShard
}

// shardFiles encodes term shard sh, which holds the terms keys, and the
// overflow tiers of its terms.
func (s *staticIndex) shardFiles(sh int, keys []string) []file {
	var e encoder
	var files []file
	e.uint(uint32(len(keys)))
	for ei, k := range keys {
		files = append(files, s.entryTo(&e, sh, ei, k)...)
	}
	return append(files, file{path: "t/" + strconv.Itoa(sh) + ".bin", data: e.b, gz: true})
}

// entryTo encodes one term of a shard: key, then per field with postings
// its code, document frequency and tiers (the first inline, the others as
// headers of their files). It returns the files of the further tiers.
func (s *staticIndex) entryTo(e *encoder, shard, entry int, key string) []file {
	lists := s.terms[key]
	var fields []int
	for f := range lists {
		if len(lists[f].postings) > 0 {
			fields = append(fields, f)
		}
	}
	e.str(key)
	e.uint(uint32(len(fields)))
	var files []file
	for _, f := range fields {
		ts := tiers(lists[f].postings)
		e.uint(uint32(f))
		e.uint(uint32(lists[f].df))
		e.uint(uint32(len(ts)))
		postingsTo(e, ts[0], true)
		postingsTo(e, ts[0], false)
		for t, tier := range ts[1:] {
			postingsTo(e, tier, true)
			var oe encoder
			postingsTo(&oe, tier, false)
			files = append(files, file{path: overflowPath(shard, entry, f, t+1), data: oe.b, gz: true})
		}
	}
	return files
}

func overflowPath(shard, entry, field, tier int) string {
	return fmt.Sprintf("o/%d/%d.%d.%d.bin", shard, entry, field, tier)
}

// staticDoc is the JSON of d/<n>.bin.
type staticDoc struct {
	ID       string      `json:"id"`
	Title    string      `json:"title"`
	Type     string      `json:"type"`
	URL      string      `json:"url"`
	Tags     []string    `json:"tags,omitempty"`
	Sections [][3]string `json:"s"` // anchor, heading, text
	// Lang is the document's analyser (LangOf) unless DefaultLang: what
	// the server's index is analysed with when Open builds it (server.go).
	Lang string `json:"lang,omitempty"`
}

func docFile(n int, d *Document) file {
	sd := staticDoc{ID: d.ID, Title: d.Title, Type: d.Type, URL: d.URL, Tags: d.Tags}
	switch l, ok := LangOf(d.Lang); {
	case !ok:
		sd.Lang = "und" // no analyser: analysed neutrally
	case l != DefaultLang:
		sd.Lang = l
	}
	for _, s := range d.Sections {
		sd.Sections = append(sd.Sections, [3]string{s.Anchor, s.Heading, s.Text})
	}
	b, _ := json.Marshal(sd)
	return file{path: "d/" + strconv.Itoa(n) + ".bin", data: b, gz: true, fast: true}
}

// TypeInfo names a document type for facets and filters.
type TypeInfo struct {
	Name  string `json:"name"`
	Label string `json:"label"`
}

// staticMeta is meta.json: everything the browser needs before fetching
// anything else.
type staticMeta struct {
	Version   int                `json:"version"`
	Records   int                `json:"records"`
	Docs      int                `json:"docs"`
	Shards    int                `json:"shards"`
	Tier0     int                `json:"tier0"`
	Growth    int                `json:"tier_growth"`
	Fields    []string           `json:"fields"`
	DocLevel  []bool             `json:"doc_level"`
	Boosts    map[string]float64 `json:"boosts"`
	Limits    map[string]int     `json:"limits"`
	StopWords []string           `json:"stop_words"` // folded, of every language used
	// Elisions and Apostrophes are the normalisation of lang.go.
	Elisions    []string   `json:"elisions"`
	Apostrophes string     `json:"apostrophes"`
	Vocab       []string   `json:"vocab"` // shards that exist
	Types       []TypeInfo `json:"types"`
	Clauses     []string   `json:"clauses"`
}

// docTableFiles encodes sections.bin (the number of sections per document),
// types.bin (a type index per document) and clauses.bin (per document:
// the number of clauses, then their indexes in meta).
func docTableFiles(docs []Document, types []TypeInfo, clauses []string) []file {
	ti := map[string]int{}
	for i, t := range types {
		ti[t.Name] = i
	}
	ci := map[string]int{}
	for i, c := range clauses {
		ci[c] = i
	}
	var se, te, ce encoder
	for _, d := range docs {
		se.uint(uint32(len(d.Sections)))
		te.uint(uint32(ti[d.Type]))
		ce.uint(uint32(len(d.Clauses)))
		for _, c := range d.Clauses {
			ce.uint(uint32(ci[c]))
		}
	}
	return []file{
		{path: "sections.bin", data: se.b, gz: true},
		{path: "types.bin", data: te.b, gz: true},
		{path: "clauses.bin", data: ce.b, gz: true},
	}
}

// write writes the static index through put.
func (s *staticIndex) write(put func(string, []byte) error, vocab *vocabulary, stop []string, types []TypeInfo) (int, error) {
	// Each shard is encoded, compressed and written in turn, on all cores:
	// encoding them all first held the whole index twice (10,000
	// documents: 65 MB more at the build's peak).
	byShard := s.termShards()
	var z zippers
	var termFiles atomic.Int64
	err := par.ForErr(len(byShard), func(sh int) error {
		files := s.shardFiles(sh, byShard[sh])
		termFiles.Add(int64(len(files)))
		for _, f := range files {
			if err := z.put(put, f); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	var files []file
	for sh := range vocab.byShard {
		files = append(files, file{path: "v/" + sh + ".bin", data: vocab.encodeShard(sh), gz: true})
	}
	types = typesOf(s.docs, types)
	clauses := clausesOf(s.docs)
	if clauses == nil {
		clauses = []string{} // "clauses": [] for the browser, not null
	}
	files = append(files, docTableFiles(s.docs, types, clauses)...)
	elisions, err := elisionArticles()
	if err != nil {
		return 0, err
	}
	meta := staticMeta{
		Elisions: elisions, Apostrophes: apostrophes,
		Version: 1, Records: s.nrec, Docs: len(s.docs), Shards: len(byShard), Tier0: tier0, Growth: tierGrowth,
		Boosts: boosts(), Limits: limits(), StopWords: stop, Vocab: slices.Sorted(maps.Keys(vocab.byShard)),
		Types: types, Clauses: clauses,
	}
	for _, f := range staticFields {
		meta.Fields = append(meta.Fields, f.name)
		meta.DocLevel = append(meta.DocLevel, f.docLevel)
	}
	mb, err := json.Marshal(meta)
	if err != nil {
		return 0, err
	}
	files = append(files, file{path: "meta.json", data: mb})
	if s.keepPairs {
		files = append(files, file{path: "pairs.bin", data: encodePairs(s.pairs)})
	}
	return int(termFiles.Load()) + len(files), putAll(put, files)
}

// writeDocs writes the document files d/<n>.bin.
func writeDocs(put func(string, []byte) error, docs []Document) (int, error) {
	// Each file is encoded as it is written: holding all of them at once
	// would add the whole corpus's text to the build's peak memory again.
	return len(docs), putEach(put, len(docs), func(i int) file { return docFile(i, &docs[i]) })
}

func putAll(put func(string, []byte) error, files []file) error {
	return putEach(put, len(files), func(i int) file { return files[i] })
}

// putEach writes the n files that fileAt makes, compressing them on all cores.
func putEach(put func(string, []byte) error, n int, fileAt func(int) file) error {
	var z zippers
	return par.ForErr(n, func(i int) error { return z.put(put, fileAt(i)) })
}

// put compresses f if it is to be, and writes it.
func (z *zippers) put(put func(string, []byte) error, f file) error {
	data := f.data
	if f.gz {
		level := 5
		if f.fast {
			level = gzip.BestSpeed
		}
		data = z.gzipped(data, level)
	}
	return put(f.path, data)
}

// gzipped compresses b with no name or time in the header (identical
// output for identical input). On handbook text level 5 is as small as
// level 9 within 2% at a third of the time; level 1 (the documents) is
// 12% larger again and three times as fast. Writers are reused: a new one
// costs more than compressing a small file.
func (z *zippers) gzipped(b []byte, level int) []byte {
	pool := &z.fast
	if level != gzip.BestSpeed {
		pool = &z.small
	}
	var buf bytes.Buffer
	zw, _ := pool.Get().(*gzip.Writer)
	if zw == nil {
		zw, _ = gzip.NewWriterLevel(&buf, level)
	} else {
		zw.Reset(&buf)
	}
	zw.Write(b)
	zw.Close()
	pool.Put(zw)
	return buf.Bytes()
}

// zippers are the gzip writers of one Write, by level.
type zippers struct{ fast, small sync.Pool }

// typesOf lists the known types that documents use, in the given order,
// then any others alphabetically.
func typesOf(docs []Document, known []TypeInfo) []TypeInfo {
	used := map[string]bool{}
	for _, d := range docs {
		used[d.Type] = true
	}
	var out []TypeInfo
	for _, t := range known {
		if used[t.Name] {
			out = append(out, t)
			delete(used, t.Name)
		}
	}
	for _, t := range slices.Sorted(maps.Keys(used)) {
		out = append(out, TypeInfo{Name: t, Label: t})
	}
	return out
}

func clausesOf(docs []Document) []string {
	set := map[string]bool{}
	for _, d := range docs {
		for _, c := range d.Clauses {
			set[c] = true
		}
	}
	return slices.SortedFunc(maps.Keys(set), compareClauses)
}

// CompareClauses orders clause numbers numerically: 4.1 < 4.2 < 4.10.
func CompareClauses(a, b string) int { return compareClauses(a, b) }

func compareClauses(a, b string) int {
	as, bs := strings.Split(a, "."), strings.Split(b, ".")
	for i := range min(len(as), len(bs)) {
		x, errx := strconv.Atoi(as[i])
		y, erry := strconv.Atoi(bs[i])
		if errx != nil || erry != nil {
			if c := strings.Compare(as[i], bs[i]); c != 0 {
				return c
			}
			continue
		}
		if x != y {
			return x - y
		}
	}
	return len(as) - len(bs)
}
