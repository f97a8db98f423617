package output

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"testing"

	"handbook/internal/sitetest"
)

// build writes files and commits (commit, without faults), failing the
// test on error.
func build(t *testing.T, final string, files map[string]string) {
	t.Helper()
	buildWith(t, Begin, final, files)
}

// buildWith is build begun with begin.
func buildWith(t *testing.T, begin func(string) (*Dir, error), final string, files map[string]string) {
	t.Helper()
	if err := commit(begin, final, files, nil, nil); err != nil {
		t.Fatal(err)
	}
}

// tree reads every file and folder under dir: path → content ("/" for a
// folder); none when dir does not exist.
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if p == dir && errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		if err != nil || p == dir {
			return err
		}
		r, _ := filepath.Rel(dir, p)
		if e.IsDir() {
			out[filepath.ToSlash(r)] = "/"
			return nil
		}
		b, err := os.ReadFile(p)
		out[filepath.ToSlash(r)] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestIncrementalEqualsFresh builds a sequence of outputs into one folder,
// with staging folders and with the output's twin, and checks, after
// each, that it holds exactly what a first build into an empty folder
// gives, the marker included (folders too: none left empty).
func TestIncrementalEqualsFresh(t *testing.T) {
	steps := []map[string]string{
		{"index.html": "home", "docs/a/index.html": "a", "docs/b/index.html": "b", "css/x.css": "x"},
		{"index.html": "home", "docs/a/index.html": "a", "docs/b/index.html": "b", "css/x.css": "x"},   // unchanged
		{"index.html": "home 2", "docs/a/index.html": "a", "docs/c/index.html": "c", "css/x.css": "x"}, // b gone, c new
		{"index.html": "home 2", "docs/a": "a is a file now", "_search/index/1.seg": "@ext"},
		{"index.html": "home 2", "docs/a/index.html": "a is a folder again", "_search/index/2.seg": "@ext"},
		{"index.html": "home 2", "docs/a/index.html": "a is a folder again", "_search/index/2.seg": "@ext", "deep/x/y/z.html": "z"},
		{"index.html": "home", "docs/a/index.html": "a", "docs/b/index.html": "b", "css/x.css": "x", "deep/x": "a file"},
		{"index.html": "home", "docs/a/index.html": "a", "css/x.css": "x", "_search/index/2.seg": "@ext"},
		{},
		{"index.html": "home"},
	}
	for mode, begin := range begins {
		t.Run(mode, func(t *testing.T) {
			final := filepath.Join(t.TempDir(), "public")
			for i, files := range steps {
				buildWith(t, begin, final, files)
				fresh := filepath.Join(t.TempDir(), "public")
				build(t, fresh, files)
				got, want := tree(t, final), tree(t, fresh)
				if !maps.Equal(got, want) {
					t.Errorf("step %d: incremental output differs from a fresh build:\n got %v\nwant %v", i, got, want)
				}
				checkTwin(t, final)
			}
			assertNoStaging(t, filepath.Dir(final))
		})
	}
}

// TestUnchangedFilesAreNotWritten checks that repeat builds leave an
// unchanged file alone (same inode, same modification time) and replace
// a changed one, with staging folders and with the output's twin.
func TestUnchangedFilesAreNotWritten(t *testing.T) {
	for mode, begin := range begins {
		t.Run(mode, func(t *testing.T) {
			final := filepath.Join(t.TempDir(), "public")
			stat := func(name string) os.FileInfo {
				fi, err := os.Stat(filepath.Join(final, name))
				if err != nil {
					t.Fatal(err)
				}
				return fi
			}
			buildWith(t, begin, final, map[string]string{"same.html": "same", "changed.html": "v0"})
			same := stat("same.html")
			for v := 1; v < 5; v++ {
				changed := stat("changed.html")
				body := fmt.Sprintf("v%d", v%3)
				buildWith(t, begin, final, map[string]string{"same.html": "same", "changed.html": body})
				if fi := stat("same.html"); !os.SameFile(same, fi) || !fi.ModTime().Equal(same.ModTime()) {
					t.Errorf("build %d: an unchanged file was rewritten", v)
				}
				if os.SameFile(changed, stat("changed.html")) {
					t.Errorf("build %d: a changed file was written in place, not replaced", v)
				}
				if got := read(t, filepath.Join(final, "changed.html")); got != body {
					t.Errorf("build %d: changed.html = %q", v, got)
				}
			}
		})
	}
}

