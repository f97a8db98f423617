package output

import (
	"crypto/sha256"
	"os"
	"path/filepath"
	"testing"
)

// TestKeep: a file kept stays, with its bytes and its manifest line, only
// when the output folder's manifest holds those very bytes (or the twin
// does: a file whose bytes the twin lacks is linked from the output); a
// file neither written nor kept is deleted, as always.
func TestKeep(t *testing.T) {
	for mode, begin := range begins {
		t.Run(mode, func(t *testing.T) {
			final := filepath.Join(t.TempDir(), "public")
			buildWith(t, begin, final, map[string]string{"a.html": "page a", "b.html": "page b", "c.html": "page c"})
			buildWith(t, begin, final, map[string]string{"a.html": "page a", "b.html": "page b2", "c.html": "page c"})
			d, err := begin(final)
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range []struct {
				rel  string
				data string
				want bool
			}{
				{"a.html", "page a", true},
				{"./b.html", "page b2", true},
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
			if got := read(t, filepath.Join(final, "a.html")); got != "page a" {
				t.Errorf("a.html holds %q", got)
			}
			if got := read(t, filepath.Join(final, "b.html")); got != "page b2" {
				t.Errorf("b.html holds %q", got)
			}
			if _, err := os.Stat(filepath.Join(final, "c.html")); err == nil {
				t.Error("c.html, neither written nor kept, is still there")
			}
			m := readManifest(final)
			if _, ok := m["b.html"]; !ok || len(m) != 2 {
				t.Errorf("manifest %v, want a.html and b.html", m)
			}
			checkTwin(t, final)
		})
	}
}

// TestSum: Sum tells the sum (the manifest's digest of the SHA-256) of
// what this build has at a path, written or kept, which a later build
// keeps it by, and nothing of a path it has not or another writer fills
// (Path).
func TestSum(t *testing.T) {
	for mode, begin := range begins {
		t.Run(mode, func(t *testing.T) {
			final := filepath.Join(t.TempDir(), "public")
			buildWith(t, begin, final, map[string]string{"a.html": "page a"})
			buildWith(t, begin, final, map[string]string{"a.html": "page a"})
			d, err := begin(final)
			if err != nil {
				t.Fatal(err)
			}
			if !d.Keep("a.html", sha256.Sum256([]byte("page a"))) {
				t.Fatal("a.html not kept")
			}
			if err := d.Write("docs/b/index.html", []byte("page b")); err != nil {
				t.Fatal(err)
			}
			_ = d.Path("ext")
			for _, c := range []struct {
				rel, data string
				want      bool
			}{
				{"a.html", "page a", true},
				{"./docs/b/index.html", "page b", true},
				{"c.html", "", false},
				{"ext", "", false},
			} {
				sum, ok := d.Sum(c.rel)
				if ok != c.want || (ok && digestOf(sum) != digestOf(sha256.Sum256([]byte(c.data)))) {
					t.Errorf("Sum(%s) = %x, %v; want %v", c.rel, sum, ok, c.want)
				}
			}
			sum, _ := d.Sum("docs/b/index.html")
			if err := d.Commit(); err != nil {
				t.Fatal(err)
			}
			next, err := begin(final)
			if err != nil {
				t.Fatal(err)
			}
			defer next.Abort()
			if !next.Keep("docs/b/index.html", sum) {
				t.Error("the next build does not keep a page by the sum Sum told")
			}
		})
	}
}
