package sitetest

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestSharedSites: every shared site fixture is an archive with a comment
// saying what it is for and files under content/ at least, each named
// once (Files fails the test otherwise).
func TestSharedSites(t *testing.T) {
	root, err := ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	paths, err := filepath.Glob(filepath.Join(root, SitesDir, "*.txtar"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no shared site fixtures in %s (%v)", SitesDir, err)
	}
	for _, p := range paths {
		text, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasPrefix(string(text), "-- ") {
			t.Errorf("%s: no comment saying what the site is for", p)
		}
		docs := 0
		for name := range Files(t, p) {
			if strings.HasPrefix(name, "content/") {
				docs++
			}
		}
		if docs == 0 {
			t.Errorf("%s: no file under content/", p)
		}
	}
}

// TestSharedSitesAreUsed: every shared site fixture is read by some
// package (Shared(t, "name") in a Go file), so that none outlives its
// tests.
func TestSharedSitesAreUsed(t *testing.T) {
	root, err := ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	var src strings.Builder
	err = filepath.WalkDir(root, func(p string, e os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if e.IsDir() && strings.HasPrefix(e.Name(), ".") && p != root {
			return filepath.SkipDir
		}
		if e.IsDir() || !strings.HasSuffix(p, ".go") {
			return nil
		}
		b, err := os.ReadFile(p)
		src.Write(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	paths, _ := filepath.Glob(filepath.Join(root, SitesDir, "*.txtar"))
	for _, p := range paths {
		name := strings.TrimSuffix(filepath.Base(p), ".txtar")
		if !regexp.MustCompile(`Shared\(\w+, "` + regexp.QuoteMeta(name) + `"\)`).MatchString(src.String()) {
			t.Errorf("%s: no package reads it (Shared(t, %q))", p, name)
		}
	}
}

// TestFromTxtar: the files of an archive land under a new folder, byte for
// byte, folders made as needed.
func TestFromTxtar(t *testing.T) {
	archive := filepath.Join(t.TempDir(), "site.txtar")
	WriteFile(t, archive, "A comment.\n-- handbook.yaml --\ntitle: T\n-- content/a/b.md --\nbody\n")
	dir := FromTxtar(t, archive)
	for name, want := range map[string]string{"handbook.yaml": "title: T\n", "content/a/b.md": "body\n"} {
		got, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
		if err != nil || string(got) != want {
			t.Errorf("%s: %q, %v; want %q", name, got, err, want)
		}
	}
}
