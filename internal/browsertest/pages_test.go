package browsertest

import (
	"testing"
)

// mainPages are the pages every reader meets, with a screenshot name each.
var mainPages = []struct {
	name, path string
	required   bool   // the foundation makes it; the others come with their features
	served     bool   // load it from the real server, not as static files
	ready      string // JavaScript that is true once the page has drawn itself
}{
	{name: "home", path: "", required: true},
	{name: "doc", path: "docs/sms-proc-004/", required: true},
	{name: "policy", path: "docs/sms-pol-001/", required: true},
	{name: "list", path: "types/procedure/", required: true},
	{name: "log", path: "log/"},
	{name: "scope", path: "scope/"},
	{name: "structure", path: "structure/"},
	{name: "clauses", path: "clauses/"},
	{name: "reviews", path: "reviews/"},
	{name: "search", path: "search/"},
	{name: "search-results", path: "search/?q=major+incident", ready: `document.querySelector(".search-page-hit")`},
	{name: "search-results-served", path: "search/?q=major+incident", served: true, ready: `document.querySelector(".search-page-hit")`},
	{name: "404", path: "404.html", required: true},
}

func TestBrowser(t *testing.T) {
	s := newSuite(t)
	t.Run("pages", func(t *testing.T) { testPages(t, s) })
	t.Run("served-pages", func(t *testing.T) { testServedPages(t, s) })
	t.Run("search-static", func(t *testing.T) { testSearchAsYouType(t, s, s.static, "static") })
	t.Run("search-served", func(t *testing.T) { testSearchAsYouType(t, s, s.served, "served") })
	t.Run("search-quality-static", func(t *testing.T) { testStaticQuality(t, s) })
	t.Run("scope-figure", func(t *testing.T) { testScopeFigure(t, s) })
	t.Run("keyboard", func(t *testing.T) { testKeyboard(t, s) })
	t.Run("copy-link", func(t *testing.T) { testCopyLink(t, s) })
	t.Run("toc", func(t *testing.T) { testTOC(t, s) })
	t.Run("print", func(t *testing.T) { testPrint(t, s) })
	t.Run("no-script", func(t *testing.T) { testNoScript(t, s) })
	t.Run("narrow", func(t *testing.T) { testNarrow(t, s) })
	t.Run("subpath", func(t *testing.T) { testSubpath(t, s) })
	t.Run("staff", func(t *testing.T) { testStaff(t, s) })
}

// testPages loads each main page and saves a screenshot of the whole page;
// axe checks it; then the same in the dark scheme (the first screen, and
// colour contrast only).
func testPages(t *testing.T, s *suite) {
	for _, p := range mainPages {
		t.Run(p.name, func(t *testing.T) {
			if !s.exists(p.path) {
				if p.required {
					t.Fatalf("/%s was not built", p.path)
				}
				t.Skipf("/%s is not built yet", p.path)
			}
			base := s.static
			if p.served {
				base = s.served
			}
			tb := s.open(t, base)
			tb.visit(p.path)
			if p.ready != "" {
				tb.waitFor(p.ready)
			}
			tb.emulate("screen", "light")
			s.screenshot(tb, p.name)
			s.axe(tb, p.name)
			tb.emulate("screen", "dark")
			s.viewShot(tb, p.name+"-dark")
			s.axeContrast(tb, p.name+" (dark)")
		})
	}
}

// testServedPages loads every main page from the real server, whose
// Content-Security-Policy forbids inline script and style: the tab fails
// the test on any violation, script error or failed request.
func testServedPages(t *testing.T, s *suite) {
	tb := s.open(t, s.served)
	for _, p := range mainPages {
		if s.exists(p.path) {
			tb.visit(p.path)
			if p.ready != "" {
				tb.waitFor(p.ready)
			}
		}
	}
}
