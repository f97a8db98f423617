package importer

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"handbook/internal/diag"
	"handbook/internal/load"
	"handbook/internal/sitetest"
	"handbook/internal/validate"
)

// policyMarkdown is the source of the Word fixture: a toolkit document with
// a cover page, a document-control table, a table of contents (--toc), a
// revision history, numbered headings, a table, an image and placeholders.
const policyMarkdown = `---
title: Information Security Policy
---

[Organization Name]

CONFIDENTIAL

| Document control | |
|---|---|
| Version | 2.1 |
| Date | 20 January 2026 |
| Author | Service Manager |
| Approved by | Chief Executive Officer |
| Classification | Company Confidential |

# Revision History

| Version | Date | Author | Summary of changes |
|---|---|---|---|
| 1.0 | 02/09/2024 | Service Manager | First issue |
| 2.1 | 2026-01-20 | Service Manager | Annual review |

# 1. Introduction

This policy applies to [Organization Name] and Insert Company Name.
See [the scope](#scope-of-certification), [the statements](#stmt) and [an old reference](#_Ref999).

## 1.1. Scope of Certification

The scope covers [Insert Service Provider] services:

- Incident management
- Change management

![Figure 1 - Scope](scope.png)

## 1.2. Roles

| Role | Responsibility |
|---|---|
| Service Manager | Owns the policy |

+-----------------+---------------------+
| Role            | Duties              |
+=================+=====================+
| Process Owner   | Reviews the policy. |
|                 |                     |
|                 | - yearly            |
|                 | - after incidents   |
+-----------------+---------------------+

# 2. Policy Statements

[]{#stmt}Statements follow.

1. Information is classified.
2. Access is controlled.
`

// writeDocx writes policyMarkdown (or md) as a .docx through pandoc, with
// an image beside it, and returns its path. The test is skipped without pandoc.
func writeDocx(t *testing.T, dir, name, md string) string {
	t.Helper()
	if _, err := exec.LookPath("pandoc"); err != nil {
		t.Skip("pandoc is not installed")
	}
	img := image.NewRGBA(image.Rect(0, 0, 4, 4))
	img.Set(1, 1, color.RGBA{200, 0, 0, 255})
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "scope.png"), buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	src := filepath.Join(dir, strings.TrimSuffix(name, ".docx")+".md")
	if err := os.WriteFile(src, []byte(md), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, name)
	cmd := exec.Command("pandoc", "--toc", "--resource-path="+dir, "-o", out, src)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("pandoc: %v\n%s", err, b)
	}
	return out
}

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// pandocVaries matches what differs between pandoc versions: the spaces
// after a list marker, a hashed bookmark name, the number of blocks pandoc
// read from the cover page.
var pandocVaries = []struct {
	re   *regexp.Regexp
	with string
}{
	{regexp.MustCompile(`(?m)^(\s*)(-|\d+\.) +`), "$1$2 "},
	{regexp.MustCompile(`#X[0-9a-f]{30,40}`), "#X<hash>"},
	{regexp.MustCompile(`\(\d+ blocks\)`), "(N blocks)"},
}

// golden compares got with testdata/name, or rewrites it with -update;
// what pandoc versions write differently is made the same first.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	for _, v := range pandocVaries {
		got = v.re.ReplaceAll(got, []byte(v.with))
	}
	sitetest.Golden(t, filepath.Join("testdata", name), got, *update)
}

// newSite writes the shared one-policy site (SMS-POL-001, approved)
// into dir/site.
func newSite(t *testing.T, dir string) string {
	t.Helper()
	site := filepath.Join(dir, "site")
	sitetest.Write(t, site, sitetest.Files(t, sitetest.Shared(t, "one-policy")))
	return site
}

var today = time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)

// TestImportDocx imports the Word fixture: the document written (golden),
// the image extracted, and the summary (golden JSON).
func TestImportDocx(t *testing.T) {
	dir := t.TempDir()
	src := writeDocx(t, dir, "policy.docx", policyMarkdown)
	site := newSite(t, dir)
	sum, err := Run(context.Background(), Options{Site: site, From: "docx", Sources: []string{src}, ReviewMonths: 12, Today: today})
	if err != nil {
		t.Fatal(err)
	}
	doc, err := os.ReadFile(filepath.Join(site, "content/policy/information-security-policy.md"))
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "policy.md", bytes.ReplaceAll(doc, []byte(dir+"/"), nil))
	img, err := os.ReadFile(filepath.Join(site, "static/images/information-security-policy/image1.png"))
	if err != nil || !bytes.HasPrefix(img, []byte("\x89PNG")) {
		t.Errorf("image not extracted as PNG: %v", err)
	}
	var js bytes.Buffer
	if err := sum.WriteJSON(&js); err != nil {
		t.Fatal(err)
	}
	golden(t, "policy-summary.json", bytes.ReplaceAll(js.Bytes(), []byte(dir+"/"), nil))
	var text bytes.Buffer
	sum.WriteText(&text)
	golden(t, "policy-summary.txt", bytes.ReplaceAll(text.Bytes(), []byte(dir+"/"), nil))

	// A second import of the same file writes nothing and says why; the
	// first document is untouched.
	sum2, err := Run(context.Background(), Options{Site: site, From: "docx", Sources: []string{src}, Today: today})
	if err != nil {
		t.Fatal(err)
	}
	if len(sum2.Documents) != 0 || len(sum2.Problems) != 1 || !strings.Contains(sum2.Problems[0].Message, "also the title of") {
		t.Errorf("second import: %+v", sum2)
	}
	again, _ := os.ReadFile(filepath.Join(site, "content/policy/information-security-policy.md"))
	if !bytes.Equal(again, doc) {
		t.Error("the second import changed the first document")
	}
}

