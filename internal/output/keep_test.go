package output

import (
	"crypto/sha256"
	"os"
	"path/filepath"
	"testing"
)

// TestKeep: a file kept stays, with its bytes and its manifest line, only
// when the manifest holds those very bytes; a file neither written nor
// kept is deleted, as always.
func TestKeep(t *testing.T) {
	final := filepath.Join(t.TempDir(), "public")
	d, err := Begin(final)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"a.html", "b.html", "c.html"} {
		if err := d.Write(name, []byte("page "+name)); err != nil {
			t.Fatal(err)
		}
	}
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}

	d, err = Begin(final)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		rel  string
		data string
		want bool
	}{
		{"a.html", "page a.html", true},
		{"./b.html", "page b.html", true},
		{"c.html", "other bytes", false},
		{"d.html", "page d.html", false},
	} {
		if got := d.Keep(c.rel, sha256.Sum256([]byte(c.data))); got != c.want {
			t.Errorf("Keep(%s) = %v, want %v", c.rel, got, c.want)
		}
	}
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	if got := read(t, filepath.Join(final, "a.html")); got != "page a.html" {
		t.Errorf("a.html holds %q", got)
	}
	if _, err := os.Stat(filepath.Join(final, "c.html")); err == nil {
		t.Error("c.html, neither written nor kept, is still there")
	}
	m := readManifest(final)
	if _, ok := m["b.html"]; !ok || len(m) != 2 {
		t.Errorf("manifest %v, want a.html and b.html", m)
	}
}
