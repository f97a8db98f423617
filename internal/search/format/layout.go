package format

import (
	"cmp"
	"encoding/binary"
	"fmt"
	"hash/fnv"
	"slices"

	"handbook/internal/search"
)

// StaticDir is the static index's folder under _search/ (see the package
// doc for its files).
const StaticDir = "static"

// Static fields, in the order of their codes in the term shards.
const (
	SfTitle = iota
	SfHeading
	SfText
	SfTags
	SfID
	SfClause
	NumStaticFields
)

// staticFields names the static fields; docLevel fields have one posting
// per document (every section of it shares the value).
var StaticFields = [NumStaticFields]struct {
	Name     string
	DocLevel bool
}{
	{FieldTitle, true}, {FieldHeading, false}, {FieldText, false}, {FieldTags, true}, {FieldID, true}, {FieldClause, true},
}

// Keys of the keyword fields in the term shards; stems never contain these
// characters, which Unicode word segmentation does not put in a word.
const (
	IdKeyPrefix     = "#"
	ClauseKeyPrefix = "@"
)

// Tiers: the first holds a term's tier0 best postings and sits in its
// shard; each further tier is tierGrowth times larger and has its own file.
const (
	Tier0       = 128
	TierGrowth  = 4
	ShardTarget = 12 << 10 // bytes of a term shard before compression
)

type Posting struct {
	Doc  uint32
	Sec  uint32 // section; for document-level fields, the number of sections
	Freq uint32
	Len  uint32
}

// Impact is the posting's Impact.
func (p Posting) Impact() float64 { return Impact(p.Freq, p.Len) }

// ShardOf is the term shard of a key: FNV-1a (32 bits) modulo the number
// of shards (the JavaScript computes the same).
func ShardOf(key string, shards int) int {
	h := fnv.New32a()
	h.Write([]byte(key))
	return int(h.Sum32() % uint32(shards))
}

// Tiers splits postings into the tiers of the format: the Tier0 best
// (by Impact, ties in handbook order), the Tier0×TierGrowth next, and so
// on. Each tier keeps the order the postings had in ps (PostingsTo
// encodes them by document). It reorders ps.
func Tiers(ps []Posting) [][]Posting { return new(Tiering).Tiers(ps) }

// Tiering is the room Tiers works in, kept for the next list: a caller
// splitting many lists into tiers allocates it once, not three slices
// the length of each long list. One goroutine uses it at a time.
type Tiering struct {
	rs      []ranked
	impacts []float64
	byTier  []Posting
}

// Tiers is the package's Tiers, working in t.
func (t *Tiering) Tiers(ps []Posting) [][]Posting {
	if len(ps) > 0 && len(ps) <= Tier0 { // most terms: one tier, as is
		return [][]Posting{ps}
	}
	t.rs = slices.Grow(t.rs[:0], len(ps))[:len(ps)]
	t.impacts = slices.Grow(t.impacts[:0], len(ps))[:len(ps)]
	rs, impacts := t.rs, t.impacts
	for i, p := range ps {
		rs[i] = ranked{p.Impact(), p}
		impacts[i] = rs[i].impact
	}
	var bounds []int
	for end, size := 0, Tier0; end+size < len(rs); size *= TierGrowth {
		end += size
		bounds = append(bounds, end)
	}
	selectRanks(rs, bounds)
	// a posting is in the first tier whose worst posting it is not worse
	// than
	var worst []ranked
	var sizes []int
	for start, size := 0, Tier0; start < len(rs); size *= TierGrowth {
		tier := rs[start:min(start+size, len(rs))]
		w := tier[0]
		for _, r := range tier {
			if better(w, r) {
				w = r
			}
		}
		worst, sizes = append(worst, w), append(sizes, len(tier))
		start += len(tier)
	}
	out := make([][]Posting, len(sizes))
	t.byTier = slices.Grow(t.byTier[:0], len(ps))
	byTier := t.byTier
	for i, n := range sizes {
		out[i] = byTier[len(byTier) : len(byTier) : len(byTier)+n]
		byTier = byTier[:len(byTier)+n]
	}
	for i, p := range ps {
		r, k := ranked{impacts[i], p}, 0
		for better(worst[k], r) {
			k++
		}
		out[k] = append(out[k], p)
	}
	copy(ps, byTier)
	start := 0
	for i := range out {
		out[i] = ps[start : start+len(out[i])]
		start += len(out[i])
	}
	return out
}

func CmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Encoder appends the format's values: unsigned varints and strings.
type Encoder struct{ B []byte }

func (e *Encoder) Uint(v uint32) { e.B = binary.AppendUvarint(e.B, uint64(v)) }

func (e *Encoder) Str(s string) {
	e.Uint(uint32(len(s)))
	e.B = append(e.B, s...)
}

// PostingsTo encodes a tier: its size, the best posting's count and field
// length (the tier's upper bound), then the postings by document in
// columns: every posting's document delta, then every section (or
// section count), every count, every field length.
func PostingsTo(e *Encoder, tier []Posting, header bool) {
	if header {
		best := ranked{tier[0].Impact(), tier[0]}
		for _, p := range tier[1:] {
			if r := (ranked{p.Impact(), p}); better(r, best) {
				best = r
			}
		}
		e.Uint(uint32(len(tier)))
		e.Uint(best.p.Freq)
		e.Uint(best.p.Len)
		return
	}
	byDoc := func(a, b Posting) int {
		if a.Doc != b.Doc {
			return cmp.Compare(a.Doc, b.Doc)
		}
		return cmp.Compare(a.Sec, b.Sec)
	}
	if !slices.IsSortedFunc(tier, byDoc) {
		tier = slices.SortedFunc(slices.Values(tier), byDoc)
	}
	prev := uint32(0)
	for _, p := range tier {
		e.Uint(p.Doc - prev)
		prev = p.Doc
	}
	for _, p := range tier {
		e.Uint(p.Sec)
	}
	for _, p := range tier {
		e.Uint(p.Freq)
	}
	for _, p := range tier {
		e.Uint(p.Len)
	}
}

func OverflowPath(shard, entry, field, tier int) string {
	return fmt.Sprintf("o/%d/%d.%d.%d.bin", shard, entry, field, tier)
}

// StaticDoc is the JSON of d/<n>.bin.
type StaticDoc struct {
	ID       string      `json:"id"`
	Title    string      `json:"title"`
	Type     string      `json:"type"`
	URL      string      `json:"url"`
	Tags     []string    `json:"tags,omitempty"`
	Sections [][3]string `json:"s"` // anchor, heading, text
	// Lang is the document's analyser (analysis.LangOf) unless the
	// default: what the server's index is analysed with when the query
	// package makes it from the static index (server.go).
	Lang string `json:"lang,omitempty"`
}

// StaticVersion is meta.json's version: that of the layout of the static
// index's files (doc.go), which a reader must know.
const StaticVersion = 2

// StaticMeta is meta.json: everything the browser needs before fetching
// anything else.
type StaticMeta struct {
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
	Elisions    []string          `json:"elisions"`
	Apostrophes string            `json:"apostrophes"`
	Vocab       []string          `json:"vocab"` // shards that exist
	Types       []search.TypeInfo `json:"types"`
	Clauses     []string          `json:"clauses"`
}