// TestImportDeterministic: the same sources give byte-identical documents.
func TestImportDeterministic(t *testing.T) {
	dir := t.TempDir()
	src := writeDocx(t, dir, "policy.docx", policyMarkdown)
	var outs [2][]byte
	for i := range outs {
		site := newSite(t, filepath.Join(dir, fmt.Sprint(i)))
		if _, err := Run(context.Background(), Options{Site: site, From: "docx", Sources: []string{src}, Today: today}); err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(filepath.Join(site, "content/policy/information-security-policy.md"))
		if err != nil {
			t.Fatal(err)
		}
		outs[i] = b
	}
	if !bytes.Equal(outs[0], outs[1]) {
		t.Errorf("two imports differ:\n%s\n---\n%s", outs[0], outs[1])
	}
}

func TestCheckDocx(t *testing.T) {
	dir := t.TempDir()
	files := map[string][]byte{
		"old.doc":     []byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 Word 97"),
		"locked.docx": []byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 EncryptedPackage"),
		"torn.docx":   []byte("not a zip"),
		"notes.txt":   []byte("text"),
		"empty.docx":  nil,
	}
	want := map[string]string{
		"old.doc":     "save it as .docx",
		"locked.docx": "password-protected",
		"torn.docx":   "corrupt (not a zip archive)",
		"notes.txt":   "not a .docx file",
		"empty.docx":  "corrupt (not a zip archive)",
	}
	for name, data := range files {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		err := checkDocx(p)
		if err == nil || !strings.Contains(err.Error(), want[name]) {
			t.Errorf("%s: got %v, want %q", name, err, want[name])
		}
	}
}

// TestCorruptZip: a zip archive that is not a Word document is a problem
// of that file only.
func TestCorruptZip(t *testing.T) {
	if _, err := exec.LookPath("pandoc"); err != nil {
		t.Skip("pandoc is not installed")
	}
	dir := t.TempDir()
	src := filepath.Join(dir, "broken.docx")
	if err := os.WriteFile(src, []byte("PK\x03\x04 torn archive"), 0o644); err != nil {
		t.Fatal(err)
	}
	good := writeDocx(t, dir, "policy.docx", policyMarkdown)
	site := newSite(t, dir)
	sum, err := Run(context.Background(), Options{Site: site, From: "docx", Sources: []string{src, good}, Today: today})
	if err != nil {
		t.Fatal(err)
	}
	if len(sum.Problems) != 1 || !strings.Contains(sum.Problems[0].Message, "not a readable .docx") || len(sum.Documents) != 1 {
		t.Errorf("got problems %+v and %d documents", sum.Problems, len(sum.Documents))
	}
}

func TestNoPandoc(t *testing.T) {
	dir := t.TempDir()
	src := writeDocx(t, dir, "policy.docx", policyMarkdown)
	site := newSite(t, dir)
	_, err := Run(context.Background(), Options{Site: site, From: "docx", Sources: []string{src}, Pandoc: "no-such-pandoc-here", Today: today})
	if !errors.Is(err, ErrNoPandoc) || !strings.Contains(err.Error(), "apt-get install pandoc") {
		t.Errorf("got %v, want ErrNoPandoc naming the package", err)
	}
}

// TestCheckNamesOnlySummarised validates the imported site as check does:
// every diagnostic about an imported document is one its summary names.
func TestCheckNamesOnlySummarised(t *testing.T) {
	dir := t.TempDir()
	src := writeDocx(t, dir, "policy.docx", policyMarkdown)
	site := newSite(t, dir)
	sum, err := Run(context.Background(), Options{Site: site, From: "docx", Sources: []string{src}, Today: today})
	if err != nil {
		t.Fatal(err)
	}
	s, list, err := load.Site(site)
	if err != nil || len(list.All()) > 0 {
		t.Fatalf("load: %v %v", err, list)
	}
	diags := validate.Site(s, today).All()
	if len(diags) == 0 {
		t.Fatal("no diagnostics: the draft and its placeholders should be warned about")
	}
	needs := sum.Documents[0].Needs
	for _, d := range diags {
		if d.Severity == diag.Error {
			t.Errorf("check error: %v", d)
		}
		if !slices.ContainsFunc(needs, func(n string) bool { return strings.HasPrefix(n, d.Msg) }) {
			t.Errorf("check says %q, which the summary does not name (it names %q)", d.Msg, needs)
		}
	}
}

// TestDocxCrossLinks: a Word link to another imported document's file
// becomes a link to its id; one to a file not imported is left and listed.
func TestDocxCrossLinks(t *testing.T) {
	dir := t.TempDir()
	policy := writeDocx(t, dir, "Access Policy.docx", "---\ntitle: Access Policy\n---\n\n# 1. Rules\n\nRules.\n")
	plan := writeDocx(t, dir, "plan.docx", "---\ntitle: Access Plan\n---\n\n# 1. Steps\n\nFollow [the policy](Access%20Policy.docx#rules) and [the form](form.docx).\n")
	site := newSite(t, dir)
	sum, err := Run(context.Background(), Options{Site: site, From: "docx", Sources: []string{policy, plan}, Today: today})
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(site, "content/plans/access-plan.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), "Follow [the policy](SMS-POL-002#rules) and [the form](form.docx).") {
		t.Errorf("links not rewritten:\n%s", b)
	}
	if len(sum.LinksRewritten) != 1 || len(sum.LinksLeft) != 1 || sum.LinksLeft[0].Target != "form.docx" {
		t.Errorf("rewritten %v, left %v", sum.LinksRewritten, sum.LinksLeft)
	}
}
