package build_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"handbook/internal/build"
	"handbook/internal/sitetest"
)

// TestNoCacheTwinSameOutput: builds without a cache (--no-cache) into one
// output folder keep the build before as the output's twin, beside it,
// and from the third build on bring that twin up to date and swap it in,
// instead of making a staging tree; after every kind of edit — nothing, a
// body, a layout, a document added or removed, a file of the output
// changed by hand — the output is what a build into a new folder writes,
// byte for byte.
func TestNoCacheTwinSameOutput(t *testing.T) {
	root, site := threeProcedures(t)
	out, twin := filepath.Join(root, "public"), filepath.Join(root, ".public.twin")
	footer, edit := readFile(t, "../../layouts/_footer.html"), siteEdit(t, site)
	steps := []struct {
		name   string
		change func()
	}{
		{"first build", func() {}},
		{"nothing changed", func() {}}, // the first build becomes the twin
		{"nothing changed, with the twin", func() {}},
		{"body", edit("content/b.md", doc("SMS-PROC-002", "Beta Procedure", "", "# Scope\n\nBeta covers known errors.\n"))},
		{"layout", edit("layouts/_footer.html", strings.Replace(footer, "</footer>", "<p>Site footer.</p></footer>", 1))},
		{"document added", edit("content/d.md", doc("SMS-PROC-004", "Delta Procedure", "", "Delta covers releases.\n"))},
		{"document removed", func() {
			if err := os.Remove(filepath.Join(site, "content/c.md")); err != nil {
				t.Fatal(err)
			}
		}},
		// Changed in the output, then in the twin once the output is
		// swapped out: each build writes the page again.
		{"output page changed by hand", func() { sitetest.WriteFile(t, filepath.Join(out, "index.html"), "changed by hand\n") }},
		{"the changed page in the twin", func() {}},
	}
	for i, s := range steps {
		s.change()
		before, twinErr := os.Stat(twin)
		res, err := build.Build(context.Background(), build.Options{Site: site, Out: out, Today: today})
		if err != nil {
			t.Fatalf("%s: build: %v", s.name, err)
		}
		after, err := os.Stat(out)
		if used := twinErr == nil && err == nil && os.SameFile(before, after); used != (i >= 2) {
			t.Errorf("%s: the twin became the output: %v, want %v (%v)", s.name, used, i >= 2, twinErr)
		}
		if _, err := os.Stat(filepath.Join(twin, ".handbook-output")); (err == nil) != (i >= 1) {
			t.Errorf("%s: a twin with a marker after the build: %v, want %v", s.name, err == nil, i >= 1)
		}
		sameAs(t, s.name, out, res, buildFresh(t, s.name, site))
	}
}
