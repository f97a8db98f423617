package build_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"handbook/internal/build"
)

// incDoc is a document of the small site the incremental tests edit:
// doc's, with extra front-matter lines given as "\nkey: value".
func incDoc(id, title, extra, body string) string {
	if extra != "" {
		extra = strings.TrimPrefix(extra, "\n") + "\n"
	}
	return doc(id, title, extra, body)
}

// incSite writes three documents: alpha links to beta; gamma is
// restricted, left out for the "staff" audience.
func incSite(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range map[string]string{
		"content/alpha.md": incDoc("SMS-PROC-001", "Alpha Procedure", "", "## Steps\n\nAlpha body. See [[SMS-PROC-002]].\n"),
		"content/beta.md":  incDoc("SMS-PROC-002", "Beta Procedure", "", "## Scope\n\nBeta body.\n"),
		"content/gamma.md": incDoc("SMS-PROC-003", "Gamma Procedure", "\nclassification: restricted", "Gamma body.\n"),
		"handbook.yaml":    "title: Test Handbook\naudiences:\n  staff: internal\n",
	} {
		writeSiteFile(t, filepath.Join(dir, name), body)
	}
	return dir
}

func writeSiteFile(t *testing.T, p, body string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

func fullBuild(t *testing.T, site, audience string) *build.Incremental {
	t.Helper()
	inc, _, err := build.Full(context.Background(), build.Options{Site: site, Out: filepath.Join(t.TempDir(), "public"), Audience: audience, NoFigures: true})
	if err != nil {
		t.Fatal(err)
	}
	return inc
}

// TestIncrementalDecision: which edits are rebuilt incrementally, and
// which need a full build.
func TestIncrementalDecision(t *testing.T) {
	for _, tc := range []struct {
		name     string
		audience string
		edit     map[string]string // path → new content; "" deletes
		full     bool
	}{
		{name: "body", edit: map[string]string{"content/alpha.md": incDoc("SMS-PROC-001", "Alpha Procedure", "", "Alpha body, edited.\n")}},
		{name: "two bodies", edit: map[string]string{
			"content/alpha.md": incDoc("SMS-PROC-001", "Alpha Procedure", "", "Alpha, edited.\n"),
			"content/beta.md":  incDoc("SMS-PROC-002", "Beta Procedure", "", "## Scope\n\nBeta, edited.\n")}},
		{name: "links added", edit: map[string]string{"content/beta.md": incDoc("SMS-PROC-002", "Beta Procedure", "", "## Scope\n\nSee [[SMS-PROC-001]] and the Alpha Procedure.\n")}},
		{name: "title", full: true, edit: map[string]string{"content/alpha.md": incDoc("SMS-PROC-001", "Alpha Process", "", "Alpha body.\n")}},
		{name: "tags", full: true, edit: map[string]string{"content/alpha.md": incDoc("SMS-PROC-001", "Alpha Procedure", "\ntags: [x]", "Alpha body.\n")}},
		{name: "front matter moved", full: true, edit: map[string]string{"content/alpha.md": "\n" + incDoc("SMS-PROC-001", "Alpha Procedure", "", "Alpha body.\n")}},
		{name: "figure added", full: true, edit: map[string]string{"content/alpha.md": incDoc("SMS-PROC-001", "Alpha Procedure", "", "{{< figure structure >}}\n")}},
		{name: "new document", full: true, edit: map[string]string{"content/delta.md": incDoc("SMS-PROC-004", "Delta Procedure", "", "Delta.\n")}},
		{name: "deleted", full: true, edit: map[string]string{"content/beta.md": ""}},
		{name: "bad front matter", full: true, edit: map[string]string{"content/alpha.md": "---\nid: [unclosed\n---\n"}},
		{name: "configuration", full: true, edit: map[string]string{"handbook.yaml": "title: Other\naudiences:\n  staff: internal\n"}},
		{name: "layout", full: true, edit: map[string]string{"layouts/doc.html": `{{define "main"}}x{{end}}`}},
		{name: "data", full: true, edit: map[string]string{"content/_data/scope.yaml": "x: 1\n"}},
		{name: "excluded document", audience: "staff", full: true, edit: map[string]string{"content/gamma.md": incDoc("SMS-PROC-003", "Gamma Procedure", "\nclassification: restricted", "Gamma, edited.\n")}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			site := incSite(t)
			inc := fullBuild(t, site, tc.audience)
			var paths []string
			for p, body := range tc.edit {
				if body == "" {
					if err := os.Remove(filepath.Join(site, p)); err != nil {
						t.Fatal(err)
					}
				} else {
					writeSiteFile(t, filepath.Join(site, p), body)
				}
				paths = append(paths, p)
			}
			ch, res, err := inc.Update(context.Background(), paths)
			if full := errors.Is(err, build.ErrFull); full != tc.full {
				t.Fatalf("full build %v (%v), want %v; diagnostics %v", full, err, tc.full, res.Diags.All())
			}
			if !tc.full && err != nil {
				t.Fatalf("update: %v %v", err, res.Diags.All())
			}
			if tc.full {
				return
			}
			// The output is what a full build of the edited site writes.
			want := fullBuild(t, site, tc.audience)
			for _, f := range append([]string{"docs/sms-proc-001/index.html", "docs/sms-proc-002/index.html", "links.json"}, ch.Files...) {
				got, err1 := os.ReadFile(filepath.Join(inc.Out(), f))
				exp, err2 := os.ReadFile(filepath.Join(want.Out(), f))
				if err1 != nil || err2 != nil || string(got) != string(exp) {
					t.Errorf("%s differs from a full build's (%v %v)", f, err1, err2)
				}
			}
		})
	}
}

