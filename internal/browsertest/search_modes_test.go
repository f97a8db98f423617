package browsertest

import (
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// testSearchModes: on a plain web server the pages search the static index
// and never request /api/search (the tab fails the test on any such
// request); under serve, whose pages carry its mark, they ask the API.
// Either way the results page lists each document once.
func testSearchModes(t *testing.T, s *suite) {
	needSearch(t, s)
	for _, c := range []struct {
		name, base, mode string
	}{{"static", s.static, "static"}, {"served", s.served, "server"}} {
		t.Run(c.name, func(t *testing.T) {
			tb := s.open(t, c.base)
			tb.visit("")
			tb.waitFor(`typeof window.HandbookSearch === "object"`)
			typeQuery(tb, "incident")
			if got := eval[string](tb, `window.HandbookSearch.mode()`); got != c.mode {
				t.Errorf("the search box searched in mode %q, want %q", got, c.mode)
			}
			ids := eval[[]string](tb, `[...document.querySelectorAll('#search-results [role="option"]')].map(o => o.dataset.id)`)
			if dup := firstDuplicate(ids); dup != "" {
				t.Errorf("the suggestions list %s twice: %v", dup, ids)
			}
			tb.visit("search/?q=incident")
			tb.waitFor(`document.querySelector(".search-page-hit")`)
			hits := eval[[]string](tb, `[...document.querySelectorAll(".search-page-hit .hit-meta")].map(m => m.textContent)`)
			if dup := firstDuplicate(hits); dup != "" || len(hits) == 0 {
				t.Errorf("the results page lists %v (%s twice)", hits, dup)
			}
			if n := eval[int](tb, `document.querySelectorAll(".search-page-hit .hit-section a").length`); n < len(hits) {
				t.Errorf("%d documents but %d section links", len(hits), n)
			}
			// the clause filter of the page, as the Documentation Log lists its documents
			if ids := s.docsForClause(t, "8.6.1"); ids != nil {
				tb.visit("search/?q=incident&clause=8.6.1")
				tb.waitFor(`document.querySelector(".search-page-hit")`)
				got := eval[[]string](tb, `[...document.querySelectorAll(".search-page-hit .hit-meta")].map(m => m.textContent)`)
				for _, id := range got {
					if !slices.Contains(ids, id) {
						t.Errorf("clause 8.6.1 finds %s, which does not address it", id)
					}
				}
				if v := eval[string](tb, `(s => s ? s.value : "")(document.querySelector("#search-page-clause"))`); v != "8.6.1" {
					t.Errorf("the clause filter shows %q", v)
				}
			}

			// a result opens its section with the words found highlighted
			tb.visit("search/?q=major+incident")
			tb.waitFor(`document.querySelector(".search-page-hit .hit-section a")`)
			link := eval[string](tb, `document.querySelector(".search-page-hit .hit-section a").getAttribute("href")`)
			if !strings.Contains(link, "?highlight=") || !strings.Contains(link, "#") {
				t.Errorf("a result links to %s, want its section with ?highlight=", link)
			}
			tb.navigateBy(chromedp.Click(chromedp.CSS(".search-page-hit .hit-section a")))
			tb.waitFor(`document.querySelectorAll("mark.search-highlight").length > 0`)
			arrived := eval[struct {
				Marks   []string `json:"marks"`
				InView  bool     `json:"inView"`
				Outside int      `json:"outside"`
			}](tb, `(() => {
			  const ms = [...document.querySelectorAll("mark.search-highlight")];
			  const r = ms[0].getBoundingClientRect();
			  const h = document.getElementById(decodeURIComponent(location.hash.slice(1)));
			  // marks before the section's heading would be outside it
			  const outside = ms.filter(m => h.compareDocumentPosition(m) & Node.DOCUMENT_POSITION_PRECEDING).length;
			  return {marks: ms.map(m => m.textContent.toLowerCase()), inView: r.top >= 0 && r.bottom <= innerHeight, outside};
			})()`)
			for _, m := range arrived.Marks {
				if m != "major" && m != "incident" && m != "incidents" {
					t.Errorf("highlighted %q", m)
				}
			}
			if !arrived.InView || arrived.Outside > 0 {
				t.Errorf("the highlights are not where the page opens: %+v", arrived)
			}
			tb.key(kb.Escape)
			tb.waitFor(`document.querySelectorAll("mark.search-highlight").length === 0`)

			// a corrected word: what was searched, and the words as typed
			tb.visit("search/?q=incidnet")
			tb.waitFor(`document.querySelector(".search-page-hit")`)
			if got := eval[string](tb, `(c => c ? c.textContent : "")(document.querySelector(".search-corrected"))`); got != "Showing results for incident — search instead for incidnet" {
				t.Errorf("corrected: %q", got)
			}
			tb.visit("search/?q=incidnet&exact=1")
			tb.waitFor(`document.querySelector(".search-summary")`)
			if got := eval[string](tb, `(c => c ? c.textContent : "")(document.querySelector(".search-suggestions"))`); !strings.HasPrefix(got, "Words the handbook has: incident") {
				t.Errorf("no result, suggestions: %q", got)
			}
		})
	}
}

func firstDuplicate(xs []string) string {
	seen := map[string]bool{}
	for _, x := range xs {
		if seen[x] {
			return x
		}
		seen[x] = true
	}
	return ""
}
