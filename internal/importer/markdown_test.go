package importer

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"handbook/internal/sitetest"
)

// TestImportSiteProblems: each bad source is a message naming it, and the
// others are imported.
func TestImportSiteProblems(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "hugo")
	sitetest.Write(t, src, map[string]string{
		"content/guide/_index.md":  "---\ntitle: Guide\n---\nThe guide.\n",
		"content/guide/index.md":   "---\ntitle: Guide Home\n---\nAlso the guide.\n",
		"content/latin1.md":        "---\ntitle: Caf\xe9 Policy\n---\n",
		"content/guide/welcome.md": "---\ntitle: Welcome Policy\naliases: [hello]\n---\nHi.\n",
		"content/bad.md":           "+++\ntitle = \n+++\n",
		"content/guide/rules.md":   "---\ntitle: Rules Policy\nparent: GONE-1\nrelated: [SMS-POL-001, GONE-2]\n---\n",
	})
	site := newSite(t, dir)
	sum, err := Run(context.Background(), Options{Site: site, From: "hugo", Sources: []string{src}, Today: today})
	if err != nil {
		t.Fatal(err)
	}
	var msgs []string
	for _, p := range sum.Problems {
		msgs = append(msgs, p.At+": "+p.Message)
	}
	got := strings.Join(msgs, "\n")
	for _, want := range []string{
		"content/bad.md:2: front matter does not parse",
		"content/guide/index.md: not imported: " + filepath.Join(src, "content/guide/_index.md") + " would be written to content/guide/index.md too",
		"content/latin1.md: not UTF-8 text",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("no problem %q in:\n%s", want, got)
		}
	}
	if len(sum.Documents) != 3 {
		t.Errorf("imported %d documents, want 3", len(sum.Documents))
	}
	rules, err := os.ReadFile(filepath.Join(site, "content/guide/rules.md"))
	for _, want := range []string{"# TODO: parent: GONE-1, as the source says, is not a document", "# TODO: related: GONE-2", `related: ["SMS-POL-001"]`, "parent: SMS-POL-002"} {
		if err != nil || !strings.Contains(string(rules), want) {
			t.Errorf("rules.md lacks %q: %v\n%s", want, err, rules)
		}
	}
	b, err := os.ReadFile(filepath.Join(site, "content/guide/welcome.md"))
	if err != nil || !strings.Contains(string(b), `aliases: ["/guide/hello", "/guide/welcome/"]`) || !strings.Contains(string(b), "parent: SMS-POL-002") {
		t.Errorf("welcome.md: %v\n%s", err, b)
	}
}

func TestImportUsage(t *testing.T) {
	dir := t.TempDir()
	site := newSite(t, dir)
	for _, opts := range []Options{
		{Site: site, From: "docx", Into: "../outside"},
		{Site: site, From: "docx", Into: "/abs"},
		{Site: site, From: "gatsby", Sources: []string{dir}},
		{Site: site, From: "plain", Sources: []string{dir}, Type: "memo"},
	} {
		var ue *UsageError
		if _, err := Run(context.Background(), opts); !errors.As(err, &ue) {
			t.Errorf("%+v: got %v, want a usage error", opts, err)
		}
	}
}

// TestImportUnderExistingDraft: a source approved in its own right whose
// parent is a draft already in the site is imported as a draft, as one
// under an imported draft is (check warns of an approved document that
// depends on an unapproved one). The site's documents are found by id
// because load indexes them.
func TestImportUnderExistingDraft(t *testing.T) {
	dir := t.TempDir()
	site := newSite(t, dir)
	sitetest.Write(t, site, map[string]string{"content/policy/draft.md": "---\nid: SMS-POL-009\ntitle: Draft Policy\ntype: policy\nversion: \"0.1\"\nstatus: draft\nowner: Service Manager\n---\n"})
	src := filepath.Join(dir, "hugo")
	sitetest.Write(t, src, map[string]string{
		"content/rules.md": "---\ntitle: Rules Policy\nparent: SMS-POL-009\napprover: CEO\napproved: 2026-01-10\nreview: 2027-01-10\nclauses: [\"5.2\"]\n---\nRules.\n",
	})
	sum, err := Run(context.Background(), Options{Site: site, From: "hugo", Sources: []string{src}, Today: today, Owner: "Service Manager"})
	if err != nil || len(sum.Documents) != 1 {
		t.Fatalf("%v, %+v", err, sum)
	}
	want := "document is draft, not approved (its parent SMS-POL-009 is not approved)"
	if d := sum.Documents[0]; d.Status != "draft" || !slices.Contains(d.Needs, want) {
		t.Errorf("status %s, needs %q; want draft, %q", d.Status, d.Needs, want)
	}
}
