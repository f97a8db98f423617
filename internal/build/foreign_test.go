package build_test

import (
	"context"
	"regexp"
	"slices"
	"strings"
	"testing"

	"handbook/internal/build"
	"handbook/internal/diag"
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
	for _, cfg := range []string{"", "unsafe_html: true\n"} {
		site := writeSite(t, map[string]string{
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
	site := writeSite(t, map[string]string{
		"content/a.md": doc("SMS-PROC-001", "Alpha Procedure", "",
			"# Alpha procedure\n\nIntro.\n\n# Scope\n\nText.\n\n## Detail\n\nMore.\n\n### Deep\n\n# Roles\n\nWho.\n"),
	})
	out := buildSite(t, site, build.Options{NoSearch: true, NoFigures: true})
	page := readFile(t, out+"/docs/sms-proc-001/index.html")
	if n := len(regexp.MustCompile(`(?i)<h1[^>]*>\s*Alpha procedure`).FindAllString(page, -1)); n != 1 {
		t.Errorf("the title is %d headings, want 1", n)
	}
	if strings.Contains(page, `id="alpha-procedure"`) {
		t.Error("the leading H1 repeating the title is rendered")
	}
	for _, want := range []string{
		`<li class="toc-l1"><a href="#scope">Scope</a></li>`,
		`<li class="toc-l2"><a href="#detail">Detail</a></li>`,
		`<li class="toc-l1"><a href="#roles">Roles</a></li>`,
		`<h1 id="scope">`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %s", want)
		}
	}
	if strings.Contains(page, `href="#deep"`) {
		t.Error("an H3 is in the table of contents of a body with H1 sections")
	}
}
