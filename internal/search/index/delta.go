package index

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"slices"
	"strings"

	"handbook/internal/par"
	"handbook/internal/search"
	"handbook/internal/search/analysis"
	"handbook/internal/search/format"
)

// The delta path: a build with memos keeps, beside the term shards'
// files, what the static index was made of (deltaState: each document's
// sums, the vocabulary's counts, the records, and per term shard its
// terms' postings, shardState). The next build compares its documents'
// sums with it; when only some documents' analysis changed (same number
// of documents, ids, titles, clauses and stop words, and the same number
// of term shards after the edit), it takes those documents' old terms from
// the memo, patches the postings of the terms they use, old or new, and
// the counts, and writes the shards those terms are in; the others are
// written from their compressed files. Anything else, or any part of the
// state missing, damaged or of another build, makes the index from every
// document as before: the files are the same either way.

// Domains of the delta path's sums: the places of the state and of each
// term shard's postings, not hashes of their contents (what they hold is
// checked before it is used: deltaState.global, shardRef.list), and
// globalSum.
const (
	sumDelta      = "handbook static index delta v1\n"
	sumShardState = "handbook term shard postings v1\n"
	sumGlobal     = "handbook static index documents v1\n"
)

// maxDelta is the most documents whose analysis changed that a build
// patches; more are indexed from every document.
const maxDelta = 256

// shardRef is what a build kept of a term shard: the memo sum of its list
// of files (shardSum), which hashes its terms' sums (termSum) in order.
type shardRef struct{ list [32]byte }

// deltaState is what the static index of a build was made of.
type deltaState struct {
	global   [32]byte // globalSum
	docs     []docSums
	nrec     int
	size     int
	shards   []shardRef
	vocab    []vocabCount
	previous []byte // the bytes it was read from
}

func deltaSum() [32]byte { return sha256.Sum256([]byte(sumDelta)) }

// stateSum is where the memo keeps term shard sh's postings (shardState).
func stateSum(sh, shards int) [32]byte { return placeSum(sumShardState, sh, shards) }

// globalSum hashes what every document's postings depend on besides its
// own analysis: the number of documents and the stop words (title keys).
func globalSum(docs int, stop []string) [32]byte {
	var e format.Encoder
	e.Str(sumGlobal)
	e.Uint(uint32(docs))
	e.Uint(uint32(len(stop)))
	for _, w := range stop {
		e.Str(w)
	}
	return sha256.Sum256(e.B)
}

func (st *deltaState) encode() []byte {
	var e format.Encoder
	e.B = append(e.B, st.global[:]...)
	e.Uint(uint32(len(st.docs)))
	for _, d := range st.docs {
		e.B = append(append(e.B, d.analysis[:]...), d.meta[:]...)
	}
	e.Uint(uint32(st.nrec))
	e.Uint(uint32(st.size))
	e.Uint(uint32(len(st.shards)))
	for _, r := range st.shards {
		e.B = append(e.B, r.list[:]...)
	}
	e.Uint(uint32(len(st.vocab)))
	for _, v := range st.vocab {
		e.Str(v.key.Word)
		e.Str(v.key.Stem)
		e.Uint(v.n)
	}
	return e.B
}

var errDelta = errors.New("damaged delta state")

// reader reads the memo's encodings: varints, strings and sums; the first
// inconsistency sets err and makes every later read empty.
type reader struct {
	d   format.Decoder
	err error
}

func (r *reader) uint() int {
	n := int(r.d.Uint())
	if r.d.Err != nil {
		r.fail()
	}
	return n
}

// count is a number of items that take a byte each at least.
func (r *reader) count() int {
	n := r.uint()
	if n > len(r.d.B) {
		r.fail()
		return 0
	}
	return n
}

func (r *reader) str() string {
	n := r.count()
	s := string(r.d.B[:n])
	r.d.B = r.d.B[n:]
	return s
}

func (r *reader) sum() (s [32]byte) {
	if len(r.d.B) < len(s) {
		r.fail()
		return s
	}
	s, r.d.B = [32]byte(r.d.B), r.d.B[len(s):]
	return s
}

func (r *reader) fail() {
	if r.err == nil {
		r.err = errDelta
	}
	r.d.B = nil
}

