package build_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"handbook/internal/build"
	"handbook/internal/output"
	"handbook/internal/sitetest"
)

// incDoc is a document the incremental tests write into the site: doc's,
// with extra front-matter lines given as "\nkey: value".
func incDoc(id, title, extra, body string) string {
	if extra != "" {
		extra = strings.TrimPrefix(extra, "\n") + "\n"
	}
	return doc(id, title, extra, body)
}

// incSite writes the shared fixture incremental: alpha links to beta;
// gamma is restricted, left out for the "staff" audience; delta embeds the
// log and Figure 2.
func incSite(t *testing.T) string {
	t.Helper()
	return sitetest.FromTxtar(t, sitetest.Shared(t, "incremental"))
}

// alphaDoc is alpha's source in the fixture with one front-matter line
// replaced by others: ("version: \"1.0\"", "version: \"1.1\"").
func alphaDoc(t *testing.T, old, new string) string {
	t.Helper()
	src := sitetest.Files(t, sitetest.Shared(t, "incremental"))["content/alpha.md"]
	if !strings.Contains(src, old+"\n") {
		t.Fatalf("alpha has no line %q", old)
	}
	return strings.Replace(src, old+"\n", new+"\n", 1)
}

func fullBuild(t *testing.T, site, audience string) *build.Incremental {
	t.Helper()
	return fullBuildOpts(t, build.Options{Site: site, Audience: audience, NoFigures: true})
}

func fullBuildOpts(t *testing.T, opts build.Options) *build.Incremental {
	t.Helper()
	opts.Out = filepath.Join(t.TempDir(), "public")
	inc, _, err := build.Full(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	return inc
}

// TestIncrementalDecision: which edits are rebuilt incrementally, and
// which need a full build; an incremental update leaves the output as a
// full build of the edited site writes it.
func TestIncrementalDecision(t *testing.T) {
	alpha := func(old, new string) map[string]string {
		return map[string]string{"content/alpha.md": alphaDoc(t, old, new)}
	}
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
		// Front matter that only the page and the register show.
		{name: "version", edit: alpha(`version: "1.0"`, `version: "1.1"`)},
		{name: "status", edit: alpha("status: approved", "status: draft")},
		{name: "owner", edit: alpha("owner: Service Manager", "owner: Change Manager")},
		{name: "approver", edit: alpha("approver: CEO", "approver: CFO")},
		{name: "approved", edit: alpha("approved: 2026-01-01", "approved: 2026-02-01")},
		{name: "review overdue", edit: alpha("review: 2027-01-01", "review: 2026-01-02")},
		{name: "clauses", edit: alpha(`clauses: ["8.1"]`, `clauses: ["8.2", "5.1"]`)},
		{name: "history", edit: alpha(`clauses: ["8.1"]`, "clauses: [\"8.1\"]\nhistory:\n  - version: \"1.0\"\n    date: 2026-01-01\n    author: Jo\n    summary: First issue")},
		{name: "tags", edit: map[string]string{"content/alpha.md": incDoc("SMS-PROC-001", "Alpha Procedure", "\ntags: [x]", "Alpha body.\n")}},
		// An absent classification is the default (load applies it): writing it changes nothing.
		{name: "classification as its default", edit: alpha(`clauses: ["8.1"]`, "clauses: [\"8.1\"]\nclassification: internal")},
		{name: "keys moved", edit: alpha(`version: "1.0"`, "\n\nversion: \"1.0\"")},
		{name: "front matter moved", edit: map[string]string{"content/alpha.md": "\n" + incDoc("SMS-PROC-001", "Alpha Procedure", "", "Alpha body.\n")}},
		{name: "version and body of two", edit: map[string]string{
			"content/alpha.md": alphaDoc(t, `version: "1.0"`, `version: "2.0"`),
			"content/beta.md":  incDoc("SMS-PROC-002", "Beta Procedure", "\ntags: [y]", "## Scope\n\nBeta, edited.\n")}},
		// Front matter that other pages, addresses or the sidebar show.
		{name: "retired", full: true, edit: alpha("status: approved", "status: retired")},
		{name: "title", full: true, edit: map[string]string{"content/alpha.md": incDoc("SMS-PROC-001", "Alpha Process", "", "Alpha body.\n")}},
		{name: "id", full: true, edit: alpha("id: SMS-PROC-001", "id: SMS-PROC-009")},
		{name: "type", full: true, edit: alpha("type: procedure", "type: process")},
		{name: "classification", full: true, edit: alpha(`clauses: ["8.1"]`, "clauses: [\"8.1\"]\nclassification: public")},
		{name: "parent", full: true, edit: alpha(`clauses: ["8.1"]`, "clauses: [\"8.1\"]\nparent: SMS-PROC-002")},
		{name: "related", full: true, edit: alpha(`clauses: ["8.1"]`, "clauses: [\"8.1\"]\nrelated: [SMS-PROC-002]")},
		{name: "acknowledge", full: true, edit: alpha(`clauses: ["8.1"]`, "clauses: [\"8.1\"]\nacknowledge: true")},
		{name: "lang", full: true, edit: alpha(`clauses: ["8.1"]`, "clauses: [\"8.1\"]\nlang: fr")},
		{name: "aliases", full: true, edit: alpha(`clauses: ["8.1"]`, "clauses: [\"8.1\"]\naliases: [/alpha/]")},
		{name: "figure added", full: true, edit: map[string]string{"content/alpha.md": incDoc("SMS-PROC-001", "Alpha Procedure", "", "{{< figure structure >}}\n")}},
		{name: "new document", full: true, edit: map[string]string{"content/epsilon.md": incDoc("SMS-PROC-004", "Epsilon Procedure", "", "Epsilon.\n")}},
		{name: "deleted", full: true, edit: map[string]string{"content/beta.md": ""}},
		{name: "bad front matter", full: true, edit: map[string]string{"content/alpha.md": "---\nid: [unclosed\n---\n"}},
		{name: "configuration", full: true, edit: map[string]string{"handbook.yaml": "title: Other\naudiences:\n  staff: internal\n"}},
		{name: "layout", full: true, edit: map[string]string{"layouts/doc.html": `{{define "main"}}x{{end}}`}},
		{name: "data", full: true, edit: map[string]string{"content/_data/scope.yaml": "customers: Passengers\n"}},
		{name: "excluded document", audience: "staff", full: true, edit: map[string]string{"content/gamma.md": incDoc("SMS-PROC-003", "Gamma Procedure", "\nclassification: restricted", "Gamma, edited.\n")}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel() // its own site and outputs
			site := incSite(t)
			opts := build.Options{Site: site, Audience: tc.audience, NoFigures: true}
			inc := fullBuildOpts(t, opts)
			checkUpdate(t, inc, site, tc.edit, tc.full, opts)
		})
	}
}

