package index

import (
	"bytes"
	"encoding/json"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/klauspost/compress/gzip"

	"handbook/internal/par"
	"handbook/internal/search"
	"handbook/internal/search/analysis"
	"handbook/internal/search/format"
)

// postingList is a term's postings in one field, in the order added:
// those of the full blocks, then those of postings. A list grows by
// append up to blockMin postings, then by blocks each as long as the list
// before it, so that a long list is never copied as it grows (10,000
// documents: ~300 MB of copies per build, each dropped at once).
type postingList struct {
	df       int // records (bleve's document frequency)
	full     [][]format.Posting
	postings []format.Posting
}

// blockMin is the length from which a list grows by blocks.
const blockMin = 256

// len is the number of postings of l.
func (l *postingList) len() int {
	n := len(l.postings)
	for _, b := range l.full {
		n += len(b)
	}
	return n
}

// push adds p at the end of l.
func (l *postingList) push(p format.Posting) {
	if len(l.postings) == cap(l.postings) && len(l.postings) >= blockMin {
		l.full = append(l.full, l.postings)
		l.postings = make([]format.Posting, 0, l.len())
	}
	l.postings = append(l.postings, p)
}

// each calls fn with each of l's postings in order.
func (l *postingList) each(fn func(p format.Posting)) {
	for _, b := range l.full {
		for _, p := range b {
			fn(p)
		}
	}
	for _, p := range l.postings {
		fn(p)
	}
}

// staticIndex collects the postings while bleve indexes the same terms.
type staticIndex struct {
	docs []search.Document
	// full gives document d with its text (Output.Text: docs may leave
	// it out).
	full  func(d int) *search.Document
	words *analysis.Words // for the title keys (group.go)
	terms map[string]*[format.NumStaticFields]postingList
	// recent is the term added last in each slot (analysis.RecentSlot),
	// found there sooner than in terms
	recent [analysis.RecentSlots]termLists
	nrec   int
	// pairs are each record's text pairs, for the server (pairs.go), when
	// it keeps them: written beside the bleve index (Output.IndexDir).
	pairs     [][]uint32
	keepPairs bool
	// encoded counts the terms encoded, not taken from a memo (putShard).
	encoded atomic.Int64
	// keep is whether a build with memos keeps what the next build's
	// delta path needs (delta.go): size, the terms' size (termSize), and
	// shards, what putShard kept of each term shard; delta is
	// that build's plan, nil when the index is made from every document.
	keep   bool
	size   int
	shards []shardRef
	delta  *deltaPlan
	// tierings are the rooms entryTo works in (tiering), one per
	// goroutine encoding shards.
	tierings sync.Pool
}

func newStaticIndex(docs []search.Document, w *analysis.Words) *staticIndex {
	return &staticIndex{docs: docs, words: w, terms: map[string]*[format.NumStaticFields]postingList{}}
}

func (s *staticIndex) add(key string, field int, p format.Posting) {
	lists := s.listsOf(key)
	l := &lists[field]
	l.push(p)
	if format.StaticFields[field].DocLevel {
		l.df += int(p.Sec)
	} else {
		l.df++
	}
}

// termLists is a term and its posting lists.
type termLists struct {
	key   string
	lists *[format.NumStaticFields]postingList
}

// listsOf returns the posting lists of the term key, made if new.
func (s *staticIndex) listsOf(key string) *[format.NumStaticFields]postingList {
	r := &s.recent[analysis.RecentSlot(key)]
	if r.lists != nil && r.key == key {
		return r.lists
	}
	lists, ok := s.terms[key]
	if !ok {
		lists = new([format.NumStaticFields]postingList)
		s.terms[key] = lists
	}
	*r = termLists{key, lists}
	return lists
}

// visitAnalysed adds document d, analysed as a (for bleve's index too),
// and keeps its sections' pairs when asked to.
func (s *staticIndex) visitAnalysed(d int, a *analysis.Analysed) {
	t := docTermsOf(a, false)
	s.visit(d, &t)
	if s.keepPairs {
		for i := range a.Sections {
			s.pairs = append(s.pairs, a.Sections[i].Pairs)
		}
	}
}

