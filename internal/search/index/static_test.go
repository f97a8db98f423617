package index

import (
	"encoding/json"
	"math"
	"slices"
	"strconv"
	"testing"

	"handbook/internal/search"
	"handbook/internal/search/analysis"
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

// TestPostingBlocks grows lists by push, past blockMin into blocks, and
// checks that they hold the postings in order and encode as the same
// lists made in one slice do, byte for byte.
func TestPostingBlocks(t *testing.T) {
	for _, n := range []int{0, 1, blockMin - 1, blockMin, blockMin + 1, 3*blockMin + 5, 20 * blockMin} {
		var ps []format.Posting
		var l postingList
		for i := range n {
			p := format.Posting{Doc: uint32(i / 2), Sec: uint32(i % 2), Freq: uint32(1 + i%7), Len: uint32(5 + i%23)}
			ps = append(ps, p)
			l.push(p)
		}
		if l.len() != n {
			t.Errorf("%d postings: len %d", n, l.len())
		}
		var got []format.Posting
		l.each(func(p format.Posting) { got = append(got, p) })
		if !slices.Equal(got, ps) {
			t.Errorf("%d postings: each gives others", n)
		}
		if n > 2*blockMin && len(l.full) == 0 {
			t.Errorf("%d postings in one block", n)
		}
		if n == 0 {
			continue
		}
		files := func(l postingList) []file {
			l.df = n
			s := &staticIndex{terms: map[string]*[format.NumStaticFields]postingList{"incid": {format.SfText: l}}}
			return s.shardFiles(0, []string{"incid"})
		}
		blocks, flat := files(l), files(postingList{postings: ps})
		if len(blocks) != len(flat) {
			t.Fatalf("%d postings: %d files from blocks, %d from one slice", n, len(blocks), len(flat))
		}
		for i := range blocks {
			if blocks[i].Path != flat[i].Path || !slices.Equal(blocks[i].Data, flat[i].Data) {
				t.Errorf("%d postings: %s differs from one slice's %s", n, blocks[i].Path, flat[i].Path)
			}
		}
	}
}

// TestDocEncoder checks that one docEncoder writes each document's JSON
// as json.Marshal does, byte for byte, whatever it wrote before: no
// sections (null), escapes, languages, a shorter document after a longer.
func TestDocEncoder(t *testing.T) {
	long := search.Document{ID: "POL-1", Title: "Incident <policy> & \"rules\"", Type: "policy", URL: "/pol-1/", Tags: []string{"a", "b&c"},
		Sections: []search.Section{{Anchor: "x", Heading: "One", Text: "text\u2028 with <b> and \x01 and ünïcode"}, {Anchor: "y", Heading: "Two", Text: "more"}}}
	docs := []search.Document{
		long,
		{ID: "P-2", Title: "Short", Type: "process", Sections: []search.Section{{Text: "t"}}},
		{ID: "P-3", Title: "None"},
		{ID: "P-4", Title: "Deutsch", Lang: "de", Sections: []search.Section{{Heading: "Ä", Text: "ß"}}},
		{ID: "P-5", Title: "Unknown", Lang: "xx-unknown"},
		long,
	}
	var e docEncoder
	for _, d := range docs {
		sd := format.StaticDoc{ID: d.ID, Title: d.Title, Type: d.Type, URL: d.URL, Tags: d.Tags}
		switch l, ok := analysis.LangOf(d.Lang); {
		case !ok:
			sd.Lang = "und"
		case l != analysis.DefaultLang:
			sd.Lang = l
		}
		for _, s := range d.Sections {
			sd.Sections = append(sd.Sections, [3]string{s.Anchor, s.Heading, s.Text})
		}
		want, err := json.Marshal(sd)
		if err != nil {
			t.Fatal(err)
		}
		if got := e.json(&d); string(got) != string(want) {
			t.Errorf("%s:\n got %s\nwant %s", d.ID, got, want)
		}
	}
}
