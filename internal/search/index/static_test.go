package index

import (
	"math"
	"slices"
	"strconv"
	"testing"

	"handbook/internal/search/format"
)

// TestStaticTiers encodes a term with more postings than one tier and
// reads it back: tiers best first, each the size of the format, every
// posting once.
func TestStaticTiers(t *testing.T) {
	var ps []format.Posting
	n := format.Tier0 + format.Tier0*format.TierGrowth + 7
	for i := range n {
		ps = append(ps, format.Posting{Doc: uint32(i / 3), Sec: uint32(i % 3), Freq: uint32(1 + i%5), Len: uint32(10 + i%17)})
	}
	s := &staticIndex{terms: map[string]*[format.NumStaticFields]postingList{"incid": {format.SfText: {df: n, postings: slices.Clone(ps)}}}}
	byShard := s.termShards()
	shards := len(byShard)
	read := map[string][]byte{}
	for sh, keys := range byShard {
		for _, f := range s.shardFiles(sh, keys) {
			read[f.Path] = f.Data
		}
	}
	entries, err := format.DecodeShard(read["t/"+strconv.Itoa(format.ShardOf("incid", shards))+".bin"], format.ShardOf("incid", shards))
	if err != nil {
		t.Fatal(err)
	}
	fp := entries["incid"].Fields[format.SfText]
	if fp.Df != n || len(fp.Tiers) != 3 || fp.Tiers[0].Count != format.Tier0 || fp.Tiers[1].Count != format.Tier0*format.TierGrowth || fp.Tiers[2].Count != 7 {
		t.Fatalf("df %d, tiers %+v", fp.Df, fp.Tiers)
	}
	var got []format.Posting
	prevBest := math.Inf(1)
	for i := range fp.Tiers {
		if i > 0 {
			d := &format.Decoder{B: read[format.OverflowPath(entries["incid"].Shard, entries["incid"].Index, format.SfText, i)]}
			format.DecodeTier(d, &fp.Tiers[i])
		}
		tr := fp.Tiers[i]
		if tr.Best > prevBest {
			t.Errorf("tier %d's best %v is above the tier before (%v)", i, tr.Best, prevBest)
		}
		for _, p := range tr.Postings {
			if p.Impact() > tr.Best {
				t.Errorf("tier %d holds %v above its best %v", i, p.Impact(), tr.Best)
			}
		}
		prevBest = tr.Best
		got = append(got, tr.Postings...)
	}
	key := func(a, b format.Posting) int { return int(a.Doc*8+a.Sec) - int(b.Doc*8+b.Sec) }
	slices.SortFunc(got, key)
	slices.SortFunc(ps, key)
	if !slices.Equal(got, ps) {
		t.Error("the postings read back differ from those written")
	}
}