// visit adds the terms t of document d; documents come in order.
func (s *staticIndex) visit(d int, t *docTerms) {
	s.nrec += len(t.sections)
	s.postingsOf(d, t, s.add)
}

// postingsOf gives add each posting of document d, whose terms are t: by
// field, and in each field's term in the order of the sections.
func (s *staticIndex) postingsOf(d int, t *docTerms, add func(key string, field int, p format.Posting)) {
	doc, n := uint32(d), uint32(len(t.sections))
	addField := func(field int, sec uint32, f *fieldTerms) {
		for _, tc := range f.terms {
			add(tc.term, field, format.Posting{Doc: doc, Sec: sec, Freq: tc.n, Len: f.length})
		}
	}
	addField(format.SfTitle, n, &t.title)
	addField(format.SfTags, n, &t.tags)
	for i := range t.sections {
		addField(format.SfHeading, uint32(i), &t.sections[i].heading)
		addField(format.SfText, uint32(i), &t.sections[i].text)
	}
	add(format.IdKeyPrefix+strings.ToLower(s.docs[d].ID), format.SfID, format.Posting{Doc: doc, Sec: n, Freq: 1, Len: 1})
	if key := analysis.TitleKey(s.words, s.docs[d].Title); key != "" {
		add(key, format.SfID, format.Posting{Doc: doc, Sec: n, Freq: 1, Len: 1})
	}
	cl := s.docs[d].Clauses
	for _, c := range slices.Compact(slices.Sorted(slices.Values(cl))) {
		freq := uint32(0)
		for _, c2 := range cl {
			if c2 == c {
				freq++
			}
		}
		add(format.ClauseKeyPrefix+c, format.SfClause, format.Posting{Doc: doc, Sec: n, Freq: freq, Len: uint32(len(cl))})
	}
}

// file is one file of the static index.
type file struct {
	Path string
	Data []byte
	gz   bool
	// level is the compression level when not termLevel: the documents'
	// (the bulk of the index) and the overflow tiers'.
	level int
}

// termShards sorts the terms into shards, each the keys it holds in
// order, of about format.ShardTarget bytes.
func (s *staticIndex) termShards() [][]string {
	keys := make([]string, 0, len(s.terms))
	s.size = 0
	for k, lists := range s.terms {
		keys = append(keys, k)
		s.size += termSize(k, lists)
	}
	slices.Sort(keys)
	byShard := make([][]string, shardCount(s.size))
	for _, k := range keys {
		sh := format.ShardOf(k, len(byShard))
		byShard[sh] = append(byShard[sh], k)
	}
	return byShard
}

// termSize is what a term adds to the size that sets the number of term
// shards.
func termSize(k string, lists *[format.NumStaticFields]postingList) int {
	size := 0
	for f := range lists {
		size += len(k) + 5*min(lists[f].len(), format.Tier0)
	}
	return size
}

// shardCount is the number of term shards of an index of size (termSize).
func shardCount(size int) int { return max(1, size/format.ShardTarget) }

// shardFiles encodes term shard sh, which holds the terms keys, and the
// overflow tiers of its terms.
func (s *staticIndex) shardFiles(sh int, keys []string) []file {
	var e format.Encoder
	var files []file
	e.Uint(uint32(len(keys)))
	for ei, k := range keys {
		for _, o := range s.entryTo(&e, k) {
			files = append(files, file{Path: format.OverflowPath(sh, ei, o.field, o.tier), Data: o.data, gz: true, level: bulkLevel})
		}
	}
	return append(files, file{Path: "t/" + strconv.Itoa(sh) + ".bin", Data: e.B, gz: true})
}

// overflow is a further tier of a term's postings in one field, whose
// file is format.OverflowPath(shard, entry, field, tier).
type overflow struct {
	field, tier int
	data        []byte
}

