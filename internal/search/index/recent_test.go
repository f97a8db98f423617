package index

import (
	"strconv"
	"testing"

	"handbook/internal/search/analysis"
	"handbook/internal/search/format"
)

// TestListsOfRecentCollisions adds to terms that share a slot of the
// recent terms in turn: each term keeps its own posting lists.
func TestListsOfRecentCollisions(t *testing.T) {
	a, b := "incid", ""
	for i := 0; b == ""; i++ {
		if k := "chang" + strconv.Itoa(i); analysis.RecentSlot(k) == analysis.RecentSlot(a) {
			b = k
		}
	}
	s := newStaticIndex(nil, nil)
	for _, key := range []string{a, b, a, a, b, "the", a} {
		s.add(key, 0, format.Posting{Doc: 0, Freq: 1, Len: 1})
	}
	for key, want := range map[string]int{a: 4, b: 2, "the": 1} {
		if got := s.terms[key][0].len(); got != want {
			t.Errorf("%q: %d postings, want %d", key, got, want)
		}
	}
	if len(s.terms) != 3 {
		t.Errorf("%d terms, want 3", len(s.terms))
	}
}