// TestAbortAfterIncrementalWrites: a build that fails after writing
// changed files leaves every byte of the output folder as it was, and of
// its twin.
func TestAbortAfterIncrementalWrites(t *testing.T) {
	for mode, begin := range begins {
		t.Run(mode, func(t *testing.T) {
			final := filepath.Join(t.TempDir(), "public")
			buildWith(t, begin, final, map[string]string{"a.html": "a", "docs/b/index.html": "b"})
			buildWith(t, begin, final, map[string]string{"a.html": "a2", "docs/b/index.html": "b"})
			before, twinBefore := tree(t, final), tree(t, twinPath(final))
			d, err := begin(final)
			if err != nil {
				t.Fatal(err)
			}
			for p, s := range map[string]string{"a.html": "new a", "docs/c/index.html": "c", "docs/b/index.html": "b"} {
				if err := d.Write(p, []byte(s)); err != nil {
					t.Fatal(err)
				}
			}
			d.Abort()
			if after := tree(t, final); !maps.Equal(before, after) {
				t.Errorf("an aborted build changed the output:\n%v\n%v", before, after)
			}
			if after := tree(t, twinPath(final)); !maps.Equal(twinBefore, after) {
				t.Errorf("an aborted build changed the twin:\n%v\n%v", twinBefore, after)
			}
			assertNoStaging(t, filepath.Dir(final))
		})
	}
}

// TestNoManifestReplacesWhole: a marker without a manifest (an older build,
// or an interrupted Commit) makes the next build replace the folder whole,
// so files it knows nothing about do not survive.
func TestNoManifestReplacesWhole(t *testing.T) {
	for name, marker := range map[string]string{
		"no manifest":      markerText,
		"damaged manifest": markerText + manifestHeader + "zz 3 a.html\n",
		"escaping path":    markerText + manifestHeader + "- 3 ../a.html\n",
		// Whole SHA-256 sums: an earlier version's manifest, not misread.
		"version 1 manifest": markerText + "manifest v1: sha256 size path\n" + wholeSum("a") + " 1 a.html\n",
		"whole sums":         markerText + manifestHeader + wholeSum("a") + " 1 a.html\n",
	} {
		t.Run(name, func(t *testing.T) {
			final := filepath.Join(t.TempDir(), "public")
			build(t, final, map[string]string{"a.html": "a"})
			sitetest.Write(t, final, map[string]string{Marker: marker, "stray.html": "?"})
			build(t, final, map[string]string{"a.html": "a"})
			if _, err := os.Stat(filepath.Join(final, "stray.html")); err == nil {
				t.Errorf("a file outside the manifest survived")
			}
			if got := read(t, filepath.Join(final, "a.html")); got != "a" {
				t.Errorf("a.html = %q", got)
			}
		})
	}
}

// wholeSum is the SHA-256 of s as sha256sum prints it.
func wholeSum(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// TestManifestListsSHA256Start: a manifest line is the first 32 hex
// digits of the file's SHA-256 (what sha256sum prints, cut), its size and
// its path.
func TestManifestListsSHA256Start(t *testing.T) {
	final := filepath.Join(t.TempDir(), "public")
	build(t, final, map[string]string{"a.html": "a", "docs/b/index.html": "bee"})
	want := markerText + manifestHeader +
		wholeSum("a")[:32] + " 1 a.html\n" +
		wholeSum("bee")[:32] + " 3 docs/b/index.html\n"
	if got := read(t, filepath.Join(final, Marker)); got != want {
		t.Errorf("marker\n%s\nwant\n%s", got, want)
	}
}

func TestWriteRefusesMarker(t *testing.T) {
	d, err := Begin(filepath.Join(t.TempDir(), "public"))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Abort()
	if err := d.Write(Marker, []byte("x")); err == nil {
		t.Errorf("Write may overwrite the marker")
	}
}
