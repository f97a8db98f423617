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
}

// testPages loads each main page, light and dark, and saves screenshots.
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
			s.screenshot(tb, p.name)
			tb.emulate("screen", "dark")
			s.screenshot(tb, p.name+"-dark")
		})
	}
}