func (r *reader) done() error {
	if r.err == nil && len(r.d.B) > 0 {
		r.err = errDelta
	}
	return r.err
}

func decodeDeltaState(b []byte) (*deltaState, error) {
	r := &reader{d: format.Decoder{B: b}}
	st := &deltaState{global: r.sum(), previous: b}
	st.docs = make([]docSums, r.count())
	for i := range st.docs {
		st.docs[i].analysis, st.docs[i].meta = r.sum(), r.sum()
	}
	st.nrec, st.size = r.uint(), r.uint()
	st.shards = make([]shardRef, r.count())
	for i := range st.shards {
		st.shards[i] = shardRef{r.sum()}
	}
	st.vocab = make([]vocabCount, r.count())
	for i := range st.vocab {
		st.vocab[i] = vocabCount{analysis.VocabKey{Word: r.str(), Stem: r.str()}, uint32(r.uint())}
	}
	return st, r.done()
}

// shardState is a term shard's terms in order, each with its sum
// (termSum) and its postings as termSum hashes them (appendLists).
type shardState struct {
	keys  []string
	sums  [][32]byte
	blobs [][]byte
}

// encodeShardState writes the terms keys of sums with their postings,
// blobs.
func encodeShardState(keys []string, sums [][32]byte, blobs [][]byte) []byte {
	var e format.Encoder
	e.Uint(uint32(len(keys)))
	for i, k := range keys {
		e.Str(k)
		e.B = append(e.B, sums[i][:]...)
		e.Uint(uint32(len(blobs[i])))
		e.B = append(e.B, blobs[i]...)
	}
	return e.B
}

// decodeShardState reads what encodeShardState wrote, the postings left
// encoded (decodeLists).
func decodeShardState(b []byte) (shardState, error) {
	r := &reader{d: format.Decoder{B: b}}
	var st shardState
	n := r.count()
	st.keys, st.sums, st.blobs = make([]string, n), make([][32]byte, n), make([][]byte, n)
	for i := range n {
		st.keys[i], st.sums[i] = r.str(), r.sum()
		size := r.count()
		st.blobs[i], r.d.B = r.d.B[:size:size], r.d.B[size:]
	}
	return st, r.done()
}

// decodeLists reads a term's postings from blob, if they are those of sum
// (termSum).
func decodeLists(e *format.Encoder, key string, sum [32]byte, blob []byte) (*[format.NumStaticFields]postingList, error) {
	if blobSum(e, key, blob) != sum {
		return nil, errDelta
	}
	r := &reader{d: format.Decoder{B: blob}}
	lists := new([format.NumStaticFields]postingList)
	for f := range lists {
		lists[f].df = r.uint()
		lists[f].postings = make([]format.Posting, r.count())
		for j := range lists[f].postings {
			lists[f].postings[j] = format.Posting{Doc: uint32(r.uint()), Sec: uint32(r.uint()), Freq: uint32(r.uint()), Len: uint32(r.uint())}
		}
	}
	return lists, r.done()
}

// keepState puts term shard sh's postings (shardState) in the memo for the
// next build, unless it holds them already, and notes the shard's ref.
func (s *staticIndex) keepState(memo Memo, sh, shards int, list [32]byte, keys []string, sums [][32]byte, blobs [][]byte) {
	b := encodeShardState(keys, sums, blobs)
	s.shards[sh] = shardRef{list: list}
	place := stateSum(sh, shards)
	if old, ok := memo.Get(place); !ok || !bytes.Equal(old, b) {
		memo.Put(place, b)
	}
}

// keepDelta puts what the static index was made of in the memo, unless it
// holds it already (an unchanged handbook puts nothing).
func (s *staticIndex) keepDelta(memo Memo, global [32]byte, sums []docSums, vocab []vocabCount) {
	st := deltaState{global: global, docs: sums, nrec: s.nrec, size: s.size, shards: s.shards, vocab: vocab}
	b := st.encode()
	if old, ok := memo.Get(deltaSum()); !ok || !bytes.Equal(old, b) {
		memo.Put(deltaSum(), b)
	}
}