// TestIncrementalFigures: a change of status or clauses redraws the
// figures, and the pages that embed them, as a full build draws them.
func TestIncrementalFigures(t *testing.T) {
	if testing.Short() {
		t.Skip("draws the figures with Graphviz")
	}
	for name, edit := range map[string][2]string{
		"status":  {"status: approved", "status: draft"},
		"clauses": {`clauses: ["8.1"]`, `clauses: ["8.2"]`},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel() // its own site and outputs
			site := incSite(t)
			opts := build.Options{Site: site}
			inc := fullBuildOpts(t, opts)
			checkUpdate(t, inc, site, map[string]string{"content/alpha.md": alphaDoc(t, edit[0], edit[1])}, false, opts)
		})
	}
}

// checkUpdate makes the edits in site and updates inc: it fails unless a
// full build is needed exactly when full says so, and, when it is not,
// unless the output is byte for byte what a full build with opts writes
// (the search index aside: an update leaves it, and serve overlays it).
func checkUpdate(t *testing.T, inc *build.Incremental, site string, edit map[string]string, full bool, opts build.Options) {
	t.Helper()
	var paths []string
	for p, body := range edit {
		if body == "" {
			if err := os.Remove(filepath.Join(site, p)); err != nil {
				t.Fatal(err)
			}
		} else {
			sitetest.WriteFile(t, filepath.Join(site, p), body)
		}
		paths = append(paths, p)
	}
	_, res, err := inc.Update(context.Background(), paths)
	if isFull := errors.Is(err, build.ErrFull); isFull != full {
		t.Fatalf("full build %v (%v), want %v; diagnostics %v", isFull, err, full, res.Diags.All())
	}
	if full {
		return
	}
	if err != nil {
		t.Fatalf("update: %v %v", err, res.Diags.All())
	}
	got, want := outputTree(t, inc.Out()), outputTree(t, fullBuildOpts(t, opts).Out())
	if !slices.Equal(keys(got), keys(want)) {
		t.Fatalf("the update left other files than a full build writes:\n%v\n%v", keys(got), keys(want))
	}
	for _, k := range keys(want) {
		if got[k] != want[k] {
			t.Errorf("%s differs from a full build's", k)
		}
	}
}

// outputTree is an output folder's files but the search index's, which an
// update leaves as it was, and their lines in the manifest.
func outputTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	m := snapshot(t, dir)
	for k, v := range m {
		switch {
		case strings.HasPrefix(k, "_search/"):
			delete(m, k)
		case k == output.Marker:
			lines := strings.SplitAfter(v, "\n")
			m[k] = strings.Join(slices.DeleteFunc(lines, func(l string) bool { return strings.Contains(l, " _search/") }), "")
		}
	}
	return m
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
	sitetest.WriteFile(t, alpha, incDoc("SMS-PROC-001", "Alpha Procedure", "", "Alpha body.\n\nSee [[SMS-PROC-099]].\n"))
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
	sitetest.WriteFile(t, alpha, incDoc("SMS-PROC-001", "Alpha Procedure", "", "Alpha body. See [[SMS-PROC-002#scope]].\n"))
	if _, res, err := inc.Update(context.Background(), []string{"content/alpha.md"}); err != nil {
		t.Fatalf("the fix: %v %v", err, res.Diags.All())
	}
	if after, _ := os.ReadFile(page); !strings.Contains(string(after), "sms-proc-002/#scope") {
		t.Error("the fixed page is not written")
	}
	sitetest.WriteFile(t, filepath.Join(site, "content/beta.md"), incDoc("SMS-PROC-002", "Beta Procedure", "", "## Purpose\n\nBeta.\n"))
	_, res, err = inc.Update(context.Background(), []string{"content/beta.md"})
	if msg := fmt.Sprint(res.Diags.All()); !errors.Is(err, build.ErrContent) || !strings.Contains(msg, "content/alpha.md:14: link to unknown anchor #scope in SMS-PROC-002") {
		t.Errorf("a removed anchor: %v %s", err, msg)
	}
}
