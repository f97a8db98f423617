package browsertest

import (
	"path/filepath"
	"slices"
	"testing"
)

// TestBrowserForeign opens the pages of testdata/foreign (Markdown written
// for GitHub and pandoc): axe finds nothing in the light scheme, nor any
// contrast failure in the dark one (the alerts' colours included); the
// alerts are labelled notes with a hidden icon, printed with a black border;
// lettered and roman lists show letters and roman numerals.
func TestBrowserForeign(t *testing.T) {
	t.Parallel() // reads no keyboard focus: after TestBrowser, beside the others
	s := newSiteSuite(t, filepath.Join("..", "..", "testdata", "foreign"), filepath.Join("testdata", "artifacts", "foreign"))
	for _, p := range []struct{ name, path, alert string }{
		{"policy", "docs/sms-pol-001/", "note"},
		{"procedure", "docs/sms-proc-001/", "warning"},
	} {
		t.Run(p.name, func(t *testing.T) {
			tb := s.open(t, s.static)
			tb.visit(p.path)
			s.lightAndDark(tb, p.name)

			got := eval[[]string](tb, `[...document.querySelectorAll(".alert")].map(a =>
				a.getAttribute("role") + " " + a.getAttribute("aria-label") + " " +
				a.querySelector(".alert-icon").getAttribute("aria-hidden") + " " + a.className)`)
			label := map[string]string{"note": "Note", "warning": "Warning"}[p.alert]
			if want := []string{"note " + label + " true alert alert-" + p.alert}; !slices.Equal(got, want) {
				t.Errorf("alerts %q, want %q", got, want)
			}
			tb.emulate("print", "light")
			border := eval[string](tb, `(() => { const c = getComputedStyle(document.querySelector(".alert"));
				return c.borderTopStyle + " " + c.borderTopColor + " " + c.borderLeftColor })()`)
			if border != "solid rgb(0, 0, 0) rgb(0, 0, 0)" {
				t.Errorf("printed alert border %q, want solid black", border)
			}
		})
	}
	t.Run("fancy lists", func(t *testing.T) {
		tb := s.open(t, s.static)
		tb.visit("docs/sms-proc-001/")
		got := eval[[]string](tb, `[...document.querySelectorAll(".doc-body ol")].map(o => getComputedStyle(o).listStyleType)`)
		if want := []string{"lower-alpha", "lower-roman"}; !slices.Equal(got, want) {
			t.Errorf("list styles %q, want %q", got, want)
		}
	})
}