// entryTo encodes one term of a shard: key, then per field with postings
// its code, document frequency and tiers (the first inline, the others as
// headers of their files). It returns the further tiers. What it writes
// depends on the key and its postings alone (not on the shard or the
// entry's place in it).
func (s *staticIndex) entryTo(e *format.Encoder, key string) []overflow {
	room, _ := s.tierings.Get().(*tiering)
	if room == nil {
		room = new(tiering)
	}
	defer s.tierings.Put(room) // after the tiers, which may be in room.flat, are encoded
	lists := s.terms[key]
	var fields []int
	for f := range lists {
		if lists[f].len() > 0 {
			fields = append(fields, f)
		}
	}
	e.Str(key)
	e.Uint(uint32(len(fields)))
	var out []overflow
	for _, f := range fields {
		ts := room.Tiers(room.postings(&lists[f]))
		e.Uint(uint32(f))
		e.Uint(uint32(lists[f].df))
		e.Uint(uint32(len(ts)))
		format.PostingsTo(e, ts[0], true)
		format.PostingsTo(e, ts[0], false)
		for t, tier := range ts[1:] {
			format.PostingsTo(e, tier, true)
			oe := format.Encoder{B: make([]byte, 0, 5*len(tier))} // about its bytes: no regrowth
			format.PostingsTo(&oe, tier, false)
			out = append(out, overflow{field: f, tier: t + 1, data: oe.B})
		}
	}
	return out
}

// tiering is the room entryTo works in: format.Tiers's, and flat, a
// list's postings in one slice when they are in blocks.
type tiering struct {
	format.Tiering
	flat []format.Posting
}

// postings returns l's postings in one slice: l's own when it has one
// block (Tiers reorders them), else a copy in t.flat.
func (t *tiering) postings(l *postingList) []format.Posting {
	if l.full == nil {
		return l.postings
	}
	t.flat = t.flat[:0]
	for _, b := range l.full {
		t.flat = append(t.flat, b...)
	}
	t.flat = append(t.flat, l.postings...)
	return t.flat
}

// docEncoder writes documents' JSON (format.StaticDoc) in room it keeps
// for the next document. One goroutine uses it at a time.
type docEncoder struct {
	buf      bytes.Buffer
	enc      *json.Encoder
	sections [][3]string
}

// json returns the JSON of d, json.Marshal's bytes, valid until the next
// call: Encoder's are Marshal's and a newline, written in e's buffer
// rather than a new one per document (10,000 documents: the corpus's
// text again).
func (e *docEncoder) json(d *search.Document) []byte {
	sd := format.StaticDoc{ID: d.ID, Title: d.Title, Type: d.Type, URL: d.URL, Tags: d.Tags}
	switch l, ok := analysis.LangOf(d.Lang); {
	case !ok:
		sd.Lang = "und" // no analyser: analysed neutrally
	case l != analysis.DefaultLang:
		sd.Lang = l
	}
	if len(d.Sections) > 0 { // none: null, as Marshal writes a nil slice
		e.sections = e.sections[:0]
		for _, s := range d.Sections {
			e.sections = append(e.sections, [3]string{s.Anchor, s.Heading, s.Text})
		}
		sd.Sections = e.sections
	}
	if e.enc == nil {
		e.enc = json.NewEncoder(&e.buf)
	}
	e.buf.Reset()
	e.enc.Encode(sd)  // no error: strings only
	clear(e.sections) // keeps no text for the next document
	b := e.buf.Bytes()
	return b[:len(b)-1]
}

func docPath(n int) string { return "d/" + strconv.Itoa(n) + ".bin" }

// docTableFiles encodes sections.bin (the number of sections per document),
// types.bin (a type index per document) and clauses.bin (per document:
// the number of clauses, then their indexes in meta).
func docTableFiles(docs []search.Document, types []search.TypeInfo, clauses []string) []file {
	ti := map[string]int{}
	for i, t := range types {
		ti[t.Name] = i
	}
	ci := map[string]int{}
	for i, c := range clauses {
		ci[c] = i
	}
	var se, te, ce format.Encoder
	for _, d := range docs {
		se.Uint(uint32(len(d.Sections)))
		te.Uint(uint32(ti[d.Type]))
		ce.Uint(uint32(len(d.Clauses)))
		for _, c := range d.Clauses {
			ce.Uint(uint32(ci[c]))
		}
	}
	return []file{
		{Path: "sections.bin", Data: se.B, gz: true},
		{Path: "types.bin", Data: te.B, gz: true},
		{Path: "clauses.bin", Data: ce.B, gz: true},
	}
}

