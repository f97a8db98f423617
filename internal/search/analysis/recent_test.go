package analysis

import (
	"strconv"
	"testing"
)

// TestLookupRecentCollisions looks up words that share a slot of the
// recent words in turn, and a word in a reused buffer: each lookup must
// give the word's own analysis, made once.
func TestLookupRecentCollisions(t *testing.T) {
	en, err := newLanguages().Get("")
	if err != nil {
		t.Fatal(err)
	}
	// two words of one slot, and one of another
	a := "incidents"
	var b string
	for i := 0; b == ""; i++ {
		if w := "change" + strconv.Itoa(i); RecentSlot(w) == RecentSlot(a) {
			b = w
		}
	}
	c := "the"
	s := NewStemmer()
	table := s.wordsOf(en)
	first := map[string]*stemmed{}
	buf := make([]byte, 0, 32)
	for range 3 {
		for _, word := range []string{a, b, c, a, a, b} {
			buf = append(buf[:0], word...) // the caller's buffer, reused
			got := s.lookup(table, en, buf)
			buf = append(buf[:0], "xxxxxxxxxxxx"...)
			if got.word != word {
				t.Fatalf("lookup(%q) gave the analysis of %q", word, got.word)
			}
			if f, ok := first[word]; ok && f != got {
				t.Errorf("lookup(%q) made its analysis again", word)
			}
			first[word] = got
		}
	}
	if got, want := first[a].vocab.key.Stem, "incid"; got != want {
		t.Errorf("stem of %q = %q, want %q", a, got, want)
	}
	if !first[c].stop || first[a].stop {
		t.Errorf("stop words: %q %v, %q %v", c, first[c].stop, a, first[a].stop)
	}
	if len(table.all) != 3 {
		t.Errorf("%d words in the table, want 3", len(table.all))
	}
}
