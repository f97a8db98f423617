package query

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"

	"handbook/internal/search/analysis"
	"handbook/internal/search/format"
)

// filter returns which records pass the plan's filters (nil: all): the
// type and clause filters from the document tables, the phrases from
// bleve, which alone knows where words stand.
func (ix *Index) filter(ctx context.Context, p *plan) (func(uint32) bool, error) {
	var types, clauses []bool
	if len(p.types) > 0 {
		types = make([]bool, len(ix.meta.Types))
		for i, t := range ix.meta.Types {
			types[i] = slices.Contains(p.types, t.Name)
		}
	}
	if p.clause != "" {
		clauses = make([]bool, len(ix.meta.Clauses))
		for i, c := range ix.meta.Clauses {
			clauses[i] = c == p.clause || strings.HasPrefix(c, p.clause+".")
		}
	}
	var phrases []bool
	if len(p.phrases) > 0 {
		var err error
		if phrases, err = ix.phraseMatches(ctx, p); err != nil {
			return nil, err
		}
	}
	if types == nil && clauses == nil && phrases == nil {
		return nil, nil
	}
	return func(r uint32) bool {
		d := ix.tables.recDoc[r]
		if types != nil && !types[ix.tables.types[d]] {
			return false
		}
		if clauses != nil && !slices.ContainsFunc(ix.tables.clauses[d], func(c uint32) bool { return clauses[c] }) {
			return false
		}
		return phrases == nil || phrases[r]
	}, nil
}

// phraseMatches marks the records where every phrase of the plan occurs.
// Finding them reads the positions of the words in every record that has
// them all, the slowest part of a search: the last few sets are kept, for
// the next page of the same query or the same query narrowed by a filter.
func (ix *Index) phraseMatches(ctx context.Context, p *plan) ([]bool, error) {
	key := fmt.Sprint(p.phrases)
	if m := ix.phrases.get(key); m != nil {
		return m, nil
	}
	m, err := ix.findPhrases(ctx, p)
	if err == nil {
		ix.phrases.put(key, m)
	}
	return m, err
}

// phraseCache keeps the records of the last phrases searched.
type phraseCache struct {
	off  bool // for the benchmarks: every search finds its phrases
	mu   sync.Mutex
	sets map[string][]bool
	keys []string // oldest first
}

const phraseCacheSize = 16

func (c *phraseCache) get(key string) []bool {
	if c.off {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.sets[key]
}

func (c *phraseCache) put(key string, set []bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.sets == nil {
		c.sets = map[string][]bool{}
	}
	if _, ok := c.sets[key]; ok {
		return
	}
	if len(c.keys) == phraseCacheSize {
		delete(c.sets, c.keys[0])
		c.keys = c.keys[1:]
	}
	c.keys = append(c.keys, key)
	c.sets[key] = set
}

// findPhrases marks the records where each phrase is in one field: in
// the title, heading or tags as bleve's positions say, in the text as its
// pairs do (pairs.go).
func (ix *Index) findPhrases(ctx context.Context, p *plan) ([]bool, error) {
	var all []bool
	for _, ph := range p.phrases {
		in := make([]bool, ix.meta.Records)
		if err := ix.shortFields(ctx, ph, in); err != nil {
			return nil, err
		}
		ix.pairs.InText(ph, in)
		if all == nil {
			all = in
			continue
		}
		for r := range all {
			all[r] = all[r] && in[r]
		}
	}
	return all, nil
}

// shortFields marks the records whose title, heading or tags hold ph.
func (ix *Index) shortFields(ctx context.Context, ph phrase, out []bool) error {
	reader, err := ix.reader()
	if err != nil {
		return err
	}
	defer reader.Close()
	var alts []query.Query
	for _, f := range []string{format.FieldTitle, format.FieldHeading, format.FieldTags} {
		alts = append(alts, query.NewMultiPhraseQuery(ph, f))
	}
	s, err := bleve.NewDisjunctionQuery(alts...).Searcher(ctx, reader, ix.bleve.Mapping(), search.SearcherOptions{Score: "none"})
	if err != nil {
		return err
	}
	defer s.Close()
	sctx := &search.SearchContext{DocumentMatchPool: search.NewDocumentMatchPool(s.DocumentMatchPoolSize(), 0), IndexReader: reader}
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		dm, err := s.Next(sctx)
		if err != nil || dm == nil {
			return err
		}
		r, ok := ix.record(dm.IndexInternalID)
		if !ok {
			return fmt.Errorf("search index: unexpected document number")
		}
		out[r] = true
		sctx.DocumentMatchPool.Put(dm)
	}
}