// write writes the static index through put.
func (s *staticIndex) write(put func(string, []byte) error, z *zippers, vocab *format.Vocabulary, stop []string, types []search.TypeInfo) (int, error) {
	// Each shard is encoded, compressed and written in turn, on all cores:
	// encoding them all first held the whole index twice (10,000
	// documents: 65 MB more at the build's peak).
	var byShard [][]string
	if s.delta != nil {
		byShard = s.delta.byShard
	} else {
		byShard = s.termShards()
	}
	s.shards = make([]shardRef, len(byShard))
	var termFiles atomic.Int64
	err := par.ForErr(len(byShard), func(sh int) error {
		n, err := s.putShard(put, z, sh, len(byShard), byShard[sh])
		termFiles.Add(int64(n))
		return err
	})
	if err != nil {
		return 0, err
	}
	var files []file
	for sh := range vocab.ByShard {
		files = append(files, file{Path: "v/" + sh + ".bin", Data: vocab.EncodeShard(sh), gz: true})
	}
	types = typesOf(s.docs, types)
	clauses := clausesOf(s.docs)
	if clauses == nil {
		clauses = []string{} // "clauses": [] for the browser, not null
	}
	files = append(files, docTableFiles(s.docs, types, clauses)...)
	elisions, err := analysis.ElisionArticles()
	if err != nil {
		return 0, err
	}
	meta := format.StaticMeta{
		Elisions: elisions, Apostrophes: analysis.Apostrophes,
		Version: format.StaticVersion, Records: s.nrec, Docs: len(s.docs), Shards: len(byShard), Tier0: format.Tier0, Growth: format.TierGrowth,
		Boosts: format.Boosts(), Limits: format.Limits(), StopWords: stop, Vocab: slices.Sorted(maps.Keys(vocab.ByShard)),
		Types: types, Clauses: clauses,
	}
	for _, f := range format.StaticFields {
		meta.Fields = append(meta.Fields, f.Name)
		meta.DocLevel = append(meta.DocLevel, f.DocLevel)
	}
	mb, err := json.Marshal(meta)
	if err != nil {
		return 0, err
	}
	files = append(files, file{Path: "meta.json", Data: mb})
	if s.keepPairs {
		files = append(files, file{Path: "pairs.bin", Data: format.EncodePairs(s.pairs)})
	}
	return int(termFiles.Load()) + len(files), putAll(put, z, files)
}

// writeDocs writes the document files d/<n>.bin; with a memo, the
// compressed files of unchanged documents (by sums) are taken from it.
func writeDocs(put func(string, []byte) error, z *zippers, docs []search.Document, full func(int) *search.Document, sums []docSums, memo Memo) (int, error) {
	// Each file is encoded as it is written: holding all of them at once
	// would add the whole corpus's text to the build's peak memory again.
	var encoders sync.Pool
	return len(docs), par.ForErr(len(docs), func(i int) error {
		e, _ := encoders.Get().(*docEncoder)
		if e == nil {
			e = new(docEncoder)
		}
		defer encoders.Put(e) // after the JSON is compressed
		path := docPath(i)
		if memo == nil {
			return z.put(put, file{Path: path, Data: e.json(full(i)), gz: true, level: bulkLevel})
		}
		if b, ok := memo.Get(sums[i].file); ok {
			return put(path, b)
		}
		b := z.gzipped(e.json(full(i)), bulkLevel)
		memo.Put(sums[i].file, b)
		return put(path, b)
	})
}

func putAll(put func(string, []byte) error, z *zippers, files []file) error {
	return par.ForErr(len(files), func(i int) error { return z.put(put, files[i]) })
}