// deltaPlan is how a build patches the previous one's static index: the
// term shards written from the memo (replay: their files) and, for the
// others, their terms in order, the terms' sums and postings as termSum
// hashes them (blobs), and the previous build's entries (shardEntries).
// The terms that have no entry there, patched or not, are decoded into
// the staticIndex's terms, which entryTo encodes.
type deltaPlan struct {
	prev    *deltaState
	byShard [][]string
	sums    [][][32]byte
	blobs   [][][]byte
	entries []shardEntries
	replay  [][]namedFile // nil for the shards encoded again
	vocab   []vocabCount
}

// replayed returns the files of term shard sh when the plan writes it
// from the memo.
func (p *deltaPlan) replayed(sh int) ([]namedFile, bool) {
	if p == nil || p.replay[sh] == nil {
		return nil, false
	}
	return p.replay[sh], true
}

// changedDoc is a document whose analysis changed: its terms before and
// now.
type changedDoc struct {
	d        int
	old, now docTerms
}

// planDelta prepares the delta path (see above) into s: its terms, records
// and size, and s.delta. Not ok, with s untouched, when the index is to be
// made from every document.
func (s *staticIndex) planDelta(docs []search.Document, sums []docSums, global [32]byte, docMemo Memo, z *zippers) bool {
	b, ok := z.memo.Get(deltaSum())
	if !ok {
		return false
	}
	prev, err := decodeDeltaState(b)
	if err != nil || prev.global != global || len(prev.docs) != len(docs) || len(prev.shards) == 0 {
		return false
	}
	changed, ok := changedDocs(docs, s.full, sums, prev, docMemo)
	if !ok {
		return false
	}
	shards := len(prev.shards)
	added := s.changedTerms(changed)
	touched := make([]bool, shards)
	for key := range added {
		touched[format.ShardOf(key, shards)] = true
	}
	terms := map[string]*[format.NumStaticFields]postingList{}
	plan := &deltaPlan{prev: prev, byShard: make([][]string, shards), sums: make([][][32]byte, shards), blobs: make([][][]byte, shards),
		entries: make([]shardEntries, shards), replay: make([][]namedFile, shards)}
	for sh := range shards {
		if !touched[sh] {
			if list, ok := z.memo.Get(prev.shards[sh].list); ok {
				if files, ok := z.listed(list); ok {
					plan.replay[sh] = files
					continue
				}
			}
		}
		st, ok := loadShardState(z.memo, sh, shards, prev.shards[sh])
		if !ok {
			return false
		}
		plan.byShard[sh], plan.sums[sh], plan.blobs[sh] = st.keys, st.sums, st.blobs
	}
	gone := make([]bool, len(docs))
	for _, c := range changed {
		gone[c.d] = true
	}
	size, ok := plan.patch(added, gone, terms, prev.size)
	if !ok {
		return false
	}
	if shardCount(size) != shards || !plan.unencoded(z, shards, terms) {
		return false
	}
	s.terms, s.size, s.nrec, s.delta = terms, size, prev.nrec, plan
	for _, c := range changed {
		s.nrec += len(c.now.sections) - len(c.old.sections)
	}
	plan.vocab = patchedVocab(prev.vocab, changed)
	keepAnalyses(docMemo, sums, changed)
	return true
}

// termPostings are a term's postings by field.
type termPostings = [format.NumStaticFields][]format.Posting

// changedTerms are the terms whose postings in the changed documents are
// not those they had, with their postings now (none for a term they no
// longer use). The others' postings lists are the same as before: an edit
// of one section leaves the terms of the others alone.
func (s *staticIndex) changedTerms(changed []changedDoc) map[string]*termPostings {
	collect := func(of func(c *changedDoc) *docTerms) map[string]*termPostings {
		out := map[string]*termPostings{}
		for i := range changed {
			s.postingsOf(changed[i].d, of(&changed[i]), func(key string, field int, p format.Posting) {
				ps, ok := out[key]
				if !ok {
					ps = new(termPostings)
					out[key] = ps
				}
				ps[field] = append(ps[field], p)
			})
		}
		return out
	}
	before := collect(func(c *changedDoc) *docTerms { return &c.old })
	added := collect(func(c *changedDoc) *docTerms { return &c.now })
	for key, ps := range added {
		if old, ok := before[key]; ok && samePostings(old, ps) {
			delete(added, key)
		}
		delete(before, key)
	}
	for key := range before {
		added[key] = new(termPostings)
	}
	return added
}

