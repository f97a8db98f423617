package build_test

import (
	"slices"
	"testing"

	"handbook/internal/build"
)

// TestDeterministic builds the repository's handbook twice, into folders
// of different names, and requires byte-identical output: the same files
// with the same contents, every one of them, the bleve index and the
// manifest with its checksums included (bleve's own nondeterminism, map
// order and a time stamp, is undone by package search: see order.go).
func TestDeterministic(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("two full builds")
	}
	a := snapshot(t, repoOutput(t))
	b := snapshot(t, buildSite(t, repoSite, build.Options{}))
	if !slices.Equal(keys(a), keys(b)) {
		t.Fatalf("the two builds wrote different files:\n%v\n%v", keys(a), keys(b))
	}
	for _, k := range keys(a) {
		if a[k] != b[k] {
			t.Errorf("%s differs between two builds of the same input", k)
		}
	}
	if len(a) < 50 {
		t.Errorf("only %d files: not the whole handbook", len(a))
	}
}
