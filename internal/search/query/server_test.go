package query

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"handbook/internal/search"
	"handbook/internal/search/format"
	"handbook/internal/search/index"
	"handbook/internal/search/searchtest"
)

// serverDocs are the fixture's documents and two more in other languages:
// one with an analyser (French stems and stop words) and one without.
func serverFixture() []search.Document {
	docs := searchtest.FixtureDocs()
	docs = append(docs,
		search.Document{ID: "SMS-POL-010", Title: "Politique de gestion des incidents", Type: "policy", Lang: "fr-CA",
			URL: "/docs/sms-pol-010/", Clauses: []string{"8.6.1"}, Sections: []search.Section{
				{Anchor: "objet", Heading: "Objet", Text: "Les incidents majeurs sont gérés par l'équipe d'astreinte."}}},
		search.Document{ID: "SMS-POL-011", Title: "Incident policy in Latin", Type: "policy", Lang: "la",
			URL: "/docs/sms-pol-011/", Sections: []search.Section{{Text: "Incidentes gravissimi statim nuntiantur."}}})
	return docs
}

// TestServerIndexFromStatic: an output with the static index alone (what
// handbook build writes) answers every request exactly as one with the
// bleve index written beside it, through the index that Open builds in
// the cache folder; the next Open reuses it, other content gets its own
// (the earlier one removed), and a damaged one is built again.
func TestServerIndexFromStatic(t *testing.T) {
	ctx := context.Background()
	docs := serverFixture()
	full := t.TempDir()
	if _, err := index.Write(ctx, index.FolderOutput(full), docs, searchtest.FixtureTypes()); err != nil {
		t.Fatal(err)
	}
	static := filepath.Join(t.TempDir(), "public")
	if _, err := index.Write(ctx, index.Output{Put: index.FolderOutput(static).Put}, docs, searchtest.FixtureTypes()); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(static, "_search", format.IndexDir)); err == nil {
		t.Fatal("Write with no IndexDir wrote a bleve index")
	}
	if _, err := os.Stat(filepath.Join(static, "_search", format.StaticDir, "pairs.bin")); err == nil {
		t.Fatal("Write with no IndexDir wrote the server's pairs.bin")
	}
	cacheRoot := filepath.Join(t.TempDir(), "cache")
	want, got := open(t, full, ""), open(t, static, cacheRoot)
	if !reflect.DeepEqual(want.pairs, got.pairs) {
		t.Error("the word pairs made from the static index differ from those the build wrote")
	}
	reqs := []Request{
		{Q: "incident"}, {Q: "incidents", Type: "process"}, {Q: "major incident", Clause: "8.6"},
		{Q: `"major incident"`}, {Q: "incidnt"}, {Q: "changes", Group: GroupDocument}, {Q: "sms-pol-001"},
		{Q: "incidents majeurs"}, {Q: "gérés"}, {Q: "équipe"}, {Q: "incidentes"}, {Q: "gravissimi"},
		{Q: "manag*"}, {Q: "service", From: 2, Size: 3},
	}
	for _, r := range reqs {
		a, errA := want.Search(ctx, r)
		b, errB := got.Search(ctx, r)
		if (errA == nil) != (errB == nil) {
			t.Fatalf("%+v: errors %v and %v", r, errA, errB)
		}
		if errA != nil {
			continue
		}
		a.TookMS, b.TookMS = 0, 0
		if !reflect.DeepEqual(a, b) {
			t.Errorf("%+v: the index built from the static one answers\n%+v\nnot\n%+v", r, b, a)
		}
		if r.Q == "gérés" && a.Total == 0 {
			t.Errorf("the French document is not found by its word %q", r.Q)
		}
	}
	entries := func() []string {
		es, _ := os.ReadDir(filepath.Join(cacheRoot, serverCache))
		var names []string
		for _, e := range es {
			names = append(names, e.Name())
		}
		return names
	}
	first := entries()
	if len(first) != 1 {
		t.Fatalf("cache holds %v, want one index", first)
	}
	stamp := filepath.Join(cacheRoot, serverCache, first[0], "marker")
	if err := os.WriteFile(stamp, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	open(t, static, cacheRoot)
	if _, err := os.Stat(stamp); err != nil {
		t.Fatalf("the second Open built the index again: %v", err)
	}

	// Damaged: its bleve store is gone; it is made again and answers.
	if err := os.RemoveAll(filepath.Join(cacheRoot, serverCache, first[0], format.IndexDir, "store")); err != nil {
		t.Fatal(err)
	}
	if res, err := open(t, static, cacheRoot).Search(ctx, Request{Q: "incident"}); err != nil || res.Total == 0 {
		t.Fatalf("a damaged cached index: %v, %+v", err, res)
	}

	// Other content: another key, and the earlier index is removed.
	docs[0].Sections[0].Text += " Availability."
	if _, err := index.Write(ctx, index.Output{Put: index.FolderOutput(static).Put}, docs, searchtest.FixtureTypes()); err != nil {
		t.Fatal(err)
	}
	if res, _ := open(t, static, cacheRoot).Search(ctx, Request{Q: "availability"}); res == nil || res.Total != 1 {
		t.Errorf("the edited content is not searched: %+v", res)
	}
	if now := entries(); len(now) != 1 || now[0] == first[0] {
		t.Errorf("after an edit the cache holds %v (before: %v)", now, first)
	}
}

func open(t *testing.T, dir, cacheRoot string) *Index {
	t.Helper()
	ix, err := OpenIn(dir, cacheRoot)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	return ix
}

// TestOpenRefusesOtherVersions: a static index of another layout (an
// output built by another handbook) is refused with a message saying so,
// not read as postings it does not hold.
func TestOpenRefusesOtherVersions(t *testing.T) {
	dir := searchtest.WriteFixture(t, searchtest.FixtureDocs())
	meta := filepath.Join(dir, "_search", format.StaticDir, "meta.json")
	b, err := os.ReadFile(meta)
	if err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprintf(`"version":%d,`, format.StaticVersion)
	if !strings.Contains(string(b), want) {
		t.Fatalf("meta.json has no %s", want)
	}
	if err := os.WriteFile(meta, []byte(strings.Replace(string(b), want, `"version":1,`, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	ix, err := OpenIn(dir, t.TempDir())
	if err == nil {
		ix.Close()
		t.Fatal("opened an index of version 1")
	}
	if !strings.Contains(err.Error(), "format version 1") || !strings.Contains(err.Error(), "build the site again") {
		t.Errorf("error %q does not say the version", err)
	}
}
