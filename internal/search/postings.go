package search

import (
	"encoding/binary"
	"errors"
	"fmt"
	"strconv"
	"sync"
)

// The server reads the static index's postings to rank (see rank.go):
// bleve iterates every match of a query through its searchers, which on
// a large handbook of common words costs tens of milliseconds; these
// arrays cost a few.

var errFormat = errors.New("corrupt static search index")

// decoder reads what encoder wrote.
type decoder struct {
	b   []byte
	err error
}

func (d *decoder) uint() uint32 {
	v, n := binary.Uvarint(d.b)
	if n <= 0 || v > 1<<32-1 {
		d.err = errFormat
		d.b = nil
		return 0
	}
	d.b = d.b[n:]
	return uint32(v)
}

func (d *decoder) str() string {
	n := int(d.uint())
	if n > len(d.b) {
		d.err = errFormat
		d.b = nil
		return ""
	}
	s := string(d.b[:n])
	d.b = d.b[n:]
	return s
}

// tier is one tier of a posting list: its size and best impact, and its
// postings once loaded.
type tier struct {
	count    int
	best     float64 // impact of the best posting
	postings []posting
}

// fieldPostings are the postings of a term in one field.
type fieldPostings struct {
	df    int
	tiers []tier
	once  []sync.Once // loads of tiers 1..
	errs  []error
}

// termEntry is a term of a shard.
type termEntry struct {
	shard, index int
	fields       [numStaticFields]*fieldPostings
}

func decodeTier(d *decoder, t *tier) {
	t.postings = make([]posting, t.count)
	doc := uint32(0)
	for i := range t.postings {
		doc += d.uint()
		t.postings[i] = posting{doc: doc, sec: d.uint(), freq: d.uint(), len: d.uint()}
	}
}

func decodeHeader(d *decoder) tier {
	t := tier{count: int(d.uint())}
	p := posting{freq: d.uint(), len: d.uint()}
	t.best = p.impact()
	return t
}

// decodeShard reads a term shard.
func decodeShard(b []byte, shard int) (map[string]*termEntry, error) {
	d := &decoder{b: b}
	n := int(d.uint())
	out := make(map[string]*termEntry, n)
	for i := 0; i < n && d.err == nil; i++ {
		e := &termEntry{shard: shard, index: i}
		key := d.str()
		nf := int(d.uint())
		for range nf {
			f := int(d.uint())
			if f >= numStaticFields {
				return nil, errFormat
			}
			fp := &fieldPostings{df: int(d.uint())}
			nt := int(d.uint())
			for t := range nt {
				fp.tiers = append(fp.tiers, decodeHeader(d))
				if t == 0 {
					decodeTier(d, &fp.tiers[0])
				}
			}
			fp.once = make([]sync.Once, nt)
			fp.errs = make([]error, nt)
			e.fields[f] = fp
		}
		out[key] = e
	}
	if d.err != nil {
		return nil, d.err
	}
	return out, nil
}

// shards caches the decoded term shards of an index.
type shards struct {
	mu    sync.Mutex
	byNum map[int]map[string]*termEntry
}

// entry returns a term's postings (nil if the index has not got it).
func (ix *Index) entry(key string) (*termEntry, error) {
	sh := shardOf(key, ix.meta.Shards)
	ix.shards.mu.Lock()
	entries, ok := ix.shards.byNum[sh]
	ix.shards.mu.Unlock()
	if !ok {
		b, err := ix.readStatic("t/" + strconv.Itoa(sh) + ".bin")
		if err != nil {
			return nil, err
		}
		if entries, err = decodeShard(b, sh); err != nil {
			return nil, fmt.Errorf("term shard %d: %w", sh, err)
		}
		ix.shards.mu.Lock()
		ix.shards.byNum[sh] = entries
		ix.shards.mu.Unlock()
	}
	return entries[key], nil
}

// all returns every tier of a field's postings, loading them once.
func (ix *Index) all(e *termEntry, field int) ([]tier, error) {
	fp := e.fields[field]
	for t := 1; t < len(fp.tiers); t++ {
		fp.once[t].Do(func() {
			b, err := ix.readStatic(overflowPath(e.shard, e.index, field, t))
			if err != nil {
				fp.errs[t] = err
				return
			}
			d := &decoder{b: b}
			decodeTier(d, &fp.tiers[t])
			fp.errs[t] = d.err
		})
		if fp.errs[t] != nil {
			return nil, fp.errs[t]
		}
	}
	return fp.tiers, nil
}
