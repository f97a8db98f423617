package web

import (
	"context"
	"maps"
	"path/filepath"
	"slices"
	"testing"

	"handbook/internal/search"
	"handbook/internal/search/format"
	"handbook/internal/search/query"
	"handbook/internal/search/searchtest"
)

// TestOverlay replaces one document of the fixture through an overlay and
// compares every answer with a full index of the edited fixture: the same
// totals and facets, the same documents found, words that the edit
// removed no longer found.
func TestOverlay(t *testing.T) {
	edited := searchtest.FixtureDocs()
	i := slices.IndexFunc(edited, func(d search.Document) bool { return d.ID == "SMS-PROC-004" })
	edited[i].Sections = []search.Section{
		{Anchor: "criteria", Heading: "4.1 Major incident criteria", Text: "Raise a major incident when zanzibar is down."},
		{Anchor: "raise", Heading: "4.2 Raising a major incident", Text: "Call the Incident Manager and log the incident."},
	}
	base := fixtureHandler(t)
	h, closer, err := OverlayHandler(context.Background(), base, filepath.Join(t.TempDir(), "overlay"), edited[i:i+1], searchtest.FixtureTypes())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { closer.Close() })
	o := h.(*handler).s
	full, err := query.Open(searchtest.WriteFixture(t, edited))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { full.Close() })

	reqs := []query.Request{
		{Q: "zanzibar"},
		{Q: "critical"}, // only in the text the edit removed
		{Q: "incident"},
		{Q: "incident", Type: "process"},
		{Q: "incident", Type: "policy"}, // a type the overlay's own index lacks
		{Q: "incident", Clause: "8.6"},
		{Q: `"major incident"`},
		{Q: "SMS-PROC-004"},
		{Q: "incident manager", From: 1, Size: 2},
		{Q: "nothingmatchesthis"},
		{Q: "incidnet"},
		{Q: "Major Incident Procedure"}, // the title of the document edited: first
	}
	for _, r := range slices.Clone(reqs) { // and by document
		r.Group = query.GroupDocument
		reqs = append(reqs, r)
	}
	for _, r := range reqs {
		got, err := o.Search(context.Background(), r)
		if err != nil {
			t.Fatalf("%+v: %v", r, err)
		}
		want, err := full.Search(context.Background(), r)
		if err != nil {
			t.Fatalf("%+v: full index: %v", r, err)
		}
		if got.Total != want.Total || !maps.EqualFunc(got.Facets, want.Facets, maps.Equal) {
			t.Errorf("%+v: total %d facets %v, a full index says %d %v", r, got.Total, got.Facets, want.Total, want.Facets)
		}
		if got.Corrected != want.Corrected || !slices.Equal(got.Suggestions, want.Suggestions) {
			t.Errorf("%+v: corrected %q %v, a full index %q %v", r, got.Corrected, got.Suggestions, want.Corrected, want.Suggestions)
		}
		if len(got.Hits) != len(want.Hits) {
			t.Errorf("%+v: %d hits, a full index gives %d", r, len(got.Hits), len(want.Hits))
		}
		if r.Group == query.GroupDocument && r.Q == "Major Incident Procedure" && (len(got.Hits) == 0 || got.Hits[0].ID != "SMS-PROC-004") {
			t.Errorf("%+v: the document of that title is not first: %v", r, hitKeys(got.Hits))
		}
		if r.From == 0 && !slices.Equal(hitKeys(got.Hits), hitKeys(want.Hits)) {
			t.Errorf("%+v: found %v, a full index finds %v", r, hitKeys(got.Hits), hitKeys(want.Hits))
		}
	}
	if _, err := o.Search(context.Background(), query.Request{Q: "x", Size: format.MaxSize + 1}); err == nil {
		t.Error("an overlay accepts a page larger than the limit")
	}
}

// hitKeys are the sections found, in no particular order.
func hitKeys(hits []query.Hit) []string {
	var out []string
	for _, h := range hits {
		out = append(out, h.URL)
	}
	slices.Sort(out)
	return out
}
