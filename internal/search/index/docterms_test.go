package index

import (
	"reflect"
	"testing"

	"handbook/internal/search"
	"handbook/internal/search/analysis"
)

// TestDocTermsDecode reads back what encode wrote, and reads every
// truncation and a corrupted byte of it as damaged or as some other
// terms, never panicking.
func TestDocTermsDecode(t *testing.T) {
	w, err := analysis.NewWords(nil)
	if err != nil {
		t.Fatal(err)
	}
	d := search.Document{Title: "Incident Management", Tags: []string{"incident", "outage"}, Sections: []search.Section{
		{Text: "Incidents are restored quickly."}, {Heading: "Escalation", Text: "Escalate an incident's priority."}}}
	langs, err := analysis.DocLanguages([]search.Document{d})
	if err != nil {
		t.Fatal(err)
	}
	a := analysis.NewAnalyser(w, true)
	res := a.Document(&d, langs[0])
	want := docTermsOf(&res, true)
	b := want.encode()
	got, err := decodeDocTerms(b)
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("read back %+v, %v; want %+v", got, err, want)
	}
	for n := range len(b) {
		if _, err := decodeDocTerms(b[:n]); err == nil {
			t.Errorf("%d of %d bytes read as whole", n, len(b))
		}
		c := []byte(string(b))
		c[n] ^= 0x80
		decodeDocTerms(c) // must not panic
	}
}

// TestDocTermsInRoom makes documents' terms in one room, each larger or
// smaller than the one before: each is what docTermsOf makes afresh.
func TestDocTermsInRoom(t *testing.T) {
	w, err := analysis.NewWords(nil)
	if err != nil {
		t.Fatal(err)
	}
	docs := []search.Document{
		{Title: "Incident Management", Tags: []string{"incident"}, Sections: []search.Section{{Text: "Incidents are restored quickly."}, {Heading: "Escalation", Text: "Escalate an incident's priority to the service owner."}}},
		{Title: "Change", Sections: []search.Section{{Text: "A change."}}},
		{Title: "Problem Management", Tags: []string{"problem", "known error"}, Sections: []search.Section{{Heading: "Root cause", Text: "Problems are analysed for their root cause and recorded as known errors."}}},
	}
	langs, err := analysis.DocLanguages(docs)
	if err != nil {
		t.Fatal(err)
	}
	a := analysis.NewAnalyser(w, true)
	room := new(termRoom)
	for i := range docs {
		res := a.Document(&docs[i], langs[i])
		want := docTermsOf(&res, false)
		if got := docTermsIn(&res, false, room); !reflect.DeepEqual(got, want) {
			t.Errorf("document %d in a used room: %+v, want %+v", i, got, want)
		}
	}
}
