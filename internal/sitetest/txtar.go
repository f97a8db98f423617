package sitetest

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/tools/txtar"
)

// Site fixtures shared by every package that builds sites live in
// SitesDir, one txtar archive each (golang.org/x/tools/txtar): the
// archive's comment says what the site is for, each "-- path --" entry is
// a file of the site folder.
const SitesDir = "testdata/sites"

// Files reads the txtar archive at path (relative to the test's package
// folder, or absolute) into slash paths and contents, for a test that
// changes or adds files before writing them with Write. A file named twice
// fails the test.
func Files(t testing.TB, path string) map[string]string {
	t.Helper()
	a, err := txtar.ParseFile(path)
	if err != nil {
		t.Fatal(err)
	}
	files := make(map[string]string, len(a.Files))
	for _, f := range a.Files {
		if _, dup := files[f.Name]; dup {
			t.Fatalf("%s: %s appears twice", path, f.Name)
		}
		files[f.Name] = string(f.Data)
	}
	return files
}

// FromTxtar writes the files of the txtar archive at path into a new
// temporary folder, removed when the test ends, and returns the folder.
func FromTxtar(t testing.TB, path string) string {
	t.Helper()
	return New(t, Files(t, path))
}

// Shared is the path of the shared site fixture name
// (<module root>/testdata/sites/name.txtar), for Files and FromTxtar.
func Shared(t testing.TB, name string) string {
	t.Helper()
	root, err := ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	return filepath.Join(root, filepath.FromSlash(SitesDir), name+".txtar")
}

// ModuleRoot walks up from the working folder (a package folder, under
// go test) to the folder with go.mod.
func ModuleRoot() (string, error) {
	d, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return d, nil
		}
		parent := filepath.Dir(d)
		if parent == d {
			return "", errors.New("sitetest: no go.mod above the working folder")
		}
		d = parent
	}
}
