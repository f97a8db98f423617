// Package sitetest writes trees of files for tests: a whole site folder
// (handbook.yaml, content/, layouts/ ...) or a built output, from a map of
// slash paths to contents, so that a test states its input in one place.
package sitetest

import (
	"os"
	"path/filepath"
	"testing"
)

// Write writes files (slash paths relative to dir, and their contents)
// under dir, making the folders they need; it fails the test on error.
func Write(t testing.TB, dir string, files map[string]string) {
	t.Helper()
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
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
