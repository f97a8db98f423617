package format

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// tiersBySort is Tiers by sorting every posting: the reference.
func tiersBySort(ps []Posting) [][]Posting {
	rs := make([]ranked, len(ps))
	for i, p := range ps {
		rs[i] = ranked{p.Impact(), p}
	}
	slices.SortFunc(rs, func(a, b ranked) int {
		switch {
		case better(a, b):
			return -1
		case better(b, a):
			return 1
		}
		return 0
	})
	var out [][]Posting
	for start, size := 0, Tier0; start < len(rs); size *= TierGrowth {
		var tier []Posting
		for _, r := range rs[start:min(start+size, len(rs))] {
			tier = append(tier, r.p)
		}
		out = append(out, tier)
		start += len(tier)
	}
	return out
}

// TestTiersSelect compares Tiers with a whole sort, for lists around the
// tiers' bounds with many equal impacts, in handbook order or not: the
// same postings in each tier and the same best one: the same bytes from
// PostingsTo. Every other list is split in one Tiering used for all of
// them, longer and shorter lists in turn, as the static index does.
func TestTiersSelect(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	var reused Tiering
	lists := 0
	for _, n := range []int{0, 1, 2, Tier0 - 1, Tier0, Tier0 + 1, 640, 641, 3000, 12000, 60000} {
		for _, spread := range []uint32{1, 3, 50, 1000} {
			for _, shuffled := range []bool{false, true} {
				ps := make([]Posting, n)
				for i := range ps {
					ps[i] = Posting{Doc: uint32(i / 3), Sec: uint32(i % 3), Freq: 1 + r.Uint32N(spread), Len: 1 + r.Uint32N(spread)}
				}
				if shuffled {
					r.Shuffle(n, func(i, j int) { ps[i], ps[j] = ps[j], ps[i] })
				}
				want := tiersBySort(slices.Clone(ps))
				var got [][]Posting
				if lists++; lists%2 == 0 {
					got = reused.Tiers(ps)
				} else {
					got = Tiers(ps)
				}
				if len(got) != len(want) {
					t.Fatalf("%d postings, spread %d, shuffled %t: %d tiers, want %d", n, spread, shuffled, len(got), len(want))
				}
				for i := range want {
					for _, header := range []bool{true, false} {
						var g, w Encoder
						PostingsTo(&g, got[i], header)
						PostingsTo(&w, want[i], header)
						if string(g.B) != string(w.B) {
							t.Errorf("%d postings, spread %d, shuffled %t, tier %d (header %t): encoded otherwise", n, spread, shuffled, i, header)
						}
					}
				}
			}
		}
	}
}
