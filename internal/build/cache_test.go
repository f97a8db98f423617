package build_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"handbook/internal/benchcorpus"
	"handbook/internal/build"
	"handbook/internal/search/query"
	"handbook/internal/sitetest"
)

// TestCacheSameOutput builds a site after every kind of edit twice: into
// one output folder with the build cache kept between builds, and afresh
// without a cache. The two outputs must be the same, byte for byte (the
// bleve index aside, as in TestDeterministic, but it must answer the
// same), and each cached result (the search index, each figure, the
// document pages left as they are) must be used exactly when its inputs
// are unchanged.
func TestCacheSameOutput(t *testing.T) {
	root, site := threeProcedures(t)
	out, cacheDir := filepath.Join(root, "public"), filepath.Join(root, "cache")
	footer, edit := readFile(t, "../../layouts/_footer.html"), siteEdit(t, site)
	// all: everything cached. A body edit converts, indexes and writes
	// the page of that one document; front matter redoes the register,
	// the home page and the figures' pages (their drawings are kept
	// while the graphs are unchanged); a layout or the configuration,
	// every page.
	// The search step, when not replayed whole, takes the analysis and
	// compressed files of what did not change from its memos.
	const all = "draw links lists pages redirects register render search site"
	const memos = " search-docs search-files"
	const body = "draw links lists pages redirects register render" + memos + " site"
	const meta = "figure-scope figure-structure links lists pages redirects"
	steps := []struct {
		name   string
		change func()
		cached string // the results taken from the cache
	}{
		{"first build", func() {}, ""},
		{"nothing changed", func() {}, all},
		{"body", edit("content/b.md", doc("SMS-PROC-002", "Beta Procedure", "", "# Scope\n\nBeta covers known errors.\n")), body},
		{"front matter not searched", edit("content/b.md", strings.Replace(doc("SMS-PROC-002", "Beta Procedure", "", "# Scope\n\nBeta covers known errors.\n"), "approver: CEO", "approver: COO", 1)), meta + " search"},
		{"front matter searched", edit("content/b.md", doc("SMS-PROC-002", "Beta Procedure", "tags: [triage]\n", "# Scope\n\nBeta covers known errors.\n")), meta + memos},
		{"title", edit("content/b.md", doc("SMS-PROC-002", "Better Procedure", "tags: [triage]\n", "# Scope\n\nBeta covers known errors.\n")), memos[1:]},
		{"layout", edit("layouts/_footer.html", strings.Replace(footer, "</footer>", "<p>Site footer.</p></footer>", 1)), "figure-scope figure-structure render search"},
		{"handbook.yaml", edit("handbook.yaml", "title: Cached Handbook\norganisation: Example Ltd\n"), "figure-scope figure-structure search"},
		{"handbook.yaml base_url", edit("handbook.yaml", "title: Cached Handbook\nbase_url: /hb/\n"), memos[1:]},
		{"document added", edit("content/d.md", doc("SMS-PROC-004", "Delta Procedure", "", "Delta covers releases.\n")), memos[1:]},
		{"document removed", func() {
			if err := os.Remove(filepath.Join(site, "content/c.md")); err != nil {
				t.Fatal(err)
			}
		}, memos[1:]},
		// A replayed step's files are left in the output folder when it
		// holds them; else read from the step's output entry, and the
		// step is run again when that is damaged too.
		{"output folder removed", removeOutput(t, out), "draw register render search"},
		{"output folder removed, cached files damaged", func() {
			removeOutput(t, out)()
			for _, e := range []string{"draw", "register", "search"} {
				damage(t, filepath.Join(cacheDir, e+"-output"))
			}
		}, "figure-scope figure-structure render" + memos},
		{"damaged cache entries", func() {
			// The render shards' records (their HTML is read only for the
			// pages rendered again: the next step's).
			render, _ := filepath.Glob(filepath.Join(cacheDir, "render-*"))
			for _, e := range render {
				damagePart(t, e, "data")
			}
			shards, _ := filepath.Glob(filepath.Join(cacheDir, "load-*"))
			memoShards, _ := filepath.Glob(filepath.Join(cacheDir, "search-*-*"))
			for _, m := range memoShards { // every memo shard that holds a result
				if fi, err := os.Stat(filepath.Join(m, "data")); err == nil && fi.Size() > 0 {
					shards = append(shards, m)
				}
			}
			for _, e := range append(shards, filepath.Join(cacheDir, "search"), filepath.Join(cacheDir, "register")) {
				damage(t, e)
			}
		}, "draw links lists pages redirects site"},
		// The converted documents' HTML, which a build reads back only
		// for the pages it renders again (every one: the pages' entry is
		// gone), damaged: those documents are converted again.
		{"damaged HTML of converted documents", func() {
			shards, _ := filepath.Glob(filepath.Join(cacheDir, "render-*"))
			for _, e := range shards {
				damagePart(t, e, "html")
			}
			if err := os.RemoveAll(filepath.Join(cacheDir, "pages")); err != nil {
				t.Fatal(err)
			}
		}, "draw links lists redirects register render search site"},
		// Their sections' texts, which a build reads back only for the
		// documents it indexes again (every one: the search step's entry
		// and the analyses' memo are gone), damaged: converted again.
		{"damaged texts of converted documents", func() {
			shards, _ := filepath.Glob(filepath.Join(cacheDir, "render-*"))
			for _, e := range shards {
				damagePart(t, e, "text")
			}
			memo, _ := filepath.Glob(filepath.Join(cacheDir, "search-docs-*"))
			for _, e := range append(memo, filepath.Join(cacheDir, "search")) {
				if err := os.RemoveAll(e); err != nil {
					t.Fatal(err)
				}
			}
		}, "draw links lists pages redirects register render search-files site"},
		{"a build without the cache in between", func() {
			// The output then holds pages the cache does not know: they
			// are rendered again, not kept.
			a := filepath.Join(site, "content/a.md")
			old := readFile(t, a)
			sitetest.WriteFile(t, a, strings.Replace(old, "Alpha covers incidents.", "Alpha covers major incidents.", 1))
			if _, err := build.Build(context.Background(), build.Options{Site: site, Out: out, Today: today}); err != nil {
				t.Fatal(err)
			}
			sitetest.WriteFile(t, a, old)
		}, all},
		// links.json is written again when a link is added; the pages
		// other than those of both ends are kept.
		{"link added", edit("content/b.md", doc("SMS-PROC-002", "Better Procedure", "tags: [triage]\n", "# Scope\n\nBeta covers known errors, after [Alpha](SMS-PROC-001).\n")), "draw lists pages redirects register render" + memos},
		// An alias renders the redirects again (one key for them all).
		{"alias added", edit("content/b.md", doc("SMS-PROC-002", "Better Procedure", "tags: [triage]\naliases: [/old/beta/]\n", "# Scope\n\nBeta covers known errors, after [Alpha](SMS-PROC-001).\n")), "figure-scope figure-structure links lists pages search"},
	}
	for _, s := range steps {
		s.change()
		res, err := build.Build(context.Background(), build.Options{Site: site, Out: out, Cache: cacheDir, Today: today})
		if err != nil {
			t.Fatalf("%s: cached build: %v", s.name, err)
		}
		// Every build after the first reads the front matter of the
		// unchanged documents from load's memo, but for a damaged one.
		loaded := slices.Contains(res.Stats.Cached, "load")
		if want := s.name != "first build" && s.name != "damaged cache entries"; loaded != want {
			t.Errorf("%s: front matter taken from the cache: %v, want %v", s.name, loaded, want)
		}
		cached := slices.DeleteFunc(slices.Clone(res.Stats.Cached), func(n string) bool { return n == "load" })
		if got := strings.Join(cached, " "); got != s.cached {
			t.Errorf("%s: taken from the cache: %q, want %q", s.name, got, s.cached)
		}
		sameAsFresh(t, s.name, site, out, res)
	}
}

