package format

import (
	"slices"
	"testing"
)

func TestEditDistance(t *testing.T) {
	tests := []struct {
		a, b  string
		limit int
		want  int
	}{
		{"incident", "incident", 2, 0},
		{"incidnet", "incident", 2, 1}, // a swap is one edit
		{"incdent", "incident", 2, 1},
		{"aproval", "approval", 2, 1},
		{"change", "chance", 1, 1},
		{"abc", "xyz", 1, 2}, // past the limit: limit+1
		{"a", "abcdef", 2, 3},
	}
	for _, tt := range tests {
		if got := editDistance([]rune(tt.a), []rune(tt.b), tt.limit); got != tt.want {
			t.Errorf("editDistance(%q, %q, %d) = %d, want %d", tt.a, tt.b, tt.limit, got, tt.want)
		}
	}
}

func TestVocabulary(t *testing.T) {
	v := NewVocabulary()
	for _, w := range []struct {
		word, stem string
		n          int
	}{{"incident", "incid", 9}, {"incidents", "incid", 3}, {"include", "includ", 5}, {"income", "incom", 1}, {"change", "chang", 4}} {
		v.Add(w.word, []string{w.stem}, w.n)
	}
	v.Sort()
	if got := v.Corrections("incidnet"); !slices.Equal(got, []string{"incid"}) {
		t.Errorf("corrections(incidnet) = %v", got)
	}
	if got := v.Corrections("inc"); got != nil {
		t.Errorf("corrections of a 3-letter word = %v, want none", got)
	}
	if got := v.Expand("inc"); !slices.Equal(got, []string{"incid", "includ", "incom"}) {
		t.Errorf("expand(inc) = %v (most frequent first)", got)
	}
	w := NewVocabulary()
	if err := w.DecodeShard(v.EncodeShard("i")); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(w.ByShard["i"], v.ByShard["i"]) || !slices.Equal(w.Words["incidents"].Stems, v.Words["incidents"].Stems) {
		t.Errorf("vocabulary shard did not survive encoding: %v", w.ByShard)
	}
}
