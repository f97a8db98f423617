package index

import (
	"bytes"
	"reflect"
	"testing"

	"handbook/internal/search"
)

// TestKeyCoversEveryField changes each field of a document, and of its
// section, one at a time: each change must change the key, or a cached
// index would be reused for documents it does not hold. A field added to
// search.Document or search.Section is changed here too.
func TestKeyCoversEveryField(t *testing.T) {
	base := func() search.Document {
		return search.Document{ID: "SMS-PROC-001", Title: "Incident", Type: "procedure", Status: "approved",
			Owner: "Service Manager", Clauses: []string{"8.6.1"}, Tags: []string{"ops"}, URL: "/docs/sms-proc-001/",
			Lang: "en", Sections: []search.Section{{Anchor: "a", Heading: "Raise", Text: "Raise an incident."}}}
	}
	types := []search.TypeInfo{{Name: "procedure", Label: "Procedures"}}
	key := func(d search.Document, types []search.TypeInfo) string {
		var b bytes.Buffer
		docs := []search.Document{d}
		if err := Key(&b, docs, SumDocuments(docs), types); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	want := key(base(), types)
	if got := key(base(), types); got != want {
		t.Fatalf("the same document gives two keys")
	}
	check := func(name string, change func(v reflect.Value)) {
		d := base()
		change(reflect.ValueOf(&d).Elem())
		if key(d, types) == want {
			t.Errorf("changing %s leaves the key as it was", name)
		}
	}
	docType := reflect.TypeFor[search.Document]()
	for i := range docType.NumField() {
		f := docType.Field(i)
		if f.Name == "Sections" {
			secType := reflect.TypeFor[search.Section]()
			for j := range secType.NumField() {
				check("Sections."+secType.Field(j).Name, func(v reflect.Value) { alter(t, v.Field(i).Index(0).Field(j)) })
			}
			check("Sections (one more)", func(v reflect.Value) {
				v.Field(i).Set(reflect.Append(v.Field(i), v.Field(i).Index(0)))
			})
			continue
		}
		check(f.Name, func(v reflect.Value) { alter(t, v.Field(i)) })
	}
	if key(base(), []search.TypeInfo{{Name: "procedure", Label: "Procedure"}}) == want {
		t.Error("changing a type's label leaves the key as it was")
	}
}

// alter changes a string or a list of strings.
func alter(t *testing.T, v reflect.Value) {
	t.Helper()
	switch {
	case v.Kind() == reflect.String:
		v.SetString(v.String() + "x")
	case v.Kind() == reflect.Slice && v.Type().Elem().Kind() == reflect.String:
		v.Set(reflect.Append(v, reflect.ValueOf("x")))
	default:
		t.Fatalf("a field of kind %s: teach alter to change it", v.Kind())
	}
}