// TestCacheSameOutputCorpus is TestCacheSameOutput on 30 documents of
// the benchmark corpus (in every type, with the corpus's links, parents
// and clauses, over 18 of the 32 conversion shards), kept to the edits
// whose cached builds mix reused and redone parts across many documents
// and cache shards, which the small site cannot show: a body, front
// matter, a title, a document added and removed. The edited and the added
// documents each share their shard with other documents, and other shards
// hold none of them (checked first: a shard rewritten keeps the records
// it reuses, and whole shards are reused). After each,
// the build with the cache kept between builds writes what a build
// without a cache writes, byte for byte, and a body edit reuses the other
// documents' conversions, the register and the figures. The edits that
// redo every page (a layout, handbook.yaml) and the first build with an
// empty cache are TestCacheSameOutput's alone. A fresh build is made
// once per state of the sources: removing the added document returns
// to the state after the title edit.
func TestCacheSameOutputCorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("full builds of the benchmark corpus")
	}
	t.Parallel() // its own copy of the corpus, output and cache
	site := filepath.Join(t.TempDir(), "site")
	if err := os.CopyFS(site, os.DirFS(benchcorpus.SiteN(t, 30))); err != nil {
		t.Fatal(err)
	}
	docs, err := filepath.Glob(filepath.Join(site, "content", "*", "*.md"))
	if err != nil || len(docs) < 3 {
		t.Fatalf("corpus documents: %v, %v", docs, err)
	}
	slices.Sort(docs)
	added := filepath.Join(site, "content", "procedures", "added-by-the-test.md")
	checkShardsMix(t, site, docs, docs[0], docs[1], added)
	replace := func(p string, re *regexp.Regexp, with string) func() {
		return func() {
			old := readFile(t, p)
			if !re.MatchString(old) {
				t.Fatalf("%s: no %s", p, re)
			}
			sitetest.WriteFile(t, p, re.ReplaceAllString(old, with))
		}
	}
	steps := []struct {
		name   string
		change func()
		reused []string // results that must come from the cache
		same   string   // the earlier step whose sources these are, if any
	}{
		{"first build", func() {}, nil, ""},
		{"body", func() { sitetest.WriteFile(t, docs[0], readFile(t, docs[0])+"\nEdited by the test.\n") },
			[]string{"draw", "links", "lists", "pages", "redirects", "register", "render", "search-docs", "search-files", "site"}, ""},
		{"front matter", replace(docs[1], regexp.MustCompile(`(?m)^owner: .*$`), "owner: Edited Owner"), []string{"links", "lists", "pages", "search-docs", "search-files"}, ""},
		{"title", replace(docs[1], regexp.MustCompile(`(?m)^title: .*$`), `title: "An Edited Title"`), []string{"search-docs", "search-files"}, ""},
		{"document added", func() {
			sitetest.WriteFile(t, added, doc("SMS-PROC-9999", "Procedure Added By The Test", "", "## Scope\n\nIt covers what the test adds.\n"))
		}, []string{"search-docs"}, ""},
		{"document removed", func() {
			if err := os.Remove(added); err != nil {
				t.Fatal(err)
			}
		}, nil, "title"},
	}
	out, cacheDir := filepath.Join(t.TempDir(), "public"), filepath.Join(t.TempDir(), "cache")
	fresh := map[string]freshBuild{} // by step
	for i, s := range steps {
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
		if i == 0 {
			continue
		}
		if !slices.Contains(res.Stats.Cached, "load") { // the other documents' front matter
			t.Errorf("%s: load's memo not taken from the cache (%v)", s.name, res.Stats.Cached)
		}
		f, ok := fresh[s.same]
		if !ok {
			f = buildFresh(t, s.name, site)
			fresh[s.name] = f
		}
		sameAs(t, s.name, out, res, f)
	}
}

