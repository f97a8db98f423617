package render

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestFirst: first keeps what a stable sort puts first, equal keys in
// their order, for every n from none to more than there are.
func TestFirst(t *testing.T) {
	type item struct{ key, pos int }
	byKey := func(a, b item) int { return cmp.Compare(a.key, b.key) }
	r := rand.New(rand.NewPCG(1, 2))
	for _, size := range []int{0, 1, 2, 7, 100} {
		for _, keys := range []int{1, 3, 1000} { // many ties, some, almost none
			items := make([]item, size)
			for i := range items {
				items[i] = item{r.IntN(keys), i}
			}
			sorted := slices.Clone(items)
			slices.SortStableFunc(sorted, byKey)
			for _, n := range []int{0, 1, 2, 8, size, size + 3} {
				got := first(slices.Values(items), n, byKey)
				if want := sorted[:min(n, size)]; !slices.Equal(got, want) {
					t.Errorf("size %d, %d keys, n %d: got %v, want %v", size, keys, n, got, want)
				}
			}
		}
	}
}
