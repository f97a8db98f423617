package build_test

import (
	"context"
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
