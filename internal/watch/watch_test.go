package watch

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"handbook/internal/serve/servetest"
	"handbook/internal/sitetest"
)

// changes runs the watcher on site and returns a function that performs
// an edit and collects the reported paths until every wanted one came
// (or a path under it: a new folder may be reported for its contents).
// Each wait is bounded by servetest.WaitBound, failing the test with what
// it waited for.
func changes(t *testing.T, site string) func(edit func(), want []string) []string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	got := make(chan []string, 64)
	done := make(chan error, 1)
	go func() {
		done <- Run(ctx, Options{Site: site, Quiet: 20 * time.Millisecond, OnChange: func(_ context.Context, paths []string) {
			got <- paths
		}})
	}()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run: %v", err)
		}
	})
	// The watcher is ready once an edit of the configuration is reported.
	deadline := time.Now().Add(servetest.WaitBound)
	for ready := false; !ready; {
		if time.Now().After(deadline) {
			t.Fatalf("the watcher reported no edit of %s within %v", ConfigFile, servetest.WaitBound)
		}
		sitetest.WriteFile(t, filepath.Join(site, ConfigFile), "title: x\n")
		select {
		case <-got:
			ready = true
		case <-time.After(50 * time.Millisecond): // not watching yet: touch it again
		}
	}
	return func(edit func(), want []string) []string {
		edit()
		var all []string
		for !reported(all, want) {
			for _, p := range servetest.Receive(t, got, fmt.Sprintf("a report of %v (so far %v)", want, all)) {
				if p != ConfigFile { // a late echo of the readiness probe
					all = append(all, p)
				}
			}
		}
		return all
	}
}

func reported(got, want []string) bool {
	for _, w := range want {
		if !slices.Contains(got, w) && !containsUnder(got, w) {
			return false
		}
	}
	return true
}

func TestRunReportsSourceChanges(t *testing.T) {
	t.Parallel()
	site := t.TempDir()
	sitetest.WriteFile(t, filepath.Join(site, "content/a/doc.md"), "one")
	sitetest.WriteFile(t, filepath.Join(site, "layouts/doc.html"), "x")
	next := changes(t, site)
	tests := []struct {
		name string
		edit func()
		want []string
	}{
		{"edit a document", func() { sitetest.WriteFile(t, filepath.Join(site, "content/a/doc.md"), "two") }, []string{"content/a/doc.md"}},
		{"edit a layout", func() { sitetest.WriteFile(t, filepath.Join(site, "layouts/doc.html"), "y") }, []string{"layouts/doc.html"}},
		{"a new folder, then a file in it", func() {
			sitetest.WriteFile(t, filepath.Join(site, "content/b/c/new.md"), "new")
		}, []string{"content/b"}},
		{"a file in the new folder", func() { sitetest.WriteFile(t, filepath.Join(site, "content/b/c/new.md"), "again") }, []string{"content/b/c/new.md"}},
		{"a static folder created later", func() { sitetest.WriteFile(t, filepath.Join(site, "static/css/x.css"), "x") }, []string{"static"}},
		{"editor files are ignored, the save is not", func() {
			sitetest.WriteFile(t, filepath.Join(site, "content/a/.doc.md.swp"), "swap")
			sitetest.WriteFile(t, filepath.Join(site, "content/a/doc.md~"), "backup")
			sitetest.WriteFile(t, filepath.Join(site, "content/a/4913"), "vim probe")
			sitetest.WriteFile(t, filepath.Join(site, "public/index.html"), "output")
			sitetest.WriteFile(t, filepath.Join(site, "notes.txt"), "not a source")
			sitetest.WriteFile(t, filepath.Join(site, "content/a/doc.md"), "three")
		}, []string{"content/a/doc.md"}},
		{"delete a folder", func() {
			if err := os.RemoveAll(filepath.Join(site, "content/b")); err != nil {
				t.Fatal(err)
			}
		}, []string{"content/b"}},
		{"rename a document", func() {
			if err := os.Rename(filepath.Join(site, "content/a/doc.md"), filepath.Join(site, "content/a/moved.md")); err != nil {
				t.Fatal(err)
			}
		}, []string{"content/a/doc.md", "content/a/moved.md"}},
	}
	for _, tt := range tests {
		got := next(tt.edit, tt.want)
		for _, g := range got {
			if strings.Contains(g, "swp") || strings.HasSuffix(g, "~") || strings.HasSuffix(g, "4913") ||
				strings.HasPrefix(g, "public") || g == "notes.txt" {
				t.Errorf("%s: %s reported as a source", tt.name, g)
			}
		}
	}
}

// containsUnder reports whether a path under dir was reported (creating a
// folder with a file in it may report either).
func containsUnder(got []string, dir string) bool {
	for _, g := range got {
		if strings.HasPrefix(g, dir+"/") {
			return true
		}
	}
	return false
}

func TestRunOnAMissingSite(t *testing.T) {
	t.Parallel()
	err := Run(context.Background(), Options{Site: filepath.Join(t.TempDir(), "nowhere"), OnChange: func(context.Context, []string) {}})
	if err == nil {
		t.Error("watching a folder that does not exist should fail")
	}
}

func TestSource(t *testing.T) {
	t.Parallel()
	w := &watcher{opts: Options{Site: "/site"}}
	tests := []struct {
		name string
		rel  string
		ok   bool
	}{
		{"/site/handbook.yaml", "handbook.yaml", true},
		{"/site/content/a.md", "content/a.md", true},
		{"/site/content/_data/scope.yaml", "content/_data/scope.yaml", true},
		{"/site/static/js/x.js", "static/js/x.js", true},
		{"/site/layouts/_nav.html", "layouts/_nav.html", true},
		{"/site/public/index.html", "", false},
		{"/site/content/.git/HEAD", "", false},
		{"/site/content/#a.md#", "", false},
		{"/site/content/a.md.swp", "", false},
		{"/elsewhere/content/a.md", "", false},
		{"/site/handbook.yaml~", "", false},
	}
	for _, tt := range tests {
		rel, ok := w.source(tt.name)
		if rel != tt.rel || ok != tt.ok {
			t.Errorf("source(%q) = %q, %v; want %q, %v", tt.name, rel, ok, tt.rel, tt.ok)
		}
	}
}
