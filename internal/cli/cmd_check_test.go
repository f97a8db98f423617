package cli

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"handbook/internal/sitetest"
)

// TestCheckExecutesLayouts: check fails (exit 1) on a layout that parses
// but breaks on a page, and on a symbolic link out of the site, naming
// each once at its path; the site checks clean without them.
func TestCheckExecutesLayouts(t *testing.T) {
	check := func(dir string) (int, string) {
		var stdout, stderr bytes.Buffer
		st := Main([]string{"check", "-s", dir}, &Env{Stdout: &stdout, Stderr: &stderr,
			Getenv: func(string) string { return "" }, IsTerminal: func(io.Writer) bool { return false }})
		return st, stderr.String()
	}
	dir := serveSite(t)
	if st, out := check(dir); st != ExitOK {
		t.Fatalf("the clean site: exit %d\n%s", st, out)
	}
	sitetest.WriteFile(t, filepath.Join(dir, "layouts/list.html"), "{{define \"main\"}}\n{{.Main.Missing}}{{end}}")
	if err := os.Symlink("/etc/hostname", filepath.Join(dir, "content/host.md")); err != nil {
		t.Fatal(err)
	}
	st, out := check(dir)
	if st != ExitContent {
		t.Errorf("exit %d, want %d", st, ExitContent)
	}
	for _, want := range []string{`layouts/list.html:2: executing "main" at <.Main.Missing>`, "content/host.md: symbolic link to /etc/hostname, outside the site folder"} {
		if strings.Count(out, want) != 1 {
			t.Errorf("want %q once in:\n%s", want, out)
		}
	}
}
