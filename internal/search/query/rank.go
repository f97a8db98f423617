package query

import (
	"cmp"
	"errors"
	"math"
	"slices"
	"sync"

	"handbook/internal/search/format"
)

// docTables are the per-document facts ranking needs.
type docTables struct {
	base    []uint32   // first record of each document (and the total at the end)
	recDoc  []uint32   // document of each record
	types   []uint32   // type index of each document
	clauses [][]uint32 // clause indexes of each document
}

func (ix *Index) loadTables() error {
	load := func(name string) (*format.Decoder, error) {
		b, err := ix.readStatic(name)
		return &format.Decoder{B: b}, err
	}
	sd, err := load("sections.bin")
	if err != nil {
		return err
	}
	td, err := load("types.bin")
	if err != nil {
		return err
	}
	cd, err := load("clauses.bin")
	if err != nil {
		return err
	}
	t := &ix.tables
	n := ix.meta.Docs
	t.base = make([]uint32, n+1)
	t.types = make([]uint32, n)
	t.clauses = make([][]uint32, n)
	for d := range n {
		secs := sd.Uint()
		t.base[d+1] = t.base[d] + secs
		for range secs {
			t.recDoc = append(t.recDoc, uint32(d))
		}
		t.types[d] = td.Uint()
		for range cd.Uint() {
			t.clauses[d] = append(t.clauses[d], cd.Uint())
		}
	}
	if err := errors.Join(sd.Err, td.Err, cd.Err); err != nil {
		return err
	}
	if int(t.base[n]) != ix.meta.Records {
		return format.ErrFormat
	}
	return nil
}

// recordKey is the bleve id of record rec.
func (ix *Index) recordKey(rec uint32) string {
	d := ix.tables.recDoc[rec]
	return format.RecordKey(int(d), int(rec-ix.tables.base[d]))
}

// scored is a record and its score.
type scored struct {
	rec   uint32
	score float64
}

// ranking is the outcome of rank: the best records, how many matched and
// the facet counts of those that matched; by document, every record that
// matched, how many documents matched and their facet counts.
type ranking struct {
	top     []scored
	all     []scored // by document only, in no order
	total   int
	types   []int // by type index
	clauses []int // by clause index
}

// scratch is the per-record state of one ranking, reused across queries.
type scratch struct {
	acc, gsum      []float64
	groups, gcount []uint16
	words          []uint64 // required words found, a bit each
	touched, group []uint32
	perDoc         []uint32 // records found in each document
	docs           []uint32
}

// leafWeights computes each leaf's query weight (boost × idf × queryNorm)
// and idf, where queryNorm makes the squared weights of all leaves sum to
// one (format/score.go).
func leafWeights(groups []group, df func(leaf) int, records int) (qw, idf [][]float64) {
	sum := 0.0
	idf = make([][]float64, len(groups))
	qw = make([][]float64, len(groups))
	for g, gr := range groups {
		idf[g] = make([]float64, len(gr))
		qw[g] = make([]float64, len(gr))
		gsum := 0.0 // bleve sums by disjunction: the group, then the groups
		for j, l := range gr {
			idf[g][j] = format.IDF(records, df(l))
			w := l.boost * idf[g][j]
			gsum += w * w
		}
		sum += gsum
	}
	norm := 1.0 / math.Sqrt(sum)
	for g, gr := range groups {
		for j, l := range gr {
			qw[g][j] = l.boost * idf[g][j] * norm
		}
	}
	return qw, idf
}

// keyOf is a leaf's key in the static index.
func keyOf(l leaf) (string, int) {
	switch l.field {
	case format.FieldID:
		return format.IdKeyPrefix + l.term, format.SfID
	case format.FieldClause:
		return format.ClauseKeyPrefix + l.term, format.SfClause
	}
	for f, sf := range format.StaticFields {
		if sf.Name == l.field {
			return l.term, f
		}
	}
	return "", -1
}

