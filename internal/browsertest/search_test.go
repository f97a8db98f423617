package browsertest

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// needSearch skips a test until the search engine's browser script is in
// the theme (static/js/search.js, defining window.HandbookSearch).
func needSearch(t *testing.T, s *suite) {
	t.Helper()
	if !s.exists("js/search.js") {
		t.Skip("static/js/search.js (window.HandbookSearch) is not in the theme yet")
	}
}

const (
	searchBox   = "#search-q"
	options     = `#search-results [role="option"]`
	panelIsOpen = `document.querySelector("#search-q").getAttribute("aria-expanded") === "true"`
)

// typeQuery focuses the search box with "/", types q, and waits for the
// suggestions (or the "no results" line) to show.
func typeQuery(tb *tab, q string) {
	tb.t.Helper()
	tb.do(chromedp.Evaluate[chromedp.Void](`document.activeElement && document.activeElement.blur()`))
	tb.key("/")
	tb.waitFor(`document.activeElement && document.activeElement.id === "search-q"`)
	tb.do(chromedp.Evaluate[chromedp.Void](`document.querySelector("#search-q").value = ""`))
	tb.do(chromedp.SendKeys(chromedp.CSS(searchBox), q))
	tb.waitFor(panelIsOpen + ` && document.querySelector("#search-results").dataset.query === ` + jsString(strings.TrimSpace(q)) +
		` && (document.querySelectorAll(` + jsString(options) + `).length > 0 || !document.querySelector(".search-empty").hidden)`)
}

