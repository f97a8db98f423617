package build_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"handbook/internal/build"
	"handbook/internal/sitetest"
)

// TestFailedBuildLeavesNothing: the output folder is begun while the site
// is checked when it exists, so a build with content errors, with the
// cache or without, must let go of it: the folder holding the output is
// as it was (no staging folder left, the twin in place: builds without
// the cache keep one too), the twin is free for the next build, which
// uses it (its folder becomes the output), and
// a failed build into an output folder that does not exist makes none.
func TestFailedBuildLeavesNothing(t *testing.T) {
	for _, cached := range []bool{false, true} {
		site := sitetest.New(t, map[string]string{"content/a.md": doc("SMS-PROC-001", "Alpha Procedure", "", "Text.\n")})
		root := t.TempDir()
		opts := build.Options{Site: site, Out: filepath.Join(root, "public"), Today: today, NoSearch: true, NoFigures: true}
		if cached {
			opts.Cache = filepath.Join(t.TempDir(), "cache")
		}
		run := func(wantErr bool) {
			t.Helper()
			if _, err := build.Build(context.Background(), opts); errors.Is(err, build.ErrContent) != wantErr || (err != nil && !wantErr) {
				t.Fatalf("cache %v: build: %v, want content errors: %v", cached, err, wantErr)
			}
		}
		run(false)
		run(false) // the first build is now the twin
		before := names(t, root)
		broken := filepath.Join(site, "content/b.md")
		sitetest.WriteFile(t, broken, doc("SMS-PROC-002", "Beta Procedure", "", "[x](SMS-PROC-999)\n"))
		run(true)
		if after := names(t, root); !slices.Equal(before, after) {
			t.Errorf("cache %v: beside the output, before the failed build %v, after %v", cached, before, after)
		}
		twin, twinErr := os.Stat(filepath.Join(root, ".public.twin"))
		if twinErr != nil {
			t.Errorf("cache %v: twin: %v", cached, twinErr)
		}
		if err := os.Remove(broken); err != nil {
			t.Fatal(err)
		}
		run(false)
		if out, err := os.Stat(opts.Out); twinErr == nil && (err != nil || !os.SameFile(twin, out)) {
			t.Errorf("cache %v: the build after the failed one did not use the twin (%v)", cached, err)
		}
		sitetest.WriteFile(t, broken, doc("SMS-PROC-002", "Beta Procedure", "", "[x](SMS-PROC-999)\n"))
		opts.Out = filepath.Join(root, "new", "public")
		run(true)
		if _, err := os.Stat(filepath.Dir(opts.Out)); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("cache %v: a failed build into a new output folder made %s (%v)", cached, filepath.Dir(opts.Out), err)
		}
	}
}

// names lists the names in dir.
func names(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}
