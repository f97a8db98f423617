package build_test

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"handbook/internal/benchcorpus"
	"handbook/internal/build"
)

// TestCacheSameOutputCorpus is TestCacheSameOutput on the benchmark
// corpus (1,000 documents unless HANDBOOK_BENCH_N says otherwise): after
// each kind of edit the build with the cache kept between builds writes
// what a build without a cache writes, byte for byte, and a body edit
// reuses the other documents' conversions, the register and the figures.
func TestCacheSameOutputCorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("full builds of the benchmark corpus")
	}
	site := filepath.Join(t.TempDir(), "site")
	if err := os.CopyFS(site, os.DirFS(benchcorpus.Site(t))); err != nil {
		t.Fatal(err)
	}
	docs, err := filepath.Glob(filepath.Join(site, "content", "*", "*.md"))
	if err != nil || len(docs) < 3 {
		t.Fatalf("corpus documents: %v, %v", docs, err)
	}
	slices.Sort(docs)
	footer := readFile(t, "../../layouts/_footer.html")
	replace := func(p string, re *regexp.Regexp, with string) func() {
		return func() {
			old := readFile(t, p)
			if !re.MatchString(old) {
				t.Fatalf("%s: no %s", p, re)
			}
			writeSiteFile(t, p, re.ReplaceAllString(old, with))
		}
	}
	added := filepath.Join(site, "content", "procedures", "added-by-the-test.md")
	steps := []struct {
		name   string
		change func()
		reused []string // results that must come from the cache
	}{
		{"first build", func() {}, nil},
		{"body", func() { writeSiteFile(t, docs[0], readFile(t, docs[0])+"\nEdited by the test.\n") },
			[]string{"draw", "pages", "redirects", "register", "render"}},
		{"front matter", replace(docs[1], regexp.MustCompile(`(?m)^owner: .*$`), "owner: Edited Owner"), []string{"pages"}},
		{"title", replace(docs[1], regexp.MustCompile(`(?m)^title: .*$`), `title: "An Edited Title"`), nil},
		{"layout", func() {
			writeSiteFile(t, filepath.Join(site, "layouts", "_footer.html"), strings.Replace(footer, "</footer>", "<p>Edited.</p></footer>", 1))
		}, []string{"render", "search"}},
		{"handbook.yaml", func() { writeSiteFile(t, filepath.Join(site, "handbook.yaml"), "title: Corpus Handbook\n") }, nil},
		{"document added", func() {
			writeSiteFile(t, added, doc("SMS-PROC-9999", "Procedure Added By The Test", "", "## Scope\n\nIt covers what the test adds.\n"))
		}, nil},
		{"document removed", func() {
			if err := os.Remove(added); err != nil {
				t.Fatal(err)
			}
		}, nil},
	}
	out, cacheDir := filepath.Join(t.TempDir(), "public"), filepath.Join(t.TempDir(), "cache")
	for _, s := range steps {
		s.change()
		res, err := build.Build(context.Background(), build.Options{Site: site, Out: out, Cache: cacheDir, Today: today})
		if err != nil {
			t.Fatalf("%s: cached build: %v", s.name, err)
		}
		for _, name := range s.reused {
			if !slices.Contains(res.Stats.Cached, name) {
				t.Errorf("%s: %s not taken from the cache (%v)", s.name, name, res.Stats.Cached)
			}
		}
		sameAsFresh(t, s.name, site, out, res)
	}
}