// rank scores every record the plan's groups match, exactly as bleve's
// disjunctions do (sum of term scores times the share of alternatives
// matched, at each level), keeps those that pass allow, counts them by
// type and clause, and returns the best k (ties: lower record first).
// byDoc counts documents instead, and returns every record matched.
func (ix *Index) rank(groups []group, required []int, allow func(rec uint32) bool, k int, byDoc bool) (*ranking, error) {
	if len(required) > 64 {
		return nil, QueryErrorf("The query has too many words: at most %d, please.", format.MaxWords)
	}
	full := uint64(1)<<len(required) - 1
	entries := make([][]*format.TermEntry, len(groups))
	dfs := map[leaf]int{}
	for g, gr := range groups {
		entries[g] = make([]*format.TermEntry, len(gr))
		for j, l := range gr {
			key, f := keyOf(l)
			e, err := ix.entry(key)
			if err != nil {
				return nil, err
			}
			if e != nil && e.Fields[f] != nil {
				entries[g][j] = e
				dfs[l] = e.Fields[f].Df
			}
		}
	}
	qw, idf := leafWeights(groups, func(l leaf) int { return dfs[l] }, ix.meta.Records)
	s := ix.scratch.Get().(*scratch)
	defer ix.scratch.Put(s)
	s.touched = s.touched[:0]
	for g, gr := range groups {
		s.group = s.group[:0]
		for j, l := range gr {
			e := entries[g][j]
			if e == nil {
				continue
			}
			_, f := keyOf(l)
			tiers, err := ix.all(e, f)
			if err != nil {
				return nil, err
			}
			bit := uint64(0)
			if i := slices.Index(required, l.word); i >= 0 {
				bit = 1 << i
			}
			ix.addLeaf(s, tiers, format.StaticFields[f].DocLevel, idf[g][j], qw[g][j], bit)
		}
		for _, r := range s.group {
			gs := s.gsum[r] * (float64(s.gcount[r]) / float64(len(gr)))
			if s.groups[r] == 0 {
				s.touched = append(s.touched, r)
			}
			s.acc[r] += gs
			s.groups[r]++
			s.gsum[r], s.gcount[r] = 0, 0
		}
	}
	res := &ranking{types: make([]int, len(ix.meta.Types)), clauses: make([]int, len(ix.meta.Clauses))}
	s.docs = s.docs[:0]
	for _, r := range s.touched {
		score := s.acc[r] * (float64(s.groups[r]) / float64(len(groups)))
		words := s.words[r]
		s.acc[r], s.groups[r], s.words[r] = 0, 0, 0
		if words != full || allow != nil && !allow(r) {
			continue
		}
		res.total++
		d := ix.tables.recDoc[r]
		if s.perDoc[d] == 0 {
			s.docs = append(s.docs, d)
		}
		s.perDoc[d]++
		if byDoc {
			res.all = append(res.all, scored{r, score})
			continue
		}
		res.top = pushTop(res.top, scored{r, score}, k)
	}
	if byDoc {
		res.total = len(s.docs)
	}
	// facets count records (or documents): add up each document's at once
	for _, d := range s.docs {
		n := int(s.perDoc[d])
		if byDoc {
			n = 1
		}
		s.perDoc[d] = 0
		res.types[ix.tables.types[d]] += n
		for _, c := range ix.tables.clauses[d] {
			res.clauses[c] += n
		}
	}
	slices.SortFunc(res.top, byScore)
	return res, nil
}

// addLeaf adds a term's score to each record it occurs in: bleve's
// tf × norm × idf × queryWeight.
func (ix *Index) addLeaf(s *scratch, tiers []format.Tier, docLevel bool, idf, qw float64, word uint64) {
	base := ix.tables.base
	for _, t := range tiers {
		for _, p := range t.Postings {
			score := p.Impact() * idf * qw
			first, end := base[p.Doc]+p.Sec, base[p.Doc]+p.Sec+1
			if docLevel {
				first, end = base[p.Doc], base[p.Doc+1]
			}
			for r := first; r < end; r++ {
				if s.gcount[r] == 0 {
					s.group = append(s.group, r)
				}
				s.gsum[r] += score
				s.gcount[r]++
				s.words[r] |= word
			}
		}
	}
}

func byScore(a, b scored) int {
	if c := cmp.Compare(b.score, a.score); c != 0 {
		return c
	}
	return cmp.Compare(a.rec, b.rec)
}

// pushTop keeps the k best in a min-heap ordered by byScore (worst first).
func pushTop(h []scored, x scored, k int) []scored {
	if k <= 0 {
		return h
	}
	worse := func(i, j int) bool { return byScore(h[i], h[j]) > 0 }
	if len(h) < k {
		h = append(h, x)
		for i := len(h) - 1; i > 0; {
			p := (i - 1) / 2
			if !worse(i, p) {
				break
			}
			h[i], h[p] = h[p], h[i]
			i = p
		}
		return h
	}
	if byScore(x, h[0]) >= 0 {
		return h
	}
	h[0] = x
	for i := 0; ; {
		l, r, m := 2*i+1, 2*i+2, i
		if l < len(h) && worse(l, m) {
			m = l
		}
		if r < len(h) && worse(r, m) {
			m = r
		}
		if m == i {
			return h
		}
		h[i], h[m] = h[m], h[i]
		i = m
	}
}

func newScratchPool(records, docs int) *sync.Pool {
	return &sync.Pool{New: func() any {
		return &scratch{perDoc: make([]uint32, docs),
			acc: make([]float64, records), gsum: make([]float64, records),
			groups: make([]uint16, records), gcount: make([]uint16, records), words: make([]uint64, records),
		}
	}}
}
