package build_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"strings"
	"sync"
	"testing"
	"time"

	"handbook/internal/build"
	"handbook/internal/diag"
	"handbook/internal/sitetest"
)

// brokenDir holds the checked-in broken sites (see its README).
const brokenDir = "../../testdata/broken"

// maxHeap bounds the heap any one broken site may make a build use,
// garbage not yet collected included: 150 times the largest input, far
// below what would hurt the machine, far above the sampled peaks (about
// 750 MB for the 10 MB document).
const maxHeap = 1536 << 20

// brokenCase is a site that must either build or fail with clear
// path:line errors; never panic, hang or take unbounded memory.
type brokenCase struct {
	name string
	// make writes a generated site into dir; nil means brokenDir/name.
	make func(t *testing.T, dir string)
	// want are substrings of the expected errors ("path:line: message");
	// none means the site must build.
	want []string
	// slow cases are skipped with -short.
	slow bool
}

var brokenCases = []brokenCase{
	{name: "yaml-malformed", want: []string{"content/bad.md:3: invalid YAML front matter"}},
	{name: "toml-malformed", want: []string{"content/bad.md:3: invalid TOML front matter"}},
	{name: "json-malformed", want: []string{"content/bad.md:4: invalid JSON front matter"}},
	{name: "binary-md", want: []string{"content/image.md: binary file"}},
	{name: "invalid-utf8", want: []string{"content/bad.md:15: invalid UTF-8"}},
	{name: "empty-file", want: []string{"content/empty.md: empty file"}},
	{name: "no-body"},
	{name: "bom"},
	{name: "crlf"},
	{name: "duplicate-ids", want: []string{"content/a/one.md:2:", "content/b/two.md:2:", "SMS-PROC-001"}},
	{name: "parent-cycle", want: []string{"content/first.md:12:", "cycle"}},
	{name: "ten-megabytes", slow: true, make: tenMegabytes},
	{name: "list-nested-1000", slow: true, make: nestedList},
	{name: "folders-nested-50", make: nestedFolders},
	{name: "symlink-loop", make: symlinkLoop, want: []string{"content/self.md: cannot read"}},
	{name: "parent-self", make: parentSelf, want: []string{"content/self.md:12:"}},
	{name: "huge-line", slow: true, make: hugeLine},
	{name: "many-links", make: manyLinks},
}

// TestBrokenInput runs the real build on each broken site.
func TestBrokenInput(t *testing.T) {
	for _, tc := range brokenCases {
		t.Run(tc.name, func(t *testing.T) {
			if tc.slow && testing.Short() {
				t.Skip("a big input: skipped with -short")
			}
			site := filepath.Join(brokenDir, tc.name)
			if tc.make != nil {
				site = t.TempDir()
				tc.make(t, site)
			}
			out := previousOutput(t)
			before := snapshot(t, out)
			res, err, peak := buildMeasured(site, out)
			t.Logf("peak heap %d MB", peak>>20)
			if peak > maxHeap {
				t.Errorf("the build used %d MB of heap, more than %d MB", peak>>20, maxHeap>>20)
			}
			msgs := errorMessages(res)
			if len(tc.want) == 0 {
				if err != nil {
					t.Fatalf("the site should build: %v\n%s", err, strings.Join(msgs, "\n"))
				}
				return
			}
			if !errors.Is(err, build.ErrContent) {
				t.Fatalf("want content errors, got %v", err)
			}
			all := strings.Join(msgs, "\n")
			for _, w := range tc.want {
				if !strings.Contains(all, w) {
					t.Errorf("no error %q in:\n%s", w, all)
				}
			}
			for _, m := range msgs {
				if !strings.HasPrefix(m, "content/") && !strings.HasPrefix(m, "handbook.yaml") {
					t.Errorf("error without a path: %q", m)
				}
			}
			if after := snapshot(t, out); fmt.Sprint(after) != fmt.Sprint(before) {
				t.Errorf("a failed build changed the previous output")
			}
		})
	}
}

// previousOutput is the output of an earlier build that a failed build
// must leave exactly as it was.
func previousOutput(t *testing.T) string {
	out := filepath.Join(t.TempDir(), "public")
	sitetest.Write(t, out, map[string]string{".handbook-output": "earlier build\n", "index.html": "<p>earlier</p>\n"})
	return out
}

// buildMeasured builds site into out and samples the heap meanwhile.
func buildMeasured(site, out string) (*build.Result, error, uint64) {
	runtime.GC()
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	var peak uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		for {
			metrics.Read(sample)
			peak = max(peak, sample[0].Value.Uint64())
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	})
	res, err := build.Build(context.Background(), build.Options{Site: site, Out: out, Today: today})
	close(done)
	wg.Wait()
	return res, err, peak
}

