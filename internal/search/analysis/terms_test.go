package analysis

import (
	"maps"
	"slices"
	"strconv"
	"strings"
	"testing"

	"handbook/internal/search"
)

// fieldCounts is a field's terms as a map: its counts and length.
func fieldCounts(f *TermField) (map[string]int, int) {
	m := map[string]int{}
	for _, t := range f.Terms {
		if _, ok := m[t.Stem]; ok {
			m[t.Stem] = -1 // a term twice: a defect
			continue
		}
		m[t.Stem] = t.N
	}
	return m, f.Length
}

// TestDocumentTerms checks each field's terms (once each, counted, stop
// words left out but counted in positions), bleve's frequencies when the
// analyser keeps positions, and the vocabulary: words that fold alike
// count as one, words with one stem stay apart.
func TestDocumentTerms(t *testing.T) {
	en, err := newLanguages().Get("")
	if err != nil {
		t.Fatal(err)
	}
	d := search.Document{Title: "Incident incidents", Tags: []string{"major incident", "incident"}, Sections: []search.Section{
		{Heading: "The procedure", Text: "A procédure and the procedure: incidents, incident."},
		{Text: "Incidents"},
	}}
	for _, countsOnly := range []bool{true, false} {
		a := NewAnalyser(nil, countsOnly)
		if a.Words, err = NewWords(nil); err != nil {
			t.Fatal(err)
		}
		for round := range 2 { // the memo's second round gives the same
			res := a.Document(&d, en)
			for _, c := range []struct {
				name   string
				f      *TermField
				want   map[string]int
				length int
			}{
				{"title", &res.Title, map[string]int{"incid": 2}, 2},
				{"tags", &res.Tags, map[string]int{"major": 1, "incid": 2}, 3},
				{"heading 0", &res.Sections[0].Heading, map[string]int{"procedur": 1}, 1},
				{"text 0", &res.Sections[0].Text, map[string]int{"procedur": 2, "incid": 2}, 4},
				{"heading 1", &res.Sections[1].Heading, map[string]int{}, 0},
				{"text 1", &res.Sections[1].Text, map[string]int{"incid": 1}, 1},
			} {
				got, length := fieldCounts(c.f)
				if !maps.Equal(got, c.want) || length != c.length {
					t.Errorf("counts only %t, round %d, %s: %v, length %d; want %v, %d", countsOnly, round, c.name, got, length, c.want, c.length)
				}
				if countsOnly && c.f.Freqs != nil || !countsOnly && len(c.f.Freqs) != len(c.want) {
					t.Errorf("counts only %t, %s: bleve's frequencies %v", countsOnly, c.name, c.f.Freqs)
				}
				for term, tf := range c.f.Freqs {
					if tf.Frequency() != c.want[term] || string(tf.Term) != term {
						t.Errorf("%s: bleve's %q: %q × %d, want × %d", c.name, term, tf.Term, tf.Frequency(), c.want[term])
					}
				}
			}
			vocab := map[VocabKey]int{}
			for _, v := range res.Vocab {
				vocab[v.Key] += v.N
			}
			want := map[VocabKey]int{{"incident", "incid"}: 4, {"incidents", "incid"}: 3, {"major", "major"}: 1, {"procedure", "procedur"}: 3}
			if !maps.Equal(vocab, want) || len(res.Vocab) != len(want) {
				t.Errorf("counts only %t, round %d: vocabulary %v, want %v", countsOnly, round, res.Vocab, want)
			}
		}
	}
}

// defaultWords returns the language of a document with no language tag
// (the default, English) and Words without stop words.
func defaultWords(t *testing.T) (*language, *Words) {
	t.Helper()
	en, err := newLanguages().Get("")
	if err != nil {
		t.Fatal(err)
	}
	w, err := NewWords(nil)
	if err != nil {
		t.Fatal(err)
	}
	return en, w
}

// TestFieldAddedToAgain: a field added to after another (which Document
// never does) still counts each term once.
func TestFieldAddedToAgain(t *testing.T) {
	en, w := defaultWords(t)
	a := NewAnalyser(w, false)
	var f, g TermField
	a.terms(en, "change approval", &f, 0)
	a.terms(en, "change", &g, 0)
	a.terms(en, "change request", &f, 10)
	got, length := fieldCounts(&f)
	if want := map[string]int{"chang": 2, "approv": 1, "request": 1}; !maps.Equal(got, want) || length != 4 {
		t.Errorf("field added to again: %v, length %d; want %v, 4", got, length, want)
	}
	if tf := f.Freqs["chang"]; tf == nil || tf.Frequency() != 2 || len(tf.Locations) != 2 || tf.Locations[1].Position != 11 {
		t.Errorf("bleve's term: %+v", tf)
	}
}

// TestDocumentRoomReused: a CountsOnly analyser makes each result in the
// room of the document before (Document); documents larger and smaller
// than the one before, with more or fewer sections and tags, get the
// counts a new analyser gives them; its vocabulary totals are the sums
// of their vocabularies (AddVocabTotals).
func TestDocumentRoomReused(t *testing.T) {
	en, w := defaultWords(t)
	doc := func(sections, words int) search.Document {
		d := search.Document{Title: "Incident " + strconv.Itoa(sections), Tags: make([]string, sections%4)}
		for i := range d.Tags {
			d.Tags[i] = "tag" + strconv.Itoa(i) + " change"
		}
		for s := range sections {
			var text []string
			for i := range words {
				text = append(text, "Word"+strconv.Itoa((i*7+s)%(words/2+1)), "incidents")
			}
			d.Sections = append(d.Sections, search.Section{Heading: "Heading " + strconv.Itoa(s), Text: strings.Join(text, " ")})
		}
		return d
	}
	docs := []search.Document{doc(3, 50), doc(40, 900), doc(1, 2), doc(0, 0), doc(12, 3000), doc(5, 40)}
	fields := func(res *Analysed) []*TermField {
		fs := []*TermField{&res.Title, &res.Tags}
		for i := range res.Sections {
			fs = append(fs, &res.Sections[i].Heading, &res.Sections[i].Text)
		}
		return fs
	}
	reused := NewAnalyser(w, true)
	sums := map[VocabKey]int{} // of the documents' vocabularies
	for round := range 2 {
		for i := range docs {
			got := reused.Document(&docs[i], en)
			want := NewAnalyser(w, true).Document(&docs[i], en)
			gf, wf := fields(&got), fields(&want)
			if len(gf) != len(wf) {
				t.Fatalf("round %d, document %d: %d fields, want %d", round, i, len(gf), len(wf))
			}
			for k := range wf {
				gc, gl := fieldCounts(gf[k])
				wc, wl := fieldCounts(wf[k])
				if !maps.Equal(gc, wc) || gl != wl {
					t.Errorf("round %d, document %d, field %d: %v, length %d; want %v, %d", round, i, k, gc, gl, wc, wl)
				}
			}
			if !slices.Equal(got.Vocab, want.Vocab) {
				t.Errorf("round %d, document %d: vocabulary %v, want %v", round, i, got.Vocab, want.Vocab)
			}
			for _, v := range want.Vocab {
				sums[v.Key] += v.N
			}
		}
	}
	totals := map[VocabKey]int{}
	reused.AddVocabTotals(totals)
	if len(sums) == 0 || !maps.Equal(totals, sums) {
		t.Errorf("vocabulary totals %v, want the documents' sums %v", totals, sums)
	}
}
