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
