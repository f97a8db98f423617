package browsertest

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"handbook/internal/build"
	"handbook/internal/sitetest"
)

// generatedSite writes into dir a site of 200 documents: a policy, 19
// processes under it, and 180 procedures, ten under each process but the
// last, each linking to its neighbour so that some are linked to more than
// others.
func generatedSite(t *testing.T, dir string) string {
	t.Helper()
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

// generatedServer returns a function that gives the address of the
// generated site, built and served on its first call: the subtests of
// owner share one build, which lives as long as owner (they may run in
// parallel; each fails itself if the build failed).
func generatedServer(owner *testing.T) func(t *testing.T) string {
	var once sync.Once
	var url string
	var err error
	return func(t *testing.T) string {
		t.Helper()
		once.Do(func() {
			dir := owner.TempDir()
			out := filepath.Join(dir, "public")
			site := generatedSite(t, filepath.Join(dir, "site"))
			res, berr := build.Build(context.Background(), build.Options{Site: site, Out: out, Today: today})
			if berr != nil {
				err = fmt.Errorf("building the generated site: %v\n%v", berr, res.Diags)
				return
			}
			srv := httptest.NewServer(http.FileServer(http.Dir(out)))
			owner.Cleanup(srv.Close)
			url = srv.URL
		})
		if err != nil {
			t.Fatal(err)
		}
		if url == "" {
			t.Fatal("the generated site was not built (see the test that built it first)")
		}
		return url
	}
}

// testGeneratedLooks checks on a 200-document site what testStaff and
// testWidths check on the repository's handbook by looking: the home
// page's default tasks on the first screen, no sideways scrolling, and
// axe, at both widths. It only loads and looks: it may run in parallel.
func testGeneratedLooks(t *testing.T, s *suite, site string) {
	tb := s.open(t, site)
	for _, sc := range screens {
		tb.viewport(sc.w, sc.h)
		for _, path := range []string{"", "docs/sms-proc-095/", "types/procedure/", "log/", "reviews/"} {
			tb.visit(path)
			if w := eval[int](tb, `Math.max(document.documentElement.scrollWidth, document.body.scrollWidth) - innerWidth`); w > 0 {
				t.Errorf("%s: /%s scrolls %d px sideways", sc.name, path, w)
			}
			if path == "" { // the first screen, before axe scrolls and resizes
				tasks := eval[int](tb, `[...document.querySelectorAll(".task-list a")].filter(a => { const r = a.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; }).length`)
				if tasks < 5 || !eval[bool](tb, inView("#search-q")) {
					t.Errorf("%s: the generated site's home page shows %d tasks on its first screen, or no search box", sc.name, tasks)
				}
			}
			name := fmt.Sprintf("generated-%s-%s", map[string]string{"": "home", "docs/sms-proc-095/": "doc", "types/procedure/": "list", "log/": "log", "reviews/": "reviews"}[path], sc.name)
			s.screenshot(tb, name)
			s.axe(tb, name)
		}
	}
}

// testGeneratedKeys checks on the 200-document site the phone menu's
// focus trap, its link to a type too big to list, and the Tab count to the first body link. It reads the
// keyboard focus, which the browser's tabs share: it runs alone.
func testGeneratedKeys(t *testing.T, s *suite, site string) {
	tb := s.open(t, site)
	tb.viewport(390, 844)
	tb.visit("docs/sms-proc-095/")
	tb.do(chromedp.Click(chromedp.CSS(".menu-button")))
	tb.waitFor(`document.querySelector(".menu-button").getAttribute("aria-expanded") === "true"`)
	if !eval[bool](tb, `document.getElementById("site-nav").contains(document.activeElement)`) {
		t.Error("the open menu does not hold the focus")
	}
	// The 180 procedures, too many to list, are one link to their list
	// page with their count, a touch target like the others.
	type typeLink struct {
		Text   string  `json:"text"`
		Height float64 `json:"height"`
	}
	procs := eval[typeLink](tb, `(a => a ? {text: a.textContent, height: a.getBoundingClientRect().height} : {})(document.querySelector('.sidebar a[href$="/types/procedure/"]'))`)
	if procs.Text != "Procedures 180" || procs.Height < 44 {
		t.Errorf("the open menu's link to the procedures reads %q and is %v px tall, want \"Procedures 180\", at least 44 px", procs.Text, procs.Height)
	}
	// On one of their documents, the link marks where the reader is.
	if cur := eval[string](tb, `document.querySelector('.sidebar a[href$="/types/procedure/"]').getAttribute("aria-current") || ""`); cur != "true" {
		t.Errorf("on a procedure the sidebar's link to the procedures has aria-current %q, want \"true\" (the reader's section)", cur)
	}
	tb.key(kb.Escape)
	tb.waitFor(`document.querySelector(".menu-button").getAttribute("aria-expanded") === "false"`)

	tb.viewport(1366, 900)
	tb.visit("types/procedure/")
	if cur := eval[[]string](tb, `[...document.querySelectorAll('.sidebar [aria-current="page"]')].map(a => a.textContent)`); len(cur) != 1 || cur[0] != "Procedures 180" {
		t.Errorf("on the procedures' list page the sidebar marks %q as the current page, want the procedures' link", cur)
	}
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
