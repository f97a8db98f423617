package index

import (
	"reflect"
	"testing"

	"handbook/internal/search"
)

// TestSumsOf: the Sums made of each document's SumDocument are
// SumDocuments', field by field (docSums gaining a field that DocSum
// does not carry fails it).
func TestSumsOf(t *testing.T) {
	docs := []search.Document{
		{ID: "A-1", Title: "Alpha", Type: "procedure", URL: "/docs/a-1/", Clauses: []string{"8.1"}, Tags: []string{"x"},
			Sections: []search.Section{{Anchor: "scope", Heading: "Scope", Text: "Alpha covers incidents."}}},
		{ID: "B-2", Title: "Beta", Lang: "de", Sections: []search.Section{{}}},
	}
	each := make([]DocSum, len(docs))
	for i := range docs {
		each[i] = SumDocument(&docs[i])
	}
	want := SumDocuments(docs)
	if got := SumsOf(each); !reflect.DeepEqual(got, want) {
		t.Errorf("SumsOf = %x\nwant %x", got, want)
	}
	if n := reflect.TypeFor[docSums]().NumField(); n*32 != len(DocSum{}) {
		t.Errorf("docSums has %d sums, DocSum holds %d bytes", n, len(DocSum{}))
	}
	if each[0] == each[1] {
		t.Error("two documents, one DocSum")
	}
}
