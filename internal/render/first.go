package render

import (
	"iter"
	"sort"
)

// first returns the first n items of seq in the order a stable sort by
// cmp gives them (slices.SortStableFunc), without sorting the others:
// the home page shows 8 of 30,000 revisions and 6 of 10,000 documents,
// and sorting them all was most of its cost on every build.
func first[T any](seq iter.Seq[T], n int, cmp func(a, b T) int) []T {
	var out []T
	for x := range seq {
		if n <= 0 || (len(out) == n && cmp(x, out[n-1]) >= 0) {
			continue
		}
		// After every kept item not greater than x, as a stable sort
		// keeps equal items in their order.
		i := sort.Search(len(out), func(i int) bool { return cmp(out[i], x) > 0 })
		if len(out) < n {
			var zero T
			out = append(out, zero)
		}
		copy(out[i+1:], out[i:len(out)-1])
		out[i] = x
	}
	return out
}
