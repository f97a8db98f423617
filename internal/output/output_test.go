package output

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"handbook/internal/sitetest"
)

func read(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestCommitReplacesOutput(t *testing.T) {
	final := filepath.Join(t.TempDir(), "public")
	for i, body := range []string{"first", "second"} {
		d, err := Begin(final)
		if err != nil {
			t.Fatal(err)
		}
		if err := d.Write("docs/a/index.html", []byte(body)); err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			if err := d.Write("only-first.html", []byte("x")); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := os.Stat(final + "/docs/a/index.html"); i == 0 && err == nil {
			t.Errorf("a file is visible before Commit")
		}
		if err := d.Commit(); err != nil {
			t.Fatal(err)
		}
	}
	if got := read(t, filepath.Join(final, "docs/a/index.html")); got != "second" {
		t.Errorf("after two builds: %q", got)
	}
	if _, err := os.Stat(filepath.Join(final, "only-first.html")); err == nil {
		t.Errorf("a file of the previous build survived")
	}
	if _, err := os.Stat(filepath.Join(final, Marker)); err != nil {
		t.Errorf("no marker: %v", err)
	}
	if fi, err := os.Stat(final); err != nil || fi.Mode().Perm() != 0o755 {
		t.Errorf("the output folder's mode: %v (%v), want 0755: other users (a web server) read it", fi.Mode(), err)
	}
	assertNoStaging(t, filepath.Dir(final))
}

func TestAbortLeavesOutputUntouched(t *testing.T) {
	final := filepath.Join(t.TempDir(), "public")
	d, _ := Begin(final)
	_ = d.Write("index.html", []byte("good"))
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	d, err := Begin(final)
	if err != nil {
		t.Fatal(err)
	}
	_ = d.Write("index.html", []byte("half-written"))
	d.Abort()
	if got := read(t, filepath.Join(final, "index.html")); got != "good" {
		t.Errorf("after an aborted build: %q", got)
	}
	assertNoStaging(t, filepath.Dir(final))
}

func TestRefusesForeignFolder(t *testing.T) {
	final := filepath.Join(t.TempDir(), "mine")
	sitetest.WriteFile(t, filepath.Join(final, "thesis.docx"), "precious")
	if _, err := Begin(final); err == nil || !strings.Contains(err.Error(), "refusing to replace") {
		t.Errorf("Begin on a folder not written by handbook: %v", err)
	}
	if got := read(t, filepath.Join(final, "thesis.docx")); got != "precious" {
		t.Errorf("the user's file changed")
	}
	// An empty folder may be used.
	empty := filepath.Join(t.TempDir(), "empty")
	_ = os.MkdirAll(empty, 0o755)
	d, err := Begin(empty)
	if err != nil {
		t.Fatalf("an empty folder: %v", err)
	}
	d.Abort()
}

func TestWriteStaysInside(t *testing.T) {
	d, err := Begin(filepath.Join(t.TempDir(), "public"))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Abort()
	for _, p := range []string{"../escape.html", "/etc/passwd", "a/../../b", ""} {
		if err := d.Write(p, []byte("x")); err == nil {
			t.Errorf("Write(%q) escaped the output folder", p)
		}
	}
	if !strings.HasPrefix(d.Path("a/b.html"), d.Root()) {
		t.Errorf("Path outside Root")
	}
}

func TestIsStaging(t *testing.T) {
	if !IsStaging(".public.staging-123") || IsStaging("public") {
		t.Errorf("IsStaging")
	}
}

func assertNoStaging(t *testing.T, dir string) {
	t.Helper()
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if IsStaging(e.Name()) {
			t.Errorf("leftover staging folder %s", e.Name())
		}
	}
}
