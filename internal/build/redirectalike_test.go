package build_test

import (
	"path/filepath"
	"testing"

	"handbook/internal/build"
	"handbook/internal/sitetest"
)

// TestRedirectsRenderedAlike: the redirects to one document are rendered
// once and written at each of their addresses, unless the site's redirect
// layout reads the page's own address, which then differs on each.
func TestRedirectsRenderedAlike(t *testing.T) {
	aliases := "aliases: [/old/a/, /old/b.html]\n"
	for _, tc := range []struct {
		name, layout string
		want         map[string]string
	}{
		{"address not read", `{{define "base"}}{{.Title}} -> {{.Redirect}}{{end}}`, map[string]string{
			"old/a/index.html":             "Incident -> /docs/sms-proc-001/",
			"old/b.html":                   "Incident -> /docs/sms-proc-001/",
			"docs/incident/index.html":     "Incident -> /docs/sms-proc-001/",
			"docs/SMS-PROC-001/index.html": "Incident -> /docs/sms-proc-001/",
		}},
		{"address read", `{{define "base"}}{{.Path}} {{.URL}} -> {{.Redirect}}{{end}}`, map[string]string{
			"old/a/index.html":         "old/a/ /old/a/ -> /docs/sms-proc-001/",
			"old/b.html":               "old/b.html /old/b.html -> /docs/sms-proc-001/",
			"docs/incident/index.html": "docs/incident/ /docs/incident/ -> /docs/sms-proc-001/",
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			site := sitetest.New(t, map[string]string{
				"content/a.md":          doc("SMS-PROC-001", "Incident", aliases, "Text.\n"),
				"layouts/redirect.html": tc.layout,
			})
			out := buildSite(t, site, build.Options{NoSearch: true, NoFigures: true})
			for path, want := range tc.want {
				if got := readFile(t, filepath.Join(out, path)); got != want {
					t.Errorf("%s: got %q, want %q", path, got, want)
				}
			}
		})
	}
}