func samePostings(a, b *termPostings) bool {
	for f := range a {
		if !slices.Equal(a[f], b[f]) {
			return false
		}
	}
	return true
}

// keepAnalyses asks memo for every document's analysis, so that it keeps
// them for the next build (whose changed documents' old terms they are),
// and puts those of the changed documents it does not have.
func keepAnalyses(memo Memo, sums []docSums, changed []changedDoc) {
	for _, c := range changed {
		if _, ok := memo.Get(sums[c.d].analysis); !ok {
			memo.Put(sums[c.d].analysis, c.now.encode())
		}
	}
	for d := range sums {
		memo.Get(sums[d].analysis)
	}
}

// changedDocs lists the documents whose analysis changed since prev, with
// their terms then (from the memo) and now; not ok when anything else
// changed, too many did, or a document's old terms are not in the memo.
func changedDocs(docs []search.Document, full func(int) *search.Document, sums []docSums, prev *deltaState, memo Memo) ([]changedDoc, bool) {
	var changed []changedDoc
	for d := range docs {
		if sums[d].meta != prev.docs[d].meta {
			return nil, false
		}
		if sums[d].analysis != prev.docs[d].analysis {
			if len(changed) == maxDelta {
				return nil, false
			}
			changed = append(changed, changedDoc{d: d})
		}
	}
	as, err := analysis.NewAnalysers(1, true)
	if err != nil {
		return nil, false
	}
	for i := range changed {
		c := &changed[i]
		b, ok := memo.Get(prev.docs[c.d].analysis)
		if !ok {
			return nil, false
		}
		if c.old, err = decodeDocTerms(b); err != nil {
			return nil, false
		}
		if b, ok := memo.Get(sums[c.d].analysis); ok {
			if c.now, err = decodeDocTerms(b); err == nil {
				continue
			}
		}
		langs, err := analysis.DocLanguages(docs[c.d : c.d+1])
		if err != nil {
			return nil, false
		}
		res := as[0].Document(full(c.d), langs[0])
		c.now = docTermsOf(&res, true)
	}
	return changed, true
}

// patch patches the postings of the terms whose postings the changed
// documents changed (in added, with their new postings; gone marks those
// documents), in the shards' terms and sums, into terms, on all cores,
// and returns the size after (termSize); false when a term's postings are
// damaged.
func (p *deltaPlan) patch(added map[string]*termPostings, gone []bool, terms map[string]*[format.NumStaticFields]postingList, size int) (int, bool) {
	type patched struct {
		key           string
		lists         *[format.NumStaticFields]postingList // nil: no postings left
		sum           [32]byte
		blob          []byte
		before, after int // termSize
		err           error
	}
	shards := len(p.byShard)
	out := make([]patched, 0, len(added))
	for k := range added {
		out = append(out, patched{key: k})
	}
	par.For(len(out), func(j int) {
		t := &out[j]
		var e format.Encoder
		sh := format.ShardOf(t.key, shards)
		lists := new([format.NumStaticFields]postingList)
		if i, found := slices.BinarySearch(p.byShard[sh], t.key); found {
			if lists, t.err = decodeLists(&e, t.key, p.sums[sh][i], p.blobs[sh][i]); t.err != nil {
				return
			}
			t.before = termSize(t.key, lists)
		}
		empty := true
		for f := range lists {
			lists[f] = patchedList(lists[f], gone, added[t.key][f], format.StaticFields[f].DocLevel)
			empty = empty && lists[f].len() == 0
		}
		if !empty {
			t.lists, t.after = lists, termSize(t.key, lists)
			t.sum, t.blob = termSum(t.key, lists)
		}
	})
	for _, t := range out {
		if t.err != nil {
			return 0, false
		}
		size += t.after - t.before
		sh := format.ShardOf(t.key, shards)
		i, found := slices.BinarySearch(p.byShard[sh], t.key)
		switch {
		case t.lists == nil && found:
			p.byShard[sh], p.sums[sh] = slices.Delete(p.byShard[sh], i, i+1), slices.Delete(p.sums[sh], i, i+1)
			p.blobs[sh] = slices.Delete(p.blobs[sh], i, i+1)
		case t.lists == nil:
		default:
			terms[t.key] = t.lists
			if !found {
				p.byShard[sh], p.sums[sh] = slices.Insert(p.byShard[sh], i, t.key), slices.Insert(p.sums[sh], i, [32]byte{})
				p.blobs[sh] = slices.Insert(p.blobs[sh], i, nil)
			}
			p.sums[sh][i], p.blobs[sh][i] = t.sum, t.blob
		}
	}
	return size, true
}

