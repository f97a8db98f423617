package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"handbook/internal/benchcorpus"
	"handbook/internal/sitetest"
)

// manifestDate is the SOURCE_DATE_EPOCH of the golden builds (2026-12-06,
// the date /work/wt/samebytes.sh uses too): overdue reviews, the only
// output that depends on the day, do not change with the day the tests run.
const manifestDate = "1796515200"

// corpusSize is the size of the bench corpus whose output is pinned.
const corpusSize = 1000

// TestOutputManifest builds the repository's handbook and the
// 1,000-document bench corpus with the real binary and compares the SHA-256
// and size of every output file, nothing left out, with the golden
// manifests testdata/manifest/*.txt: a refactoring changes no output byte
// (issue 19). A change of output on purpose is recorded with
// `go test ./cmd/handbook -run TestOutputManifest -update` and said in the
// commit message. The corpus comes from the shared generator beside the
// repository (package benchcorpus); without it that half is skipped.
func TestOutputManifest(t *testing.T) {
	if testing.Short() {
		t.Skip("two whole builds")
	}
	repo, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	sites := []struct {
		name string
		site func(t *testing.T) string
	}{
		{"handbook", func(*testing.T) string { return repo }},
		{fmt.Sprintf("corpus-%d", corpusSize), func(t *testing.T) string {
			if _, err := benchcorpus.GeneratorDir(); err != nil {
				t.Skipf("no %d-document corpus to pin: %v", corpusSize, err)
			}
			return benchcorpus.SiteN(t, corpusSize)
		}},
	}
	for _, s := range sites {
		t.Run(s.name, func(t *testing.T) {
			t.Parallel()
			out := filepath.Join(t.TempDir(), "public")
			buildPinned(t, s.site(t), out)
			got := manifestOf(t, out)
			golden := filepath.Join("testdata", "manifest", s.name+".txt")
			if *update {
				sitetest.Golden(t, golden, got, true)
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (go test ./cmd/handbook -run TestOutputManifest -update writes it)", err)
			}
			if diffs := manifestDiff(want, got); len(diffs) > 0 {
				const most = 100
				n, more := len(diffs), ""
				if n > most {
					diffs, more = diffs[:most], fmt.Sprintf("\n... and %d more", n-most)
				}
				t.Errorf("the output differs from %s in %d files (if on purpose: -update, and say so in the commit):\n%s%s",
					golden, n, strings.Join(diffs, "\n"), more)
			}
		})
	}
}

// buildPinned runs `handbook build` on site into out with the fixed date
// and no cache, as a person reproducing a build would.
func buildPinned(t *testing.T, site, out string) {
	t.Helper()
	cmd := exec.Command(filepath.Join(binDir, "handbook"), "build", "--quiet", "--no-cache", "-s", site, "-o", out)
	cmd.Env = append(os.Environ(), "SOURCE_DATE_EPOCH="+manifestDate)
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("handbook build -s %s: %v\n%s", site, err, msg)
	}
}

// manifestOf lists every file under root, sorted by slash path, one line
// "sha256 size path" each (the format of the output folder's own manifest).
func manifestOf(t *testing.T, root string) []byte {
	t.Helper()
	lines := map[string]string{} // slash path -> line
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		sum := sha256.Sum256(data)
		lines[rel] = fmt.Sprintf("%s %d %s\n", hex.EncodeToString(sum[:]), len(data), rel)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, p := range slices.Sorted(maps.Keys(lines)) {
		b.WriteString(lines[p])
	}
	return []byte(b.String())
}

// manifestDiff names, sorted, each path whose line differs between two
// manifests: changed (with both sizes), missing or new.
func manifestDiff(want, got []byte) []string {
	w, g := manifestLines(want), manifestLines(got)
	var diffs []string
	for p, wl := range w {
		gl, ok := g[p]
		switch {
		case !ok:
			diffs = append(diffs, "missing: "+p)
		case gl != wl:
			diffs = append(diffs, fmt.Sprintf("differs: %s (size %s -> %s)", p, strings.Fields(wl)[1], strings.Fields(gl)[1]))
		}
	}
	for _, p := range slices.Sorted(maps.Keys(g)) {
		if _, ok := w[p]; !ok {
			diffs = append(diffs, "new: "+p)
		}
	}
	slices.SortFunc(diffs, func(a, b string) int {
		return strings.Compare(a[strings.Index(a, " ")+1:], b[strings.Index(b, " ")+1:])
	})
	return diffs
}

// manifestLines maps each path of a manifest to its line.
func manifestLines(m []byte) map[string]string {
	lines := map[string]string{}
	for _, l := range strings.Split(strings.TrimSuffix(string(m), "\n"), "\n") {
		if f := strings.SplitN(l, " ", 3); len(f) == 3 {
			lines[f[2]] = l
		}
	}
	return lines
}
