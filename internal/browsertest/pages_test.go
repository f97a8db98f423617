package browsertest

import (
	"testing"
)

// mainPages are the pages every reader meets, with a screenshot name each.
var mainPages = []struct {
	name, path string
	required   bool // the foundation makes it; the others come with their features
}{
	{"home", "", true},
	{"doc", "docs/sms-proc-004/", true},
	{"policy", "docs/sms-pol-001/", true},
	{"list", "types/procedure/", true},
	{"log", "log/", false},
	{"scope", "scope/", false},
	{"structure", "structure/", false},
	{"clauses", "clauses/", false},
	{"reviews", "reviews/", false},
	{"search", "search/", false},
	{"404", "404.html", true},
}

func TestBrowser(t *testing.T) {
	s := newSuite(t)
	t.Run("pages", func(t *testing.T) { testPages(t, s) })
	t.Run("search-static", func(t *testing.T) { testSearchAsYouType(t, s, s.static, "static") })
	t.Run("search-served", func(t *testing.T) { testSearchAsYouType(t, s, s.served, "served") })
	t.Run("scope-figure", func(t *testing.T) { testScopeFigure(t, s) })
	t.Run("keyboard", func(t *testing.T) { testKeyboard(t, s) })
	t.Run("copy-link", func(t *testing.T) { testCopyLink(t, s) })
	t.Run("toc", func(t *testing.T) { testTOC(t, s) })
	t.Run("print", func(t *testing.T) { testPrint(t, s) })
	t.Run("no-script", func(t *testing.T) { testNoScript(t, s) })
	t.Run("narrow", func(t *testing.T) { testNarrow(t, s) })
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
			tb := s.open(t, s.static)
			tb.visit(p.path)
			tb.emulate("screen", "light")
			s.screenshot(tb, p.name)
			s.axe(tb, p.name)
			tb.emulate("screen", "dark")
			s.viewShot(tb, p.name+"-dark")
			s.axeContrast(tb, p.name+" (dark)")
		})
	}
}
