package build_test

import (
	"path/filepath"
	"strings"
	"testing"

	"handbook/internal/build"
	"handbook/internal/sitetest"
)

// TestDocPageConventions: "Last updated" comes from the newest history
// entry, else the approval date; edit_url gives an edit link with the
// file's path; previous and next are the siblings under the same parent.
func TestDocPageConventions(t *testing.T) {
	site := sitetest.FromTxtar(t, sitetest.Shared(t, "process-children"))
	out := buildSite(t, site, build.Options{NoSearch: true, NoFigures: true})
	page := func(id string) string { return readFile(t, filepath.Join(out, "docs", id, "index.html")) }
	for _, tc := range []struct {
		id   string
		want []string
		not  []string
	}{
		{"sms-proc-001", []string{
			`Last updated <time>2026-01-01</time>`,
			`<a class="edit-link" href="https://git.example/handbook/edit/main/content/procedures/a.md">`,
			`<a class="pager-next" href="/docs/sms-proc-002/" rel="next"><span>Next</span> Beta Procedure</a>`,
		}, []string{`rel="prev"`}},
		{"sms-proc-002", []string{
			`<a class="pager-prev" href="/docs/sms-proc-001/" rel="prev"><span>Previous</span> Alpha Procedure</a>`,
			`<a class="pager-next" href="/docs/sms-proc-003/" rel="next"><span>Next</span> Gamma Procedure</a>`,
		}, nil},
		{"sms-proc-003", []string{`rel="prev"`, `Last updated <time>2026-01-01</time>`}, []string{`rel="next"`}},
		{"sms-prc-001", []string{`Last updated`}, []string{`class="pager"`}},
	} {
		p := page(tc.id)
		for _, w := range tc.want {
			if !strings.Contains(p, w) {
				t.Errorf("%s lacks %s", tc.id, w)
			}
		}
		for _, n := range tc.not {
			if strings.Contains(p, n) {
				t.Errorf("%s has %s", tc.id, n)
			}
		}
	}
}
