package browsertest

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"handbook/internal/build"
	"handbook/internal/sitetest"
)

// generatedSite writes a site of 200 documents: a policy, 19 processes
// under it, and 180 procedures, ten under each process but the last, each
// linking to its neighbour so that some are linked to more than others.
func generatedSite(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	write := func(path, id, title, typ, parent, body string) {
		src := fmt.Sprintf("---\nid: %s\ntitle: %s\ntype: %s\nversion: \"1.0\"\nstatus: approved\nowner: Service Manager\n"+
			"approver: Chief Executive Officer\napproved: 2026-01-15\nreview: 2027-01-15\nclauses: [\"8.1\"]\n%s"+
			"history:\n  - {version: \"1.0\", date: 2026-01-15, author: Service Manager, summary: First issue}\n---\n\n%s",
			id, title, typ, parent, body)
		sitetest.WriteFile(t, filepath.Join(dir, "content", path), src)
	}
	section := "## 1. Purpose\n\nWhat this document is for.\n\n## 2. Steps\n\n1. Log it.\n2. Fix it.\n\n| Step | Who | When |\n|---|---|---|\n| Log | Service Desk Analyst | at once |\n"
	write("policy.md", "SMS-POL-001", "Generated Policy", "policy", "", section)
	for p := 1; p <= 19; p++ {
		write(fmt.Sprintf("processes/p%02d.md", p), fmt.Sprintf("SMS-PRC-%03d", p), fmt.Sprintf("Generated Process %d", p), "process",
			"parent: SMS-POL-001\n", section)
	}
	for n := 1; n <= 180; n++ {
		link := fmt.Sprintf("See [[SMS-PROC-%03d]].\n\n", n%10+1)
		write(fmt.Sprintf("procedures/q%03d.md", n), fmt.Sprintf("SMS-PROC-%03d", n), fmt.Sprintf("Generated Procedure %d", n), "procedure",
			fmt.Sprintf("parent: SMS-PRC-%03d\n", (n-1)/10+1), link+section)
	}
	return dir
}

// testGeneratedSite builds a 200-document site and checks on it what
// testStaff checks on the repository's handbook: the home page's default
// tasks on the first screen, no sideways scrolling on a phone, the menu,
// Tab counts, and axe.
func testGeneratedSite(t *testing.T, s *suite) {
	out := filepath.Join(t.TempDir(), "public")
	if res, err := build.Build(context.Background(), build.Options{Site: generatedSite(t), Out: out, Today: today}); err != nil {
		t.Fatalf("building the generated site: %v\n%v", err, res.Diags)
	}
	srv := httptest.NewServer(http.FileServer(http.Dir(out)))
	t.Cleanup(srv.Close)
	tb := s.open(t, srv.URL)
	for _, sc := range screens {
		tb.viewport(sc.w, sc.h)
		for _, path := range []string{"", "docs/sms-proc-095/", "types/procedure/", "log/", "reviews/"} {
			tb.visit(path)
			if w := eval[int](tb, `Math.max(document.documentElement.scrollWidth, document.body.scrollWidth) - innerWidth`); w > 0 {
				t.Errorf("%s: /%s scrolls %d px sideways", sc.name, path, w)
			}
			name := fmt.Sprintf("generated-%s-%s", map[string]string{"": "home", "docs/sms-proc-095/": "doc", "types/procedure/": "list", "log/": "log", "reviews/": "reviews"}[path], sc.name)
			s.screenshot(tb, name)
			s.axe(tb, name)
		}
		tb.visit("")
		tasks := eval[int](tb, `[...document.querySelectorAll(".task-list a")].filter(a => { const r = a.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; }).length`)
		if tasks < 5 || !eval[bool](tb, inView("#search-q")) {
			t.Errorf("%s: the generated site's home page shows %d tasks on its first screen, or no search box", sc.name, tasks)
		}
	}
	tb.viewport(390, 844)
	tb.visit("docs/sms-proc-095/")
	tb.do(chromedp.Click(chromedp.CSS(".menu-button")))
	tb.waitFor(`document.querySelector(".menu-button").getAttribute("aria-expanded") === "true"`)
	if !eval[bool](tb, `document.getElementById("site-nav").contains(document.activeElement)`) {
		t.Error("the open menu does not hold the focus")
	}
	tb.key(kb.Escape)
	tb.waitFor(`document.querySelector(".menu-button").getAttribute("aria-expanded") === "false"`)

	tb.viewport(1366, 900)
	tb.visit("docs/sms-proc-095/")
	n := 0
	for n = 1; n <= 40; n++ {
		tb.key(kb.Tab)
		if eval[bool](tb, `(e => !!e.closest(".doc-body") && e.matches("a[href]"))(document.activeElement)`) {
			break
		}
	}
	t.Logf("generated site: first body link after %d Tabs from the top", n)
	if n > 20 {
		t.Errorf("generated site: %d Tabs from the top of a document page to its first body link, want at most 20", n)
	}
}
