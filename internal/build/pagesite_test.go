package build

import (
	"strings"
	"testing"

	"handbook/internal/site"
)

// TestPageSiteLeavesLoadsSite: the titles step gives the included
// documents as new values (placeholders replaced, no body) in a new site,
// and leaves load's site and documents as they were.
func TestPageSiteLeavesLoadsSite(t *testing.T) {
	doc := func(id, title string) *site.Document {
		return &site.Document{Path: "content/" + id + ".md", Meta: site.Meta{ID: id, Title: title}, Body: []byte("Text.")}
	}
	in, out := doc("A-1", "{{org}} policy"), doc("B-1", "{{org}} secret")
	s := &site.Site{Docs: []*site.Document{in, out},
		ByID:   map[string]*site.Document{"A-1": in, "B-1": out},
		ByPath: map[string]*site.Document{in.Path: in, out.Path: out}}
	ns, docs := pageSite(s, []*site.Document{in}, strings.NewReplacer("{{org}}", "Acme"))

	if len(docs) != 1 || docs[0] == in || docs[0].Meta.Title != "Acme policy" || docs[0].Body != nil {
		t.Fatalf("copies %+v, want one new document titled %q without a body", docs, "Acme policy")
	}
	if in.Meta.Title != "{{org}} policy" || string(in.Body) != "Text." {
		t.Errorf("load's document changed: %q %q", in.Meta.Title, in.Body)
	}
	if s.ByID["A-1"] != in || s.ByPath[in.Path] != in || s.Docs[0] != in {
		t.Error("load's site indexes changed")
	}
	if ns.ByID["A-1"] != docs[0] || ns.ByPath[in.Path] != docs[0] || ns.Docs[0] != docs[0] {
		t.Error("the new site does not hold the copy in every index")
	}
	if ns.ByID["B-1"] != out || ns.Docs[1] != out || out.Meta.Title != "{{org}} secret" {
		t.Error("a document left out is not load's, untouched")
	}
}
