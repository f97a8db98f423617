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
	{name: "error", path: "error.html", required: true},
}

func TestBrowser(t *testing.T) {
	s := newSuite(t)
	// Tests that read the keyboard focus or the clipboard, which the
	// browser's tabs share, run one at a time, before the others; those
	// that only load, look and print run in parallel, each in its own tab.
	parallel := func(name string, f func(t *testing.T, s *suite)) {
		t.Run(name, func(t *testing.T) { t.Parallel(); f(t, s) })
	}
	t.Run("pages", func(t *testing.T) { testPages(t, s) })
	t.Run("search-static", func(t *testing.T) { testSearchAsYouType(t, s, s.static, "static") })
	t.Run("search-served", func(t *testing.T) { testSearchAsYouType(t, s, s.served, "served") })
	t.Run("search-quality-static", func(t *testing.T) { testStaticQuality(t, s) })
	t.Run("search-modes", func(t *testing.T) { testSearchModes(t, s) })
	t.Run("scope-figure", func(t *testing.T) { testScopeFigure(t, s) })
	t.Run("keyboard", func(t *testing.T) { testKeyboard(t, s) })
	t.Run("copy-link", func(t *testing.T) { testCopyLink(t, s) })
	generated := generatedServer(t)                                   // a 200-document site, built once for the two tests below
	t.Run("staff", func(t *testing.T) { testStaff(t, s, generated) }) // the phone menu's focus trap, Tab counts
	parallel("staff-widths", testWidths)
	parallel("generated-200-looks", func(t *testing.T, s *suite) { testGeneratedLooks(t, s, generated(t)) })
	parallel("served-pages", testServedPages)
	parallel("toc", testTOC)
	parallel("print", testPrint)
	parallel("no-script", testNoScript)
	parallel("subpath", testSubpath)
}

// testPages loads each main page and saves a screenshot of the whole page;
// axe checks it; then the same in the dark scheme (the first screen, and
// colour contrast only).
func testPages(t *testing.T, s *suite) {
	for _, p := range mainPages {
		t.Run(p.name, func(t *testing.T) {
			t.Parallel() // its own tab; load, look, screenshot
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
			s.lightAndDark(tb, p.name)
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
