package load

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"sync"

	"handbook/internal/diag"
	"handbook/internal/par"
	"handbook/internal/site"
)

// SourceSum is a document's site.Document.Sum: the SHA-256 of its path
// rel, the extra fields the configuration declares and the file's bytes,
// everything Parse makes a document of.
func SourceSum(rel string, data []byte, extra []string) [32]byte {
	h := sha256.New()
	h.Write([]byte(rel + "\x00" + strings.Join(extra, "\n") + "\x00"))
	h.Write(data)
	return [32]byte(h.Sum(nil))
}

// MetaSum is a document's site.Document.MetaSum: the SHA-256 of its path
// and front matter.
func MetaSum(rel string, m *site.Meta) [32]byte {
	h := sha256.New()
	enc := json.NewEncoder(h)
	if err := errors.Join(enc.Encode(rel), enc.Encode(m)); err != nil {
		panic(err) // a Meta is strings, lists, dates and a map of strings
	}
	return [32]byte(h.Sum(nil))
}

// Memo remembers what decoding documents' front matter gave, by the
// documents' SourceSum, so that a later load of the same bytes skips the
// decoders (YAML is most of load's time, and a build after a small edit
// reads the same bytes for all documents but one). Decoding is a function
// of those bytes alone, so a remembered result is the one decoding would
// give, diagnostics and their lines included. A Memo is safe for
// concurrent use; a nil *Memo remembers nothing.
type Memo struct {
	prev map[[32]byte]*front // read from an earlier load
	mu   sync.Mutex
	next map[[32]byte]*front // used or made by this load
	made map[[32]byte]bool   // decoded afresh by this load
}

// front is what decoding a document's front matter gave: the document
// without its body or, when its front matter cannot be read, nothing but
// the problems.
type front struct {
	Sum      [32]byte
	OK       bool // false: Diags say why the file is not a document
	Meta     site.Meta
	MetaSum  [32]byte // MetaSum of Meta
	Lines    map[string]int
	BodyLine int
	BodyAt   int // the body's offset in the normalised bytes
	Diags    []*diag.Diagnostic
	// Flat says that capNesting leaves the body (the bytes from BodyAt)
	// as it is, so a document made of the memo needs no scan of it.
	Flat bool
	// Empty has a bit for each of Meta's lists (metaLists) that is
	// empty but not nil (tags: []): the codec (memocodec.go) decodes those as nil, and JSON
	// writes the two apart.
	Empty uint8
}

// metaLists are the list fields of m, as front.Empty numbers them.
func metaLists(m *site.Meta) []*[]string {
	return []*[]string{&m.Clauses, &m.Related, &m.Aliases, &m.Tags}
}

// historyBit is front.Empty's bit of Meta.History.
const historyBit = 1 << 4

// NewMemo returns an empty memo.
func NewMemo() *Memo {
	return &Memo{prev: map[[32]byte]*front{}, next: map[[32]byte]*front{}, made: map[[32]byte]bool{}}
}

// ReadMemo returns the memo that Bytes wrote, of the parts given,
// decoded side by side; a part that cannot be decoded adds nothing.
func ReadMemo(parts ...[]byte) *Memo {
	recs := make([][]*front, len(parts))
	par.For(len(parts), func(i int) { recs[i] = readPart(parts[i]) })
	m := NewMemo()
	for _, part := range recs {
		for _, f := range part {
			m.prev[f.Sum] = f
		}
	}
	return m
}

// readPart decodes one part that Bytes wrote; nil if it cannot.
func readPart(b []byte) []*front {
	recs, err := readFronts(b)
	if err != nil {
		return nil
	}
	for _, f := range recs {
		for i, l := range metaLists(&f.Meta) {
			if f.Empty&(1<<i) != 0 {
				*l = []string{}
			}
		}
		if f.Empty&historyBit != 0 {
			f.Meta.History = []site.Revision{}
		}
	}
	return recs
}

// Bytes encodes what this load decoded or reused of the documents whose
// sums are in (a part of the memo), for a later load's ReadMemo.
func (m *Memo) Bytes(in func(sum [32]byte) bool) ([]byte, error) {
	var recs []*front
	for sum, f := range m.next {
		if in(sum) {
			recs = append(recs, f)
		}
	}
	slices.SortFunc(recs, func(a, b *front) int { return bytes.Compare(a.Sum[:], b.Sum[:]) })
	for _, f := range recs {
		f.Empty = 0
		for i, l := range metaLists(&f.Meta) {
			if *l != nil && len(*l) == 0 {
				f.Empty |= 1 << i
			}
		}
		if f.Meta.History != nil && len(f.Meta.History) == 0 {
			f.Empty |= historyBit
		}
	}
	return appendFronts(nil, recs)
}

// Changed reports whether Bytes(in) would differ from what ReadMemo read
// of the documents in: one of them decoded afresh, or read before and
// not now.
func (m *Memo) Changed(in func(sum [32]byte) bool) bool {
	for sum := range m.prev {
		if _, ok := m.next[sum]; !ok && in(sum) {
			return true
		}
	}
	for sum := range m.made {
		if in(sum) {
			return true
		}
	}
	return false
}

// Reused is the number of documents whose decoding came from the memo.
func (m *Memo) Reused() int { return len(m.next) - len(m.made) }

// decode returns what decoding the front matter of the document of sum
// gives: the remembered result if there is one, else decode's.
func (m *Memo) decode(sum [32]byte, decode func() *front) *front {
	if m == nil {
		return decode()
	}
	m.mu.Lock()
	f, ok := m.prev[sum]
	m.mu.Unlock()
	if !ok {
		f = decode()
		f.Sum = sum
	}
	m.mu.Lock()
	m.next[sum] = f
	if !ok {
		m.made[sum] = true
	}
	m.mu.Unlock()
	return f
}

// summed sets f's MetaSum and Flat, when f is a document's of the
// normalised bytes data, and returns f.
func (f *front) summed(rel string, data []byte) *front {
	if f.OK {
		f.MetaSum = MetaSum(rel, &f.Meta)
		_, capped := capNesting(data[f.BodyAt:])
		f.Flat = capped < 0
	}
	return f
}

// diags returns copies of f's diagnostics: a list may change those it
// holds (diag.List.Promote), and f is remembered.
func (f *front) diags() []*diag.Diagnostic {
	out := make([]*diag.Diagnostic, len(f.Diags))
	for i, d := range f.Diags {
		c := *d
		out[i] = &c
	}
	return out
}