func jsString(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`)
	return `"` + r.Replace(s) + `"`
}

type suggestion struct {
	ID       string `json:"id"`
	URL      string `json:"url"`
	Type     string `json:"type"`
	Selected string `json:"selected"`
	Text     string `json:"text"`
	Marks    int    `json:"marks"`
}

const readSuggestions = `[...document.querySelectorAll('#search-results [role="option"]')].map(o => ({
  id: o.id, url: o.dataset.url, type: o.dataset.type, selected: o.getAttribute("aria-selected"),
  text: o.textContent, marks: o.querySelectorAll("mark").length}))`

// testSearchAsYouType types a query on the site at base, checks the
// combobox and its suggestions, chooses one with the keyboard and lands on
// its page; then Escape, a type filter, and Enter for the full results.
func testSearchAsYouType(t *testing.T, s *suite, base, name string) {
	needSearch(t, s)
	tb := s.open(t, base)
	tb.visit("")
	tb.waitFor(`typeof window.HandbookSearch === "object" && document.querySelector("#search-q").getAttribute("role") === "combobox"`)

	typeQuery(tb, "major incident")
	got := eval[[]suggestion](tb, readSuggestions)
	if len(got) == 0 {
		t.Fatal(`no suggestions for "major incident"`)
	}
	if !strings.Contains(got[0].URL, "/docs/sms-proc-004/") {
		t.Errorf("first suggestion for \"major incident\" is %s, want the Major Incident Procedure", got[0].URL)
	}
	marks := 0
	for _, g := range got {
		marks += g.Marks
	}
	if marks == 0 {
		t.Errorf("no highlighted fragment in %d suggestions", len(got))
	}
	s.screenshot(tb, "search-as-you-type-"+name)
	s.axe(tb, "search-as-you-type "+name)

	tb.key(kb.ArrowDown)
	tb.waitFor(`document.querySelector("#search-q").getAttribute("aria-activedescendant") === ` + jsString(got[0].ID))
	if sel := eval[[]suggestion](tb, readSuggestions); sel[0].Selected != "true" {
		t.Errorf("ArrowDown did not select the first suggestion: %+v", sel[0])
	}
	tb.navigateBy(tb.enter())
	tb.waitFor(`location.pathname + location.search + location.hash === ` + jsString(got[0].URL))
	tb.waitFor(`document.readyState === "complete" && document.querySelector("h1")`)

	// Escape closes the suggestions and leaves the query.
	typeQuery(tb, "supplier")
	tb.key(kb.Escape)
	tb.waitFor(`!(` + panelIsOpen + `) && document.querySelector(".search-panel").hidden && document.activeElement.id === "search-q"`)

	// A type filter narrows the suggestions.
	typeQuery(tb, "review")
	tb.do(chromedp.Evaluate[chromedp.Void](`(s => { s.value = "procedure"; s.dispatchEvent(new Event("change")); })(document.querySelector("#search-type"))`))
	tb.waitFor(`(o => o.length > 0 && o.every(e => e.dataset.type === "procedure"))([...document.querySelectorAll(` + jsString(options) + `)])`)

	// A clause filter keeps the documents that address the clause (or
	// one under it), as the Documentation Log lists them.
	if ids := s.docsForClause(t, "8.6.1"); ids != nil {
		testClauseFilter(tb, "8.6.1", ids)
	}

	// Enter without a chosen suggestion opens the full results page.
	typeQuery(tb, "supplier")
	tb.navigateBy(tb.enter())
	tb.waitFor(`location.pathname === "/search/" && new URLSearchParams(location.search).get("q") === "supplier"`)
}

// testScopeFigure clicks a process in Figure 1 and lands on its document;
// then reaches another with the keyboard.
func testScopeFigure(t *testing.T, s *suite) {
	if !s.exists("scope/") {
		t.Skip("/scope/ (Figure 1) is not built yet")
	}
	tb := s.open(t, s.static)
	tb.visit("scope/")
	// Mark the first and the last process links that lead to a document.
	hrefs := eval[[]string](tb, `(() => {
	  const links = [...document.querySelectorAll(".figure-drawing svg a")].filter(a => /\/docs\//.test(a.getAttribute("href") || a.getAttribute("xlink:href") || ""));
	  if (links.length < 2) return [];
	  links[0].setAttribute("data-test", "click");
	  links[links.length - 1].setAttribute("data-test", "key");
	  return [links[0], links[links.length - 1]].map(a => a.getAttribute("href") || a.getAttribute("xlink:href"));
	})()`)
	if len(hrefs) < 2 {
		t.Fatal("Figure 1 has fewer than two process links to documents")
	}
	tb.do(chromedp.ScrollIntoView(chromedp.CSS(`[data-test="click"]`)))
	tb.navigateBy(chromedp.Click(chromedp.CSS(`[data-test="click"]`)))
	tb.waitFor(`location.href === new URL(` + jsString(hrefs[0]) + `, location.href).href && document.readyState === "complete" && document.querySelector("article.doc h1")`)

	tb.visit("scope/")
	tb.do(chromedp.Evaluate[chromedp.Void](`(() => {
	  const links = [...document.querySelectorAll(".figure-drawing svg a")].filter(a => /\/docs\//.test(a.getAttribute("href") || a.getAttribute("xlink:href") || ""));
	  links[links.length - 1].focus();
	})()`))
	if f := eval[focusInfo](tb, focusStyle); !strings.HasPrefix(f.What, "a") || !f.Visible {
		t.Errorf("a process link in the figure takes the focus as %+v; want it visible", f)
	}
	tb.navigateBy(tb.enter())
	tb.waitFor(`location.href === new URL(` + jsString(hrefs[1]) + `, location.href).href && document.readyState === "complete" && document.querySelector("article.doc h1")`)
}

// testClauseFilter chooses a clause in the suggestions' filter and waits
// until every suggestion is one of the documents ids.
func testClauseFilter(tb *tab, clause string, ids []string) {
	tb.t.Helper()
	reset := func(sel string) {
		tb.do(chromedp.Evaluate[chromedp.Void](`(s => { s.value = ""; s.name = ""; s.dispatchEvent(new Event("change")); })(document.querySelector("` + sel + `"))`))
	}
	reset("#search-type")
	typeQuery(tb, "incident")
	tb.waitFor(`[...document.querySelector("#search-clause").options].some(o => o.value === "` + clause + `")`)
	tb.do(chromedp.Evaluate[chromedp.Void](`(s => { s.value = "` + clause + `"; s.dispatchEvent(new Event("change")); })(document.querySelector("#search-clause"))`))
	tb.waitFor(`(o => o.length > 0 && o.every(e => ` + jsList(ids) + `.includes(e.dataset.id)))([...document.querySelectorAll(` + jsString(options) + `)])`)
	reset("#search-clause")
}

// docsForClause lists the documents that address a clause or one under it,
// from the build's /log.json; nil when the build has no log.
func (s *suite) docsForClause(t *testing.T, clause string) []string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(s.out, "log.json"))
	if err != nil {
		t.Logf("no log.json to check the clause filter against: %v", err)
		return nil
	}
	var rows []struct {
		ID      string   `json:"id"`
		Clauses []string `json:"clauses"`
	}
	if err := json.Unmarshal(b, &rows); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, r := range rows {
		for _, c := range r.Clauses {
			if c == clause || strings.HasPrefix(c, clause+".") {
				ids = append(ids, r.ID)
				break
			}
		}
	}
	if len(ids) == 0 {
		t.Fatalf("no document addresses clause %s", clause)
	}
	return ids
}
