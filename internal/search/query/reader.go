package query

import (
	"fmt"
	"strconv"
	"sync"

	"handbook/internal/search/format"
)

// shards caches the decoded term shards of an index.
type shards struct {
	mu    sync.Mutex
	byNum map[int]map[string]*format.TermEntry
}

// entry returns a term's postings (nil if the index has not got it).
func (ix *Index) entry(key string) (*format.TermEntry, error) {
	sh := format.ShardOf(key, ix.meta.Shards)
	ix.shards.mu.Lock()
	entries, ok := ix.shards.byNum[sh]
	ix.shards.mu.Unlock()
	if !ok {
		b, err := ix.readStatic("t/" + strconv.Itoa(sh) + ".bin")
		if err != nil {
			return nil, err
		}
		if entries, err = format.DecodeShard(b, sh); err != nil {
			return nil, fmt.Errorf("term shard %d: %w", sh, err)
		}
		ix.shards.mu.Lock()
		ix.shards.byNum[sh] = entries
		ix.shards.mu.Unlock()
	}
	return entries[key], nil
}

// all returns every tier of a field's postings, loading them once.
func (ix *Index) all(e *format.TermEntry, field int) ([]format.Tier, error) {
	fp := e.Fields[field]
	for t := 1; t < len(fp.Tiers); t++ {
		fp.Once[t].Do(func() {
			b, err := ix.readStatic(format.OverflowPath(e.Shard, e.Index, field, t))
			if err != nil {
				fp.Errs[t] = err
				return
			}
			d := &format.Decoder{B: b}
			format.DecodeTier(d, &fp.Tiers[t])
			fp.Errs[t] = d.Err
		})
		if fp.Errs[t] != nil {
			return nil, fp.Errs[t]
		}
	}
	return fp.Tiers, nil
}
