package link

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"
)

// TestSortRefs checks that sortRefs orders references as one sort of all
// by compareRefs does, whatever runs of sources they come in: grouped by
// source, interleaved, shuffled, repeated.
func TestSortRefs(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	pick := func(n int, prefix string) string { return prefix + strconv.Itoa(rng.IntN(n)) }
	for round := range 200 {
		var refs []Ref
		for range rng.IntN(60) {
			from := pick(6, "D")
			for range 1 + rng.IntN(4) { // a run of one source
				refs = append(refs, Ref{From: from, To: pick(6, "D"), Anchor: pick(3, "a"), Kind: []Kind{Related, "link"}[rng.IntN(2)],
					Line: rng.IntN(5), Path: from + ".md"})
			}
		}
		if round%2 == 1 {
			rng.Shuffle(len(refs), func(i, j int) { refs[i], refs[j] = refs[j], refs[i] })
		}
		want := slices.Clone(refs)
		slices.SortFunc(want, compareRefs)
		if got := sortRefs(refs); !slices.Equal(got, want) {
			t.Fatalf("round %d:\n got %v\nwant %v", round, got, want)
		}
	}
}
