// Package sitetest holds the fixtures of tests: it writes trees of files
// (a whole site folder — handbook.yaml, content/, layouts/ ... — or a
// built output) from a map of slash paths to contents, so that a test
// states its input in one place, and compares output with golden files.
//
// It is the one place tests write files into a site or an output folder:
// WriteFile (one file, its folders made), Write and New (a tree), Symlink.
//
// A whole site that a helper or several tests build — in one package or
// in several — is a txtar archive under <module root>/testdata/sites/
// (SitesDir), whose comment says what the site is for: FromTxtar(t,
// Shared(t, name)) writes it; a test that needs a variation takes
// Files(t, Shared(t, name)), changes or adds an entry, and writes the map
// with New. A fixture only one package reads and that is not a site
// source (a built output) is an archive in that package's testdata/.
// Small sites of one or two documents that a single test states inline,
// next to what it asserts, stay Go maps.
//
// Sites whose size is a parameter stay generators, not archives:
// internal/build's largeSite(policies, procedures), internal/browsertest's
// generatedSite (200 documents), internal/build's broken-input and growth
// cases (megabytes of prose, 1,000-level nesting, n documents) and the
// benchmark corpus (package benchcorpus, 1,000 to 10,000 documents).
package sitetest

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Write writes files (slash paths relative to dir, and their contents)
// under dir, making the folders they need; it fails the test on error.
func Write(t testing.TB, dir string, files map[string]string) {
	t.Helper()
	for name, body := range files {
		WriteFile(t, filepath.Join(dir, filepath.FromSlash(name)), body)
	}
}

// WriteFile writes one file at path, making the folders it needs; it
// fails the test on error.
func WriteFile(t testing.TB, path, body string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

// ReadFile returns the contents of the file at path; it fails the test on
// error.
func ReadFile(t testing.TB, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// Symlink makes a symbolic link at link to target, making the folders it
// needs; it fails the test on error.
func Symlink(t testing.TB, target, link string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(link), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
}

// New writes files into a new temporary folder, removed when the test
// ends, and returns the folder.
func New(t testing.TB, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	Write(t, dir, files)
	return dir
}

// Golden compares got with the golden file at path, or (update, from a
// test's -update flag) rewrites the file with it. A difference is
// reported with its first differing line.
func Golden(t testing.TB, path string, got []byte, update bool) {
	t.Helper()
	if update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs (go test -update rewrites it):\n%s", path, firstDiff(string(want), string(got)))
	}
}

// firstDiff names the first line where got and want differ.
func firstDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := range max(len(w), len(g)) {
		var a, b string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			b = g[i]
		}
		if a != b {
			return fmt.Sprintf("line %d:\nwant: %s\n got: %s", i+1, a, b)
		}
	}
	return ""
}
