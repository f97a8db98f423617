package cache

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// store writes an entry "e" with two files under key "k" into a new cache.
func store(t *testing.T) string {
	t.Helper()
	root := filepath.Join(t.TempDir(), "cache")
	w, err := Create(root, "e")
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string]string{"a.txt": "alpha", "d/b.txt": "beta"} {
		if err := w.Put(name, []byte(data)); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Commit("k", "meta\nline"); err != nil {
		t.Fatal(err)
	}
	w.Abort() // after Commit: nothing left to remove
	return root
}

// TestLoad: an entry is handed out whole, with its metadata, only under its
// key and only when nothing in it changed.
func TestLoad(t *testing.T) {
	edit := func(rel string, f func(string) string) func(string) {
		return func(root string) {
			p := filepath.Join(root, "e", filepath.FromSlash(rel))
			b, _ := os.ReadFile(p)
			if err := os.WriteFile(p, []byte(f(string(b))), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, c := range []struct {
		name   string
		key    string
		change func(root string)
		hit    bool
	}{
		{"same key", "k", func(string) {}, true},
		{"other key", "k2", func(string) {}, false},
		{"data changed", "k", edit("data", func(s string) string { return strings.Replace(s, "alpha", "alphA", 1) }), false},
		{"data longer", "k", edit("data", func(s string) string { return s + "!" }), false},
		{"data shorter", "k", edit("data", func(s string) string { return s[:len(s)-1] }), false},
		{"data gone", "k", func(root string) { os.Remove(filepath.Join(root, "e/data")) }, false},
		{"index line dropped", "k", edit("entry", func(s string) string {
			lines := strings.Split(s, "\n")
			return strings.Join(append(lines[:3], lines[4:]...), "\n")
		}), false},
		{"index truncated", "k", edit("entry", func(s string) string { return s[:len(s)/2] }), false},
		{"no entry", "k", func(root string) { os.RemoveAll(filepath.Join(root, "e")) }, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			root := store(t)
			c.change(root)
			e, ok := Load(root, "e", c.key)
			if ok != c.hit {
				t.Fatalf("Load hit = %v, want %v", ok, c.hit)
			}
			if !ok {
				return
			}
			if e.Meta != "meta\nline" || string(e.Files["a.txt"]) != "alpha" || string(e.Files["d/b.txt"]) != "beta" || len(e.Files) != 2 {
				t.Errorf("Load = %q %q", e.Meta, e.Files)
			}
		})
	}
}

// TestCommitReplaces: a new entry of a name replaces the old one whole.
func TestCommitReplaces(t *testing.T) {
	root := store(t)
	w, err := Create(root, "e")
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Put("c.txt", []byte("gamma")); err != nil {
		t.Fatal(err)
	}
	if err := w.Commit("k2", ""); err != nil {
		t.Fatal(err)
	}
	if _, ok := Load(root, "e", "k"); ok {
		t.Error("the old key still loads")
	}
	e, ok := Load(root, "e", "k2")
	if !ok || len(e.Files) != 1 || string(e.Files["c.txt"]) != "gamma" {
		t.Errorf("Load(k2) = %v, %v", e, ok)
	}
	if left, _ := filepath.Glob(filepath.Join(root, ".new-*")); len(left) > 0 {
		t.Errorf("left behind: %v", left)
	}
}

// TestPutRejects: names that would leave the entry are refused.
func TestPutRejects(t *testing.T) {
	w, err := Create(t.TempDir(), "e")
	if err != nil {
		t.Fatal(err)
	}
	defer w.Abort()
	for _, name := range []string{"../x", "/abs", "a\nb", ""} {
		if err := w.Put(name, nil); err == nil {
			t.Errorf("Put(%q) succeeded", name)
		}
	}
}

// TestBinary: the test binary (no commit in its build information) is
// identified by its hash, the same with and without the memo, and the
// memo is used.
func TestBinary(t *testing.T) {
	root := t.TempDir()
	a, err := Binary("")
	if err != nil {
		t.Fatal(err)
	}
	b, err := Binary(root)
	if err != nil {
		t.Fatal(err)
	}
	if a != b || !strings.HasPrefix(a, "sha256 ") {
		t.Fatalf("Binary = %q and %q", a, b)
	}
	memo, err := os.ReadFile(filepath.Join(root, "binary"))
	if err != nil || !strings.HasSuffix(string(memo), strings.TrimPrefix(a, "sha256 ")) {
		t.Fatalf("memo %q, %v", memo, err)
	}
	// A memo for another executable (another stamp) is not used.
	if err := os.WriteFile(filepath.Join(root, "binary"), []byte("/other\n1 2 3\n"+strings.Repeat("0", 64)), 0o644); err != nil {
		t.Fatal(err)
	}
	if c, err := Binary(root); err != nil || c != a {
		t.Errorf("with another executable's memo: %q, %v", c, err)
	}
}

// TestLoadFiles: LoadFiles reads and checks the files named alone; the
// others are read in parts by ReadPart, unchecked (a damaged one is
// still read, as it is: its caller checks it), and only within bounds,
// or whole by ReadFile, checked.
func TestLoadFiles(t *testing.T) {
	root := store(t)
	e, ok := LoadFiles(root, "e", "k", "d/b.txt")
	if !ok || len(e.Files) != 1 || string(e.Files["d/b.txt"]) != "beta" || e.Meta != "meta\nline" {
		t.Fatalf("LoadFiles = %v, %v", e, ok)
	}
	if b, err := e.ReadFile("a.txt"); err != nil || string(b) != "alpha" {
		t.Errorf("ReadFile = %q, %v", b, err)
	}
	if b, err := e.ReadFile("d/b.txt"); err == nil {
		t.Errorf("ReadFile of a file loaded = %q", b)
	}
	for _, c := range []struct {
		rel     string
		off, n  int64
		want    string
		wantErr bool
	}{
		{"a.txt", 0, 5, "alpha", false},
		{"a.txt", 1, 3, "lph", false},
		{"a.txt", 5, 0, "", false},
		{"a.txt", 3, 3, "", true},
		{"a.txt", -1, 2, "", true},
		{"d/b.txt", 0, 4, "", true}, // loaded, not left
		{"c.txt", 0, 1, "", true},
	} {
		b, err := e.ReadPart(c.rel, c.off, c.n)
		if (err != nil) != c.wantErr || string(b) != c.want {
			t.Errorf("ReadPart(%s, %d, %d) = %q, %v", c.rel, c.off, c.n, b, err)
		}
	}
	// A damaged file that is read fails the load; one left is read as it is.
	p := filepath.Join(root, "e", "data")
	b, _ := os.ReadFile(p)
	damaged := strings.Replace(strings.Replace(string(b), "alpha", "alphA", 1), "beta", "betA", 1)
	if err := os.WriteFile(p, []byte(damaged), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, ok := LoadFiles(root, "e", "k", "d/b.txt"); ok {
		t.Error("LoadFiles of a damaged file succeeded")
	}
	e, ok = LoadFiles(root, "e", "k")
	if !ok {
		t.Fatal("LoadFiles of no file failed")
	}
	if got, err := e.ReadPart("a.txt", 0, 5); err != nil || string(got) != "alphA" {
		t.Errorf("ReadPart of a damaged file = %q, %v", got, err)
	}
	if got, err := e.ReadFile("a.txt"); err == nil {
		t.Errorf("ReadFile of a damaged file = %q", got)
	}
	// A data file of another length than the index says is damaged.
	if err := os.WriteFile(p, []byte(damaged+"!"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, ok := LoadFiles(root, "e", "k"); ok {
		t.Error("LoadFiles with a longer data file succeeded")
	}
}
