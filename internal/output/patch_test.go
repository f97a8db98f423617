package output

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestPatch replaces one page of a committed folder in place; the next
// build sees the patched bytes in the manifest, so it rewrites neither
// the patched page (same bytes again) nor the untouched one.
func TestPatch(t *testing.T) {
	final := filepath.Join(t.TempDir(), "public")
	build(t, final, map[string]string{"a/index.html": "A1", "b/index.html": "B1"})
	if err := Patch(final, map[string][]byte{"a/index.html": []byte("A2"), "b/index.html": []byte("B1")}); err != nil {
		t.Fatal(err)
	}
	got := tree(t, final)
	if got["a/index.html"] != "A2" || got["b/index.html"] != "B1" {
		t.Fatalf("after Patch: %v", got)
	}
	for p := range got {
		if filepath.Ext(p) == ".tmp" {
			t.Errorf("Patch left %s behind", p)
		}
	}
	old := time.Now().Add(-time.Hour)
	for _, p := range []string{"a/index.html", "b/index.html"} {
		if err := os.Chtimes(filepath.Join(final, p), old, old); err != nil {
			t.Fatal(err)
		}
	}
	build(t, final, map[string]string{"a/index.html": "A2", "b/index.html": "B1"})
	for _, p := range []string{"a/index.html", "b/index.html"} {
		fi, err := os.Stat(filepath.Join(final, p))
		if err != nil {
			t.Fatal(err)
		}
		if !fi.ModTime().Equal(old) {
			t.Errorf("%s was rewritten by the build after Patch: the manifest missed the patch", p)
		}
	}
	if err := Patch(final, map[string][]byte{"../x": nil}); err == nil {
		t.Error("Patch wrote outside the folder")
	}
}