// putEach writes files one after the other.
func (z *zippers) putEach(put func(string, []byte) error, files []file) error {
	for _, f := range files {
		if err := z.put(put, f); err != nil {
			return err
		}
	}
	return nil
}

// put compresses f if it is to be, and writes it.
func (z *zippers) put(put func(string, []byte) error, f file) error {
	data := f.Data
	if f.gz {
		data, _ = z.compressedSum(data, levelOf(f))
	}
	return put(f.Path, data)
}

// levelOf is the compression level of a file that is compressed.
func levelOf(f file) int {
	if f.level != 0 {
		return f.level
	}
	return termLevel
}

// termLevel is the compression level of the term shards and the other
// small files; bulkLevel that of the documents and the overflow tiers,
// nine tenths of the index's bytes. Measured with klauspost/compress on
// the 10,000-document benchmark corpus (CPU of one build, MB written):
// the documents at level 1 0.27 s 21.97 MB, 3 0.31 s 21.20 MB, 5 0.42 s
// 20.20 MB, 7 0.77 s 19.83 MB (compress/flate's level 1, before: 0.64 s
// 22.31 MB); the overflow tiers at 3 0.075 s 7.97 MB (compress/flate's
// level 2: 0.24 s 7.90 MB). Level 3 is the knee: above it each MB saved
// costs more than twice the CPU. The term shards, read at each query,
// are as small at 7 as at compress/flate's 9, in half its level 5's time.
const (
	termLevel = 7
	bulkLevel = 3
)

// compressedSum is b gzipped at level, taken from z's memo when it has
// it for the same bytes and level, and its memo sum (zero without one).
func (z *zippers) compressedSum(b []byte, level int) ([]byte, [32]byte) {
	if z.memo == nil {
		return z.gzipped(b, level), [32]byte{}
	}
	sum := gzipSum(b, level)
	if gz, ok := z.memo.Get(sum); ok {
		return gz, sum
	}
	gz := z.gzipped(b, level)
	z.memo.Put(sum, gz)
	return gz, sum
}

// gzipped compresses b with no name or time in the header (identical
// output for identical input, klauspost/compress's deflate being
// deterministic for a level, as compress/flate's is). Writers are reused, and so
// are their buffers: a new writer costs more than compressing a small
// file, and a buffer grown from nothing copies the output several times
// and keeps up to twice its size; the result is copied out exactly.
func (z *zippers) gzipped(b []byte, level int) []byte {
	pool := &z.byLevel[level]
	g, _ := pool.Get().(*zipper)
	if g == nil {
		g = &zipper{}
		g.w, _ = gzip.NewWriterLevel(&g.buf, level)
	} else {
		g.buf.Reset()
		g.w.Reset(&g.buf)
	}
	g.w.Write(b)
	g.w.Close()
	out := bytes.Clone(g.buf.Bytes())
	pool.Put(g)
	return out
}

// zipper is a gzip writer and the buffer it writes to.
type zipper struct {
	w   *gzip.Writer
	buf bytes.Buffer
}

// zippers are the gzip writers of one Write, by level, and the memo of
// compressed files, if any.
type zippers struct {
	byLevel [gzip.BestCompression + 1]sync.Pool
	memo    Memo
}

// typesOf lists the known types that documents use, in the given order,
// then any others alphabetically.
func typesOf(docs []search.Document, known []search.TypeInfo) []search.TypeInfo {
	used := map[string]bool{}
	for _, d := range docs {
		used[d.Type] = true
	}
	var out []search.TypeInfo
	for _, t := range known {
		if used[t.Name] {
			out = append(out, t)
			delete(used, t.Name)
		}
	}
	for _, t := range slices.Sorted(maps.Keys(used)) {
		out = append(out, search.TypeInfo{Name: t, Label: t})
	}
	return out
}

func clausesOf(docs []search.Document) []string {
	set := map[string]bool{}
	for _, d := range docs {
		for _, c := range d.Clauses {
			set[c] = true
		}
	}
	return slices.SortedFunc(maps.Keys(set), search.CompareClauses)
}
