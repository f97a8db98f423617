package build_test

import (
	"context"
	"regexp"
	"slices"
	"strings"
	"testing"

	"handbook/internal/build"
	"handbook/internal/diag"
	"handbook/internal/sitetest"
)

// diagnostics checks site and returns its diagnostics of one severity as
// "path:line: message".
func diagnostics(t *testing.T, site string, sev diag.Severity) []string {
	t.Helper()
	res, _, err := build.Check(context.Background(), build.Options{Site: site, Today: today})
	if res == nil {
		t.Fatalf("Check: %v", err)
	}
	var got []string
	for _, d := range res.Diags.All() {
		if d.Severity == sev {
			got = append(got, d.Error())
		}
	}
	return got
}

// TestRawHTMLAnchors: the ids and a names of raw HTML are link targets,
// on the same page and from other documents, sanitised or trusted; an
// anchor that no HTML defines is still an error.
func TestRawHTMLAnchors(t *testing.T) {
	t.Parallel()
	for _, cfg := range []string{"", "unsafe_html: true\n"} {
		site := sitetest.New(t, map[string]string{
			"handbook.yaml": cfg,
			"content/a.md": doc("SMS-PROC-001", "Alpha Procedure", "",
				"<a name=\"legacy-target\"></a>\n\nSee [below](#legacy-target) and [the box](#box).\n\n<div id=\"box\">Box</div>\n"),
			"content/b.md": doc("SMS-PROC-002", "Beta Procedure", "",
				"[One](SMS-PROC-001#legacy-target), [two](SMS-PROC-001#box), [three](SMS-PROC-001#nowhere).\n"),
		})
		got := diagnostics(t, site, diag.Error)
		want := []string{"content/b.md:14: link to unknown anchor #nowhere in SMS-PROC-001"}
		if !slices.Equal(got, want) {
			t.Errorf("%q: errors\n got: %s\nwant: %s", cfg, strings.Join(got, "\n      "), strings.Join(want, "\n      "))
		}
	}
}

// TestBodyH1s: a body starting with "# <title>" shows the title once, and
// a body whose sections are H1s lists them in its table of contents.
func TestBodyH1s(t *testing.T) {
	t.Parallel()
	site := sitetest.New(t, map[string]string{
		"content/a.md": doc("SMS-PROC-001", "Alpha Procedure", "",
			"# Alpha procedure\n\nIntro, [top](#alpha-procedure).\n\n# Scope\n\nText.\n\n## Detail\n\nMore.\n\n### Deep\n\n# Roles\n\nWho.\n"),
	})
	out := buildSite(t, site, build.Options{NoSearch: true, NoFigures: true})
	page := readFile(t, out+"/docs/sms-proc-001/index.html")
	if n := len(regexp.MustCompile(`(?i)<h1[^>]*>\s*Alpha procedure`).FindAllString(page, -1)); n != 1 {
		t.Errorf("the title is %d headings, want 1", n)
	}
	if !strings.Contains(page, `<h1 id="alpha-procedure">Alpha Procedure</h1>`) {
		t.Error("the page's title lacks the id of the leading H1 it replaces")
	}
	for _, want := range []string{
		`<li><a href="#scope">Scope</a><ol><li><a href="#detail">Detail</a></li></ol></li><li><a href="#roles">Roles</a>`,
		`<h1 id="scope">`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %s", want)
		}
	}
	// The heading's own copy-link anchor links to #deep too: the table of
	// contents is looked at alone.
	_, toc, _ := strings.Cut(page, `<nav class="toc"`)
	toc, _, _ = strings.Cut(toc, "</nav>")
	if toc == "" {
		t.Fatal("the page has no table of contents")
	}
	if strings.Contains(toc, `href="#deep"`) {
		t.Error("an H3 is in the table of contents of a body with H1 sections")
	}
}

