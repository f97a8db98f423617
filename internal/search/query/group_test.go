package query

import (
	"context"
	"slices"
	"testing"

	"handbook/internal/search"
	"handbook/internal/search/format"
	"handbook/internal/search/searchtest"
)

// TestGroupedByDocument: grouped, each document is one hit with its best
// sections; the documents come in the order of their best sections, a
// document whose id or title is the query first; total and facets count
// documents.
func TestGroupedByDocument(t *testing.T) {
	ix := openFixture(t)
	ctx := context.Background()
	for _, q := range []string{"incident", "major incident", "change approves", `"major incident"`, "service continuity plan", "SMS-PROC-004", "incidnet"} {
		docs, err := ix.Search(ctx, Request{Q: q, Group: GroupDocument, Size: 50})
		if err != nil {
			t.Fatal(err)
		}
		secs, err := ix.Search(ctx, Request{Q: q, Group: GroupSection, Size: 50})
		if err != nil {
			t.Fatal(err)
		}
		var want []string // documents in the order of their best section
		for _, h := range secs.Hits {
			if !slices.Contains(want, h.ID) {
				want = append(want, h.ID)
			}
		}
		var got []string
		types := map[string]int{}
		for _, h := range docs.Hits {
			got = append(got, h.ID)
			types[h.Type]++
			if len(h.Sections) < 1 || len(h.Sections) > maxDocSections {
				t.Errorf("%q: %s has %d sections", q, h.ID, len(h.Sections))
				continue
			}
			if h.Score != h.Sections[0].Score || h.URL != h.Sections[0].URL {
				t.Errorf("%q: %s is not its best section: %+v", q, h.ID, h)
			}
			if !slices.IsSortedFunc(h.Sections, func(a, b SectionHit) int { return format.CmpFloat(b.Score, a.Score) }) {
				t.Errorf("%q: %s's sections are not best first", q, h.ID)
			}
		}
		if docs.Total != len(want) || len(got) != len(want) {
			t.Errorf("%q: %d documents (total %d), want %d", q, len(got), docs.Total, len(want))
		}
		exact, _ := ix.exactDocs(q)
		if len(exact) == 0 && !slices.Equal(got, want) {
			t.Errorf("%q: documents %v, want %v", q, got, want)
		}
		for typ, n := range docs.Facets[format.FieldType] {
			if types[typ] != n {
				t.Errorf("%q: facet %s counts %d, %d documents", q, typ, n, types[typ])
			}
		}
	}
	for q, first := range map[string]string{"SMS-PROC-004": "SMS-PROC-004", "sms-prc-005": "SMS-PRC-005", "Service Continuity Plan": "SMS-TPL-002", "supplier management process": "SMS-PRC-009"} {
		res, err := ix.Search(ctx, Request{Q: q, Group: GroupDocument})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Hits) == 0 || res.Hits[0].ID != first {
			t.Errorf("%q: first hit %v, want %s", q, hitIDs(res.Hits[:min(1, len(res.Hits))]), first)
		}
	}
}

// TestSaysWhatWasSearched: a corrected query says what was searched, one
// that finds nothing offers the nearest words.
func TestSaysWhatWasSearched(t *testing.T) {
	ix := openFixture(t)
	for _, tt := range []struct {
		r           Request
		corrected   string
		suggestions []string
	}{
		{Request{Q: "incidnet"}, "incident", nil},
		{Request{Q: "Major incidnet"}, "Major incident", nil},
		{Request{Q: "incident"}, "", nil},
		{Request{Q: "incidnet", Exact: true}, "", []string{"incident", "incidents"}},
		{Request{Q: "zzyzx"}, "", nil},
		{Request{Q: "incidentz", Type: "policy"}, "incident", []string{"incident", "incidents"}},
	} {
		res, err := ix.Search(context.Background(), tt.r)
		if err != nil {
			t.Fatal(err)
		}
		if res.Corrected != tt.corrected || !slices.Equal(res.Suggestions, tt.suggestions) {
			t.Errorf("%+v: corrected %q, suggestions %v; want %q, %v", tt.r, res.Corrected, res.Suggestions, tt.corrected, tt.suggestions)
		}
	}
}

// TestExactTitleFirst: a document whose title is the query comes first
// even where another document has more of the word, on the server and in
// the browser's static search.
func TestExactTitleFirst(t *testing.T) {
	docs := []search.Document{
		{ID: "SMS-PROC-020", Title: "Escalation matrix", Type: "procedure", URL: "/docs/sms-proc-020/", Sections: []search.Section{
			{Anchor: "escalation", Heading: "Escalation", Text: "Escalation, escalation and escalation again."}}},
		{ID: "SMS-PROC-021", Title: "Escalation", Type: "procedure", URL: "/docs/sms-proc-021/", Sections: []search.Section{
			{Text: "The contact list for out-of-hours calls."}}},
	}
	dir := searchtest.WriteFixture(t, docs)
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	secs, err := ix.Search(context.Background(), Request{Q: "escalation", Group: GroupSection})
	if err != nil {
		t.Fatal(err)
	}
	if len(secs.Hits) == 0 || secs.Hits[0].ID != "SMS-PROC-020" {
		t.Fatalf("the fixture no longer tests the rule: by section %v", hitIDs(secs.Hits))
	}
	for _, q := range []string{"escalation", "Escalation", "SMS-PROC-021", "sms-proc-021"} {
		res, err := ix.Search(context.Background(), Request{Q: q, Group: GroupDocument})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Hits) == 0 || res.Hits[0].ID != "SMS-PROC-021" {
			t.Errorf("%q: first %v, want SMS-PROC-021", q, res.Hits)
		}
	}
	assertStaticMatches(t, ix, dir, []Request{{Q: "escalation", Group: GroupDocument}, {Q: "Escalation matrix", Group: GroupDocument}, {Q: "sms-proc-021", Group: GroupDocument}})
}
