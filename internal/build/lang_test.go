package build_test

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"handbook/internal/build"
	"handbook/internal/search/query"
	"handbook/internal/sitetest"
)

// TestDocumentLanguage: a document's lang (or the handbook's language)
// is its page's <html lang> and the language its words are searched in.
func TestDocumentLanguage(t *testing.T) {
	site := sitetest.FromTxtar(t, sitetest.Shared(t, "two-languages"))
	out := buildSite(t, site, build.Options{NoFigures: true})
	for path, want := range map[string]string{
		"docs/sms-proc-001/index.html": `<html lang="fr">`,
		"docs/sms-proc-002/index.html": `<html lang="en-GB">`,
		"index.html":                   `<html lang="fr">`,
	} {
		if page := readFile(t, filepath.Join(out, path)); !strings.Contains(page, want) {
			t.Errorf("%s: no %s", path, want)
		}
	}
	ix, err := query.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	for q, want := range map[string][]string{"astreinte": {"SMS-PROC-001"}, "supplier": {"SMS-PROC-002"}, "duty": {"SMS-PROC-002"}, "déclarer": {"SMS-PROC-001", "SMS-PROC-002"}} {
		res, err := ix.Search(context.Background(), query.Request{Q: q})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, h := range res.Hits {
			got = append(got, h.ID)
		}
		if got = slices.Compact(slices.Sorted(slices.Values(got))); !slices.Equal(got, want) {
			t.Errorf("%q finds %v, want %v", q, got, want)
		}
	}
}
