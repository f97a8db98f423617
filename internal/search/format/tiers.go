package format

// ranked is a posting with its impact, for Tiers.
type ranked struct {
	impact float64
	p      Posting
}

// better orders postings best first: by impact, then in handbook order
// (document, section). No two postings of a list are equal in it.
func better(a, b ranked) bool {
	if c := CmpFloat(a.impact, b.impact); c != 0 {
		return c > 0
	}
	if a.p.Doc != b.p.Doc {
		return a.p.Doc < b.p.Doc
	}
	return a.p.Sec < b.p.Sec
}

// selectRanks reorders rs so that for each of bounds (ascending, within
// rs), the postings before it are all better than those from it on: the
// tiers' members, without sorting each tier (quickselect, about linear in
// len(rs) per bound).
func selectRanks(rs []ranked, bounds []int) {
	for len(bounds) > 0 && len(rs) > 1 {
		// pivot: the median of the first, middle and last postings
		lo, mid, hi := 0, len(rs)/2, len(rs)-1
		if better(rs[mid], rs[lo]) {
			rs[mid], rs[lo] = rs[lo], rs[mid]
		}
		if better(rs[hi], rs[mid]) {
			rs[hi], rs[mid] = rs[mid], rs[hi]
			if better(rs[mid], rs[lo]) {
				rs[mid], rs[lo] = rs[lo], rs[mid]
			}
		}
		rs[mid], rs[hi] = rs[hi], rs[mid]
		pivot := rs[hi]
		k := 0 // rs[:k] are better than the pivot
		for i := range hi {
			if better(rs[i], pivot) {
				rs[i], rs[k] = rs[k], rs[i]
				k++
			}
		}
		rs[k], rs[hi] = rs[hi], rs[k]
		// rs[:k] better, rs[k] the pivot, rs[k+1:] worse: a bound at k or
		// k+1 holds already; those below k are sought in rs[:k], the
		// others in rs[k+1:].
		i := 0
		for i < len(bounds) && bounds[i] < k {
			i++
		}
		selectRanks(rs[:k], bounds[:i])
		for i < len(bounds) && bounds[i] <= k+1 {
			i++
		}
		rest := make([]int, 0, len(bounds)-i)
		for _, b := range bounds[i:] {
			rest = append(rest, b-(k+1))
		}
		rs, bounds = rs[k+1:], rest
	}
}
