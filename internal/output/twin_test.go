package output

import (
	"maps"
	"os"
	"path/filepath"
	"testing"
	"time"

	"handbook/internal/sitetest"
)

// twinSteps are the builds of TestTwin*: from the third on, each starts
// from the output of the one two before, the output's twin by then.
var twinSteps = []map[string]string{
	{"index.html": "home", "same.html": "same", "docs/a/index.html": "a"},
	{"index.html": "home 2", "same.html": "same", "docs/a/index.html": "a"},
	{"index.html": "home 3", "same.html": "same", "docs/a/index.html": "a"},
	{"index.html": "home 4", "same.html": "same", "docs/a/index.html": "a"},
}

// buildTwinSteps builds the first two of twinSteps into a new output
// folder, runs change on the output folder, and builds the others; it
// checks that each is what a fresh build gives.
func buildTwinSteps(t *testing.T, change func(final string)) {
	t.Helper()
	final := filepath.Join(t.TempDir(), "public")
	for i, files := range twinSteps {
		if i == 2 {
			change(final)
		}
		buildWith(t, BeginTwin, final, files)
		if i < 2 {
			continue
		}
		fresh := filepath.Join(t.TempDir(), "public")
		build(t, fresh, files)
		if got, want := tree(t, final), tree(t, fresh); !maps.Equal(got, want) {
			t.Errorf("build %d differs from a fresh build:\n got %v\nwant %v", i, got, want)
		}
	}
	checkTwin(t, final) // the changed folder was the twin until the last build
}

// TestTwinIsUsed: the third build exchanges the twin with the output
// folder (the output folder is the twin's folder), and the previous
// output is the next twin.
func TestTwinIsUsed(t *testing.T) {
	var twin, prev os.FileInfo
	final := filepath.Join(t.TempDir(), "public")
	for i, files := range twinSteps[:3] {
		if i == 2 {
			twin, _ = os.Stat(twinPath(final))
			prev, _ = os.Stat(final)
		}
		buildWith(t, BeginTwin, final, files)
	}
	out, err := os.Stat(final)
	if err != nil || twin == nil || !os.SameFile(twin, out) {
		t.Fatalf("the output folder is not the twin's (%v)", err)
	}
	if now, err := os.Stat(twinPath(final)); err != nil || !os.SameFile(prev, now) {
		t.Errorf("the previous output is not the twin (%v)", err)
	}
}

// TestTwinEditedByHand: files of an output folder changed by hand — one
// deleted, one rewritten in place with as many bytes (which changes the
// twin's file too: they share it), one replaced by a folder — are not
// trusted once that folder is the twin: the build writes them again.
func TestTwinEditedByHand(t *testing.T) {
	buildTwinSteps(t, func(final string) {
		if err := os.Remove(filepath.Join(final, "index.html")); err != nil {
			t.Fatal(err)
		}
		same := filepath.Join(final, "same.html")
		if err := os.WriteFile(same, []byte("SAME"), 0o644); err != nil {
			t.Fatal(err)
		}
		// Written after the marker, as by a person a moment later (the
		// clock may not have moved since the build).
		later := time.Now().Add(time.Minute)
		if err := os.Chtimes(same, later, later); err != nil {
			t.Fatal(err)
		}
		a := filepath.Join(final, "docs/a/index.html")
		if err := os.Remove(a); err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(filepath.Join(a, "x"), 0o755); err != nil {
			t.Fatal(err)
		}
	})
}

// TestTwinWithoutManifest: a twin whose marker has no manifest or a
// damaged one (a build killed while bringing it up to date, an older
// handbook) is deleted, and the output made as without one; a folder in
// its place without a marker is not handbook's, and left alone.
func TestTwinWithoutManifest(t *testing.T) {
	for name, marker := range map[string]string{
		"no marker":        "",
		"no manifest":      markerText,
		"damaged manifest": markerText + manifestHeader + "zz 3 a.html\n",
	} {
		t.Run(name, func(t *testing.T) {
			final := filepath.Join(t.TempDir(), "public")
			buildWith(t, BeginTwin, final, twinSteps[0])
			buildWith(t, BeginTwin, final, twinSteps[1])
			if err := os.Remove(filepath.Join(twinPath(final), Marker)); err != nil {
				t.Fatal(err)
			}
			sitetest.Write(t, twinPath(final), map[string]string{"stray.html": "?"})
			if marker != "" {
				sitetest.Write(t, twinPath(final), map[string]string{Marker: marker})
			}
			buildWith(t, BeginTwin, final, twinSteps[2])
			checkManifest(t, final)
			if _, err := os.Stat(filepath.Join(final, "stray.html")); err == nil {
				t.Error("a file of the untrusted twin is in the output")
			}
			if got := read(t, filepath.Join(final, "index.html")); got != "home 3" {
				t.Errorf("index.html = %q", got)
			}
			if _, err := os.Stat(filepath.Join(twinPath(final), "stray.html")); (err == nil) != (marker == "") {
				t.Errorf("the folder in the twin's place: %v", err)
			}
			checkTwin(t, final)
			assertNoStaging(t, filepath.Dir(final))
		})
	}
}

// TestTwinHeldByAnotherBuild: while one build holds the twin, another of
// the same output makes its output in a staging folder and leaves the
// twin alone; both commit whole builds.
func TestTwinHeldByAnotherBuild(t *testing.T) {
	final := filepath.Join(t.TempDir(), "public")
	buildWith(t, BeginTwin, final, twinSteps[0])
	buildWith(t, BeginTwin, final, twinSteps[1])
	first, err := BeginTwin(final)
	if err != nil {
		t.Fatal(err)
	}
	if first.twin == nil {
		t.Fatal("the first build has no twin")
	}
	second, err := BeginTwin(final)
	if err != nil {
		t.Fatal(err)
	}
	if second.twin != nil {
		t.Fatal("two builds hold the twin")
	}
	for _, d := range []*Dir{second, first} {
		for p, body := range twinSteps[2] {
			if err := d.Write(p, []byte(body)); err != nil {
				t.Fatal(err)
			}
		}
		if err := d.Commit(); err != nil {
			t.Fatal(err)
		}
		checkManifest(t, final)
		checkTwin(t, final)
	}
	assertNoStaging(t, filepath.Dir(final))
}