// TestRetiredDocuments: a link from a current document to a retired one is
// a warning and marked on the page; the sidebar lists retired documents
// apart from the documents in force.
func TestRetiredDocuments(t *testing.T) {
	t.Parallel()
	site := sitetest.New(t, map[string]string{
		"content/a.md": doc("SMS-PROC-001", "Alpha Procedure", "", "Replaces [[SMS-PROC-002]].\n"),
		"content/b.md": doc("SMS-PROC-002", "Beta Procedure", "", "Old.\n"),
	})
	retire := strings.Replace(readFile(t, site+"/content/b.md"), "status: approved", "status: retired", 1)
	sitetest.WriteFile(t, site+"/content/b.md", retire)
	want := []string{"content/a.md:14: link to SMS-PROC-002 (Beta Procedure), which is retired: link its replacement, or remove the link"}
	if got := diagnostics(t, site, diag.Warning); !slices.Equal(got, want) {
		t.Errorf("warnings\n got: %s\nwant: %s", strings.Join(got, "\n      "), strings.Join(want, "\n      "))
	}
	out := buildSite(t, site, build.Options{NoSearch: true, NoFigures: true})
	page := readFile(t, out+"/docs/sms-proc-001/index.html")
	if !strings.Contains(page, `class="retired">Beta Procedure</a> (retired)`) {
		t.Error("the link to the retired document is not marked (retired)")
	}
	groups := regexp.MustCompile(`(?s)<summary>([^<]*)<span>(\d+)</span></summary>(.*?)</details>`).FindAllStringSubmatch(page, -1)
	var got []string
	for _, g := range groups {
		// The sidebar lists titles; the ids are in the addresses.
		ids := regexp.MustCompile(`docs/sms-proc-\d+/`).FindAllString(g[3], -1)
		for i, id := range ids {
			ids[i] = strings.ToUpper(strings.Trim(strings.TrimPrefix(id, "docs/"), "/"))
		}
		got = append(got, strings.TrimSpace(g[1])+" "+g[2]+": "+strings.Join(ids, ","))
	}
	if want := []string{"Procedures 1: SMS-PROC-001", "Retired documents 1: SMS-PROC-002"}; !slices.Equal(got, want) {
		t.Errorf("sidebar groups %q, want %q", got, want)
	}
}

// TestForeignSite builds testdata/foreign, policies written the way they
// arrive from GitHub, pandoc and templates: it builds, warns exactly about
// what needs a person, and its pages read well.
func TestForeignSite(t *testing.T) {
	t.Parallel()
	const site = "../../testdata/foreign"
	if errs := diagnostics(t, site, diag.Error); len(errs) > 0 {
		t.Fatalf("errors:\n%s", strings.Join(errs, "\n"))
	}
	want := []string{
		`content/access-policy.md:33: raw HTML: attribute onclick="track()" of <div> removed (not allowed); set unsafe_html: true only for trusted content`,
		`content/access-policy.md:40: template text "[job title]" is left in: write what it asks for, or map it under placeholders: in handbook.yaml`,
		`content/access-policy.md:42: link to SMS-PROC-002 (Legacy Access Procedure), which is retired: link its replacement, or remove the link`,
		`content/access-policy.md:42: mentions "Legacy Access Procedure" (SMS-PROC-002), which is retired: name its replacement, or say that it is retired`,
		"content/onboarding.md:35: indented code block starts like a list item (\"1. this list is indented as code\"): it shows as code; indent a sub-list by the width of its parent item's marker (e.g. 3 spaces under \"a. \"), or fence code with ```",
	}
	if got := diagnostics(t, site, diag.Warning); !slices.Equal(got, want) {
		t.Errorf("warnings\n got: %s\nwant: %s", strings.Join(got, "\n      "), strings.Join(want, "\n      "))
	}
	out := buildSite(t, site, build.Options{NoSearch: true, NoFigures: true})
	policy := readFile(t, out+"/docs/sms-pol-001/index.html")
	proc := readFile(t, out+"/docs/sms-proc-001/index.html")
	for _, tc := range []struct{ page, want string }{
		{policy, `<div class="alert alert-note" role="note" aria-label="Note">`},
		{policy, `<p>Example Ltd grants access by role.</p>`},
		{policy, `<h2 id="best-practices-for-a-strong-community">`},
		{policy, `<a id="legacy"></a>`},
		{policy, `<abbr title="Role-Based Access Control">RBAC</abbr>`},
		{policy, `<div class="banner">Reviewed yearly.</div>`},
		{policy, `<summary>History</summary>`},
		{proc, `<ol type="a">`},
		{proc, `<ol type="i">`},
		{proc, `<li><a href="#onboarding">Steps</a>`},
		{proc, `<div class="alert alert-warning" role="note" aria-label="Warning">`},
	} {
		if !strings.Contains(tc.page, tc.want) {
			t.Errorf("page lacks %s", tc.want)
		}
	}
	for _, bad := range []string{"Editorial note", "&lt;", "[!NOTE]", "onclick", `<h1 id="access-control-policy">Access Control Policy<a`} {
		if strings.Contains(policy, bad) {
			t.Errorf("the policy page shows %q", bad)
		}
	}
	if !strings.Contains(readFile(t, out+"/docs/SMS-POL-001/index.html"), `url=/docs/sms-pol-001/`) {
		t.Error("/docs/SMS-POL-001/ does not redirect")
	}
}