// checkShardsMix fails the test unless each of the edited documents (site
// paths) shares its render cache shard with another of docs, and some
// shard holds documents but none of the edited ones: so that a cached
// build after each edit both rewrites a shard, keeping the records in it
// that it reuses, and reuses whole shards.
func checkShardsMix(t *testing.T, site string, docs []string, edited ...string) {
	t.Helper()
	shard := func(p string) int {
		rel, err := filepath.Rel(site, p)
		if err != nil {
			t.Fatal(err)
		}
		return build.RenderShard(filepath.ToSlash(rel))
	}
	held := map[int]int{} // shard -> documents
	for _, d := range docs {
		held[shard(d)]++
	}
	for _, e := range edited {
		if n := held[shard(e)]; n < 1 || (n == 1 && slices.Contains(docs, e)) {
			t.Errorf("%s is alone in its render shard: choose a corpus where it shares one", e)
		}
		delete(held, shard(e))
	}
	if len(held) == 0 {
		t.Error("every render shard holds an edited document: choose a corpus with shards left whole")
	}
}

// sameAsFresh checks that the output out, built from site with a cache
// with the result res, is what a build without a cache writes: the same
// files byte for byte (the bleve index aside, as in TestDeterministic,
// but it must answer the same), the same problems and the same counts.
func sameAsFresh(t *testing.T, name, site, out string, res *build.Result) {
	t.Helper()
	sameAs(t, name, out, res, buildFresh(t, name, site))
}

// freshBuild is the output folder and result of a build without a cache.
type freshBuild struct {
	out string
	res *build.Result
}

// buildFresh builds site without a cache into a new folder.
func buildFresh(t *testing.T, name, site string) freshBuild {
	t.Helper()
	out := filepath.Join(t.TempDir(), "public")
	res, err := build.Build(context.Background(), build.Options{Site: site, Out: out, Today: today})
	if err != nil {
		t.Fatalf("%s: fresh build: %v", name, err)
	}
	return freshBuild{out, res}
}

