package build

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"testing"
	"time"

	"handbook/internal/benchcorpus"
	"handbook/internal/search/index"
	"handbook/internal/sitetest"
)

// TestSearchSumsFromRecords checks that the search index's sums a build
// with a cache takes from the render cache's records (renderRecord.
// SearchSum) are those of its search documents: on the first build (every
// document converted), after a body edit (one converted, the others from
// the cache) and after a title edit (every document converted again).
func TestSearchSumsFromRecords(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the benchmark corpus's states")
	}
	t.Parallel()
	site := filepath.Join(t.TempDir(), "site")
	if err := os.CopyFS(site, os.DirFS(benchcorpus.SiteN(t, 30))); err != nil {
		t.Fatal(err)
	}
	docs, err := filepath.Glob(filepath.Join(site, "content", "*", "*.md"))
	if err != nil || len(docs) < 2 {
		t.Fatalf("corpus documents: %v, %v", docs, err)
	}
	slices.Sort(docs)
	cacheDir := t.TempDir()
	for _, step := range []struct {
		name   string
		change func()
	}{
		{"first build", func() {}},
		{"body", func() {
			sitetest.WriteFile(t, docs[0], sitetest.ReadFile(t, docs[0])+"\n## Added\n\nEdited by the test.\n")
		}},
		{"title", func() {
			title := regexp.MustCompile(`(?m)^title: .*$`)
			sitetest.WriteFile(t, docs[1], title.ReplaceAllString(sitetest.ReadFile(t, docs[1]), `title: "An Edited Title"`))
		}},
	} {
		step.change()
		_, st, err := check(context.Background(), Options{Site: site, Cache: cacheDir, Today: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)}, false)
		if st == nil || (err != nil && !errors.Is(err, ErrContent)) {
			t.Fatalf("%s: %v", step.name, err)
		}
		if len(st.searchSum) != len(st.Docs) || slices.Contains(st.searchSum, index.DocSum{}) {
			t.Fatalf("%s: %d of %d documents' sums from the records, or some zero", step.name, len(st.searchSum), len(st.Docs))
		}
		if got, want := st.searchSums(), index.SumDocuments(st.searchDocs()); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: the records' search sums are not the documents'", step.name)
		}
	}
}
