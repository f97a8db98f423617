package format

import (
	"encoding/binary"
	"errors"
	"sync"
)

// The server reads the static index's postings to rank (query/rank.go):
// bleve iterates every match of a query through its searchers, which on
// a large handbook of common words costs tens of milliseconds; these
// arrays cost a few.

// ErrFormat is a static index file that does not decode.
var ErrFormat = errors.New("corrupt static search index")

// Decoder reads what encoder wrote.
type Decoder struct {
	B   []byte
	Err error
}

func (d *Decoder) Uint() uint32 {
	v, n := binary.Uvarint(d.B)
	if n <= 0 || v > 1<<32-1 {
		d.Err = ErrFormat
		d.B = nil
		return 0
	}
	d.B = d.B[n:]
	return uint32(v)
}

func (d *Decoder) str() string {
	n := int(d.Uint())
	if n > len(d.B) {
		d.Err = ErrFormat
		d.B = nil
		return ""
	}
	s := string(d.B[:n])
	d.B = d.B[n:]
	return s
}

// Tier is one tier of a posting list: its size and best impact, and its
// postings once loaded.
type Tier struct {
	Count    int
	Best     float64 // impact of the best posting
	Postings []Posting
}

// fieldPostings are the postings of a term in one field.
type fieldPostings struct {
	Df    int
	Tiers []Tier
	Once  []sync.Once // loads of tiers 1..
	Errs  []error
}

// TermEntry is a term of a shard.
type TermEntry struct {
	Shard, Index int
	Fields       [NumStaticFields]*fieldPostings
}

// DecodeTier reads the postings of tier t (PostingsTo), t.Count of them.
func DecodeTier(d *Decoder, t *Tier) {
	t.Postings = make([]Posting, t.Count)
	doc := uint32(0)
	for i := range t.Postings {
		doc += d.Uint()
		t.Postings[i].Doc = doc
	}
	for i := range t.Postings {
		t.Postings[i].Sec = d.Uint()
	}
	for i := range t.Postings {
		t.Postings[i].Freq = d.Uint()
	}
	for i := range t.Postings {
		t.Postings[i].Len = d.Uint()
	}
}

func decodeHeader(d *Decoder) Tier {
	t := Tier{Count: int(d.Uint())}
	p := Posting{Freq: d.Uint(), Len: d.Uint()}
	t.Best = p.Impact()
	return t
}

// DecodeShard reads a term shard.
func DecodeShard(b []byte, shard int) (map[string]*TermEntry, error) {
	d := &Decoder{B: b}
	n := int(d.Uint())
	out := make(map[string]*TermEntry, n)
	for i := 0; i < n && d.Err == nil; i++ {
		e := &TermEntry{Shard: shard, Index: i}
		key := d.str()
		nf := int(d.Uint())
		for range nf {
			f := int(d.Uint())
			if f >= NumStaticFields {
				return nil, ErrFormat
			}
			fp := &fieldPostings{Df: int(d.Uint())}
			nt := int(d.Uint())
			for t := range nt {
				fp.Tiers = append(fp.Tiers, decodeHeader(d))
				if t == 0 {
					DecodeTier(d, &fp.Tiers[0])
				}
			}
			fp.Once = make([]sync.Once, nt)
			fp.Errs = make([]error, nt)
			e.Fields[f] = fp
		}
		out[key] = e
	}
	if d.Err != nil {
		return nil, d.Err
	}
	return out, nil
}