// sameAs is sameAsFresh against the fresh build f of the same sources.
func sameAs(t *testing.T, name, out string, res *build.Result, f freshBuild) {
	t.Helper()
	fresh, want := f.out, f.res
	a, b := snapshot(t, out), snapshot(t, fresh)
	if !slices.Equal(keys(a), keys(b)) {
		t.Fatalf("%s: the cached build wrote other files:\n%v\n%v", name, keys(a), keys(b))
	}
	for _, k := range keys(a) {
		if a[k] != b[k] { // byte for byte, the search index included (issue 18)
			t.Errorf("%s: %s differs with the cache", name, k)
		}
	}
	if got, want := searchIDs(t, out, "covers"), searchIDs(t, fresh, "covers"); !slices.Equal(got, want) {
		t.Errorf("%s: the cached build's search finds %v, a fresh one %v", name, got, want)
	}
	if got, want := diagText(res), diagText(want); got != want {
		t.Errorf("%s: problems with the cache:\n%s\nwithout:\n%s", name, got, want)
	}
	got := res.Stats
	got.Cached = nil
	if !reflect.DeepEqual(got, want.Stats) {
		t.Errorf("%s: counts with the cache %+v, without %+v", name, got, want.Stats)
	}
}

// threeProcedures starts a test of many full builds, in parallel with
// others, unless testing.Short: it returns a new folder for its output
// and a copy of the shared site three-procedures.
func threeProcedures(t *testing.T) (root, site string) {
	t.Helper()
	t.Parallel()
	if testing.Short() {
		t.Skip("many full builds")
	}
	return t.TempDir(), sitetest.FromTxtar(t, sitetest.Shared(t, "three-procedures"))
}

// siteEdit returns a function that returns a change writing body at the
// slash path name of site.
func siteEdit(t *testing.T, site string) func(name, body string) func() {
	return func(name, body string) func() {
		return func() { sitetest.WriteFile(t, filepath.Join(site, filepath.FromSlash(name)), body) }
	}
}

// removeOutput returns a change that deletes the output folder out and
// its twin (the build before it, kept beside it).
func removeOutput(t *testing.T, out string) func() {
	return func() {
		twin := filepath.Join(filepath.Dir(out), "."+filepath.Base(out)+".twin")
		if err := errors.Join(os.RemoveAll(out), os.RemoveAll(twin)); err != nil {
			t.Fatal(err)
		}
	}
}

// diagText lists a build's problems, one a line, sorted.
func diagText(res *build.Result) string {
	var lines []string
	for _, d := range res.Diags.All() {
		lines = append(lines, d.Error())
	}
	slices.Sort(lines)
	return strings.Join(lines, "\n")
}

// damage changes one byte in the middle of a cache entry's data.
func damage(t *testing.T, entry string) {
	t.Helper()
	p := filepath.Join(entry, "data")
	b := []byte(readFile(t, p))
	if len(b) == 0 {
		t.Fatalf("no cache entry to damage at %s", entry)
	}
	b[len(b)/2] ^= 1
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// damagePart flips a bit in the middle of the file rel of a cache entry
// (folder), found by the sizes its index lists ("SUM SIZE NAME" lines,
// in the data file's order).
func damagePart(t *testing.T, entry, rel string) {
	t.Helper()
	var off int
	for line := range strings.Lines(readFile(t, filepath.Join(entry, "entry"))) {
		f := strings.Fields(line)
		if len(f) != 3 || f[0] == "meta" {
			continue
		}
		size, err := strconv.Atoi(f[1])
		if err != nil {
			continue
		}
		if f[2] == rel {
			if size == 0 {
				t.Fatalf("%s of %s is empty", rel, entry)
			}
			p := filepath.Join(entry, "data")
			b := []byte(readFile(t, p))
			b[off+size/2] ^= 1
			if err := os.WriteFile(p, b, 0o644); err != nil {
				t.Fatal(err)
			}
			return
		}
		off += size
	}
	t.Fatalf("no %s in %s", rel, entry)
}

// searchIDs are the documents the bleve index of an output finds for q.
func searchIDs(t *testing.T, out, q string) []string {
	t.Helper()
	ix, err := query.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	res, err := ix.Search(context.Background(), query.Request{Q: q, Size: 20})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, h := range res.Hits {
		ids = append(ids, h.ID)
	}
	slices.Sort(ids)
	return ids
}
