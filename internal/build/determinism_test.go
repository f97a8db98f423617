package build_test

import (
	"slices"
	"strings"
	"testing"

	"handbook/internal/build"
	"handbook/internal/output"
)

// TestDeterministic builds the repository's handbook twice, into folders
// of different names, and requires byte-identical output: the same files
// with the same contents, every one of them (the static search index
// included). The bleve index under _search/index/ is the exception: bleve's
// offline builder numbers the documents of a batch in Go map order, so its
// files differ from build to build (its answers do not).
func TestDeterministic(t *testing.T) {
	if testing.Short() {
		t.Skip("two full builds")
	}
	a := snapshot(t, buildSite(t, repoSite, build.Options{}))
	b := snapshot(t, buildSite(t, repoSite, build.Options{}))
	if !slices.Equal(keys(a), keys(b)) {
		t.Fatalf("the two builds wrote different files:\n%v\n%v", keys(a), keys(b))
	}
	for _, k := range keys(a) {
		if strip(k, a[k]) != strip(k, b[k]) {
			t.Errorf("%s differs between two builds of the same input", k)
		}
	}
	if len(a) < 50 {
		t.Errorf("only %d files: not the whole handbook", len(a))
	}
}

// strip leaves out what may differ between builds: the bleve index under
// _search/index/, and its lines in the output's manifest.
func strip(name, content string) string {
	switch {
	case strings.HasPrefix(name, "_search/index/"):
		return ""
	case name == output.Marker:
		lines := strings.SplitAfter(content, "\n")
		return strings.Join(slices.DeleteFunc(lines, func(l string) bool { return strings.Contains(l, " _search/index/") }), "")
	}
	return content
}