func (ix *Index) reader() (index.IndexReader, error) {
	adv, err := ix.bleve.Advanced()
	if err != nil {
		return nil, err
	}
	return adv.Reader()
}

// record is the record ordinal of a bleve document.
func (ix *Index) record(id index.IndexInternalID) (uint32, bool) {
	if len(id) != 8 {
		return 0, false
	}
	n := binary.BigEndian.Uint64(id)
	if n >= uint64(len(ix.docRec)) {
		return 0, false
	}
	return ix.docRec[n], true
}

// loadDocNumbers maps bleve's document numbers to record ordinals (bleve's
// offline builder numbers the documents of a batch in no fixed order).
func (ix *Index) loadDocNumbers() error {
	reader, err := ix.reader()
	if err != nil {
		return err
	}
	defer reader.Close()
	n, err := reader.DocCount()
	if err != nil {
		return err
	}
	if int(n) != ix.meta.Records {
		return errors.New("bleve index and static index disagree (rebuild the site)")
	}
	ix.docRec = make([]uint32, n)
	var id [8]byte
	for i := range ix.docRec {
		binary.BigEndian.PutUint64(id[:], uint64(i))
		ext, err := reader.ExternalID(id[:])
		if err != nil {
			return err
		}
		d, s, ok := format.ParseKey(ext)
		if !ok || d >= ix.meta.Docs || int(ix.tables.base[d])+s >= int(ix.tables.base[d+1]) {
			return fmt.Errorf("search index: unexpected record %q", ext)
		}
		ix.docRec[i] = ix.tables.base[d] + uint32(s)
	}
	return nil
}

// phraseSlack is how many records past the page a phrase query ranks: the
// pairs of a longer phrase may be in a text apart, which checkPhrases
// finds in the records shown.
const phraseSlack = 20

// checkPhrases keeps of the ranked records the first n that have every
// phrase, checked word by word in their documents.
func (ix *Index) checkPhrases(top []scored, phrases []phrase, n int) ([]scored, error) {
	var out []scored
	for _, s := range top {
		if len(out) == n {
			break
		}
		d := ix.tables.recDoc[s.rec]
		doc, err := ix.doc(int(d))
		if err != nil {
			return nil, err
		}
		if ix.phrasesIn(doc, int(s.rec-ix.tables.base[d]), phrases) {
			out = append(out, s)
		}
	}
	return out, nil
}

// phrasesIn reports whether each phrase is in one field of section sec of
// d (its title, heading, text or tags), word by word.
func (ix *Index) phrasesIn(d *format.StaticDoc, sec int, phrases []phrase) bool {
	s := d.Sections[sec]
	fields := []map[int][]string{ix.positions([]string{d.Title}), ix.positions([]string{s[1]}), ix.positions([]string{s[2]}), ix.positions(d.Tags)}
	for _, ph := range phrases {
		if !slices.ContainsFunc(fields, func(at map[int][]string) bool { return phraseAt(at, ph) }) {
			return false
		}
	}
	return true
}

// positions maps the positions of the words of texts to their stems, as
// the index numbers them (tags apart by tagGap).
func (ix *Index) positions(texts []string) map[int][]string {
	at := map[int][]string{}
	offset := 0
	for _, text := range texts {
		end := offset
		for _, t := range ix.words.Split(text) {
			at[offset+t.Position], _ = ix.stems(string(t.Term))
			end = offset + t.Position
		}
		offset = end + analysis.TagGap
	}
	return at
}

// phraseAt reports whether ph starts at some position of at.
func phraseAt(at map[int][]string, ph phrase) bool {
	for pos := range at {
		ok := true
		for k, alts := range ph {
			if len(alts) == 1 && alts[0] == "" {
				continue
			}
			if sts, found := at[pos+k]; !found || !slices.ContainsFunc(sts, func(st string) bool { return slices.Contains(alts, st) }) {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}