// TestIncrementalBrokenLink: an edit that breaks a link is reported at
// path:line, and the output keeps the last good page; fixing it updates
// the page.
func TestIncrementalBrokenLink(t *testing.T) {
	site := incSite(t)
	inc := fullBuild(t, site, "")
	page := filepath.Join(inc.Out(), "docs/sms-proc-001/index.html")
	before, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	alpha := filepath.Join(site, "content/alpha.md")
	writeSiteFile(t, alpha, incDoc("SMS-PROC-001", "Alpha Procedure", "", "Alpha body.\n\nSee [[SMS-PROC-099]].\n"))
	_, res, err := inc.Update(context.Background(), []string{"content/alpha.md"})
	if !errors.Is(err, build.ErrContent) {
		t.Fatalf("a broken link: %v, want ErrContent", err)
	}
	if msg := fmt.Sprint(res.Diags.All()); !strings.Contains(msg, "content/alpha.md:16: ") || !strings.Contains(msg, "SMS-PROC-099") {
		t.Errorf("the broken link is not reported at content/alpha.md:16: %s", msg)
	}
	if after, _ := os.ReadFile(page); string(after) != string(before) {
		t.Error("a failed update changed the served page")
	}

	// An anchor another document points at, removed.
	writeSiteFile(t, alpha, incDoc("SMS-PROC-001", "Alpha Procedure", "", "Alpha body. See [[SMS-PROC-002#scope]].\n"))
	if _, res, err := inc.Update(context.Background(), []string{"content/alpha.md"}); err != nil {
		t.Fatalf("the fix: %v %v", err, res.Diags.All())
	}
	if after, _ := os.ReadFile(page); !strings.Contains(string(after), "sms-proc-002/#scope") {
		t.Error("the fixed page is not written")
	}
	writeSiteFile(t, filepath.Join(site, "content/beta.md"), incDoc("SMS-PROC-002", "Beta Procedure", "", "## Purpose\n\nBeta.\n"))
	_, res, err = inc.Update(context.Background(), []string{"content/beta.md"})
	if msg := fmt.Sprint(res.Diags.All()); !errors.Is(err, build.ErrContent) || !strings.Contains(msg, "content/alpha.md:14: link to unknown anchor #scope in SMS-PROC-002") {
		t.Errorf("a removed anchor: %v %s", err, msg)
	}
}