func errorMessages(res *build.Result) []string {
	var out []string
	if res == nil || res.Diags == nil {
		return nil
	}
	for _, d := range res.Diags.All() {
		if d.Severity == diag.Error {
			out = append(out, d.Error())
		}
	}
	return out
}

// frontMatter is valid YAML front matter for a generated document.
func frontMatter(id, title, extra string) string {
	return "---\nid: " + id + "\ntitle: " + title + "\ntype: procedure\nversion: \"1.0\"\nstatus: approved\n" +
		"owner: Service Manager\napprover: CEO\napproved: 2026-01-01\nreview: 2099-01-01\nclauses: [\"8.1\"]\n" + extra + "---\n\n"
}

// tenMegabytes is one 10 MB document of ordinary prose, headings and lists.
func tenMegabytes(t *testing.T, dir string) {
	var b strings.Builder
	b.WriteString(frontMatter("SMS-PROC-001", "Very Long Procedure", ""))
	for i := 0; b.Len() < 10<<20; i++ {
		fmt.Fprintf(&b, "## Section %d\n\nThe service desk records every incident, assigns a priority and "+
			"resolves it within the agreed time. *Step %d* links to [[SMS-PROC-001]].\n\n- one\n- two\n\n", i, i)
	}
	sitetest.WriteFile(t, filepath.Join(dir, "content/long.md"), b.String())
}

// nestedList nests a list 1,000 levels deep, both as indented items and
// as "- - - ..." on one line.
func nestedList(t *testing.T, dir string) {
	var b strings.Builder
	b.WriteString(frontMatter("SMS-PROC-001", "Nested Procedure", ""))
	for i := range 1000 {
		b.WriteString(strings.Repeat("  ", i) + "- level " + fmt.Sprint(i) + "\n")
	}
	b.WriteString("\n" + strings.Repeat("- ", 1000) + "deep\n\n" + strings.Repeat("> ", 1000) + "quoted\n")
	sitetest.WriteFile(t, filepath.Join(dir, "content/nested.md"), b.String())
}

// nestedFolders puts a document 50 folders deep.
func nestedFolders(t *testing.T, dir string) {
	p := filepath.Join(dir, "content")
	for i := range 50 {
		p = filepath.Join(p, fmt.Sprintf("d%d", i))
	}
	sitetest.WriteFile(t, filepath.Join(p, "deep.md"), frontMatter("SMS-PROC-001", "Deep Procedure", "")+"Deep down, see [up](../deep.md).\n")
	sitetest.WriteFile(t, filepath.Join(filepath.Dir(p), "deep.md"), frontMatter("SMS-PROC-002", "Less Deep Procedure", "")+"Text.\n")
}

// symlinkLoop makes a folder link to its parent and a file link to itself.
func symlinkLoop(t *testing.T, dir string) {
	sitetest.WriteFile(t, filepath.Join(dir, "content/ok.md"), frontMatter("SMS-PROC-001", "Fine Procedure", "")+"Text.\n")
	for link, target := range map[string]string{"content/loop": ".", "content/up": "..", "content/self.md": "self.md"} {
		if err := os.Symlink(target, filepath.Join(dir, link)); err != nil {
			t.Fatal(err)
		}
	}
}

// parentSelf is the shortest parent cycle: a document its own parent.
func parentSelf(t *testing.T, dir string) {
	sitetest.WriteFile(t, filepath.Join(dir, "content/self.md"), frontMatter("SMS-PROC-001", "Self Procedure", "parent: SMS-PROC-001\n")+"Text.\n")
}

// hugeLine is a 2 MB paragraph without a line break.
func hugeLine(t *testing.T, dir string) {
	sitetest.WriteFile(t, filepath.Join(dir, "content/line.md"), frontMatter("SMS-PROC-001", "One Line Procedure", "")+
		strings.Repeat("word [[SMS-PROC-001]] `code` *em* ", 2<<20/34)+"\n")
}

// manyLinks is 20,000 links and title mentions in one document.
func manyLinks(t *testing.T, dir string) {
	sitetest.WriteFile(t, filepath.Join(dir, "content/a.md"), frontMatter("SMS-PROC-001", "Alpha Procedure", "")+
		strings.Repeat("See [[SMS-PROC-002]], [b](SMS-PROC-002#text) and the Beta Procedure.\n", 10000))
	sitetest.WriteFile(t, filepath.Join(dir, "content/b.md"), frontMatter("SMS-PROC-002", "Beta Procedure", "")+"## Text\n\nBeta.\n")
}