// unencoded takes the previous build's entries of the shards encoded
// again, and decodes into terms the postings of each of their terms that
// has none there; false when one is damaged.
func (p *deltaPlan) unencoded(z *zippers, shards int, terms map[string]*[format.NumStaticFields]postingList) bool {
	var e format.Encoder
	for sh, keys := range p.byShard {
		if p.replay[sh] != nil {
			continue
		}
		if b, ok := z.memo.Get(entriesSum(sh, shards)); ok {
			p.entries[sh] = decodeShardEntries(b)
		}
		for i, k := range keys {
			if _, patched := terms[k]; patched {
				continue
			}
			if _, ok := p.entries[sh].reuse(z, p.sums[sh][i]); ok {
				continue
			}
			lists, err := decodeLists(&e, k, p.sums[sh][i], p.blobs[sh][i])
			if err != nil {
				return false
			}
			terms[k] = lists
		}
	}
	return true
}

// loadShardState reads term shard sh's terms from the memo, if they are
// those ref names.
func loadShardState(memo Memo, sh, shards int, ref shardRef) (shardState, bool) {
	b, ok := memo.Get(stateSum(sh, shards))
	if !ok {
		return shardState{}, false
	}
	st, err := decodeShardState(b)
	return st, err == nil && shardSum(sh, st.sums) == ref.list
}

// patchedList is list l without the postings of the documents gone and with
// their new ones, add (in document order), and its document frequency.
func patchedList(l postingList, gone []bool, add []format.Posting, docLevel bool) postingList {
	out := postingList{postings: make([]format.Posting, 0, l.len()+len(add))}
	l.each(func(p format.Posting) {
		for len(add) > 0 && (add[0].Doc < p.Doc || add[0].Doc == p.Doc && add[0].Sec < p.Sec) {
			out.postings, add = append(out.postings, add[0]), add[1:]
		}
		if int(p.Doc) >= len(gone) || !gone[p.Doc] {
			out.postings = append(out.postings, p)
		}
	})
	out.postings = append(out.postings, add...)
	for _, p := range out.postings {
		if docLevel {
			out.df += int(p.Sec)
		} else {
			out.df++
		}
	}
	return out
}

// patchedVocab is the vocabulary's counts prev without the changed
// documents' old words and with their new ones: in prev's order, new words
// at the end, words no longer used left out.
func patchedVocab(prev []vocabCount, changed []changedDoc) []vocabCount {
	counts := make(map[analysis.VocabKey]int, len(prev))
	for _, v := range prev {
		counts[v.key] = int(v.n)
	}
	out := slices.Clone(prev)
	for _, c := range changed {
		for _, v := range c.old.vocab {
			counts[v.key] -= int(v.n)
		}
		for _, v := range c.now.vocab {
			if _, ok := counts[v.key]; !ok {
				out = append(out, vocabCount{key: v.key})
			}
			counts[v.key] += int(v.n)
		}
	}
	kept := out[:0]
	for _, v := range out {
		if n := counts[v.key]; n > 0 {
			kept = append(kept, vocabCount{v.key, uint32(n)})
		}
	}
	return kept
}

// sortedVocab lists the vocabulary's counts by word and stem.
func sortedVocab(counts map[analysis.VocabKey]int) []vocabCount {
	out := make([]vocabCount, 0, len(counts))
	for k, n := range counts {
		out = append(out, vocabCount{k, uint32(n)})
	}
	slices.SortFunc(out, func(a, b vocabCount) int {
		if c := strings.Compare(a.key.Word, b.key.Word); c != 0 {
			return c
		}
		return strings.Compare(a.key.Stem, b.key.Stem)
	})
	return out
}
