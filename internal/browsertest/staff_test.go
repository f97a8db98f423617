package browsertest

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// The two screens the handbook is measured on: a laptop and a phone.
var screens = []struct {
	name string
	w, h int64
}{{"1366", 1366, 900}, {"390", 390, 844}}

// testStaff checks what a member of staff sees and does (issue 15): the
// first screen of the home and document pages, the phone menu, tables that
// fit, touch targets, Tab counts; and saves screenshots of every page type
// at both widths (testdata/artifacts/staff-<page>-<width>.png). What needs
// the keyboard focus runs here, one at a time; testWidths and the
// generated site's looks only look, and run in parallel (TestBrowser).
func testStaff(t *testing.T, s *suite, generated func(*testing.T) string) {
	t.Run("first-screen", func(t *testing.T) { testFirstScreen(t, s) })
	t.Run("phone-menu", func(t *testing.T) { testPhoneMenu(t, s) })
	t.Run("tables", func(t *testing.T) { testTablesFit(t, s) })
	t.Run("tab-counts", func(t *testing.T) { testTabCounts(t, s) })
	t.Run("sidebar", func(t *testing.T) { testSidebarCurrent(t, s) })
	t.Run("generated-200-keys", func(t *testing.T) { testGeneratedKeys(t, s, generated(t)) })
}

// inView is JavaScript: whether the element of a selector is on the first
// screen, wholly (below the top, above the bottom), and drawn.
func inView(selector string) string {
	return fmt.Sprintf(`(e => { if (!e) return false; const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0 && r.top >= 0 && r.bottom <= innerHeight; })(document.querySelector(%s))`, jsString(selector))
}

func testFirstScreen(t *testing.T, s *suite) {
	tb := s.open(t, s.static)
	for _, sc := range screens {
		tb.viewport(sc.w, sc.h)
		tb.visit("")
		if !eval[bool](tb, inView("#search-q")) {
			t.Errorf("%s: the search box is not on the home page's first screen", sc.name)
		}
		tasks := eval[int](tb, `[...document.querySelectorAll(".task-list a")].filter(a => { const r = a.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; }).length`)
		if tasks < 5 {
			t.Errorf("%s: %d common tasks wholly on the home page's first screen, want at least 5", sc.name, tasks)
		}
		if eval[bool](tb, `[...document.querySelectorAll(".home-auditors, .figure-drawing")].some(e => e.getBoundingClientRect().top < innerHeight)`) {
			t.Errorf("%s: auditor material is on the home page's first screen", sc.name)
		}
		t.Logf("%s: home: %d tasks on the first screen, page %d px tall", sc.name, tasks, eval[int](tb, `document.documentElement.scrollHeight`))

		tb.visit(docPage)
		for _, sel := range []string{"article.doc h1", ".doc-meta", ".doc-control > summary"} {
			if !eval[bool](tb, inView(sel)) {
				t.Errorf("%s: %s is not on the document page's first screen", sc.name, sel)
			}
		}
		meta := eval[string](tb, `document.querySelector(".doc-meta").textContent`)
		for _, want := range []string{"SMS-PROC-004", "version 2.0", "approved", "Incident Manager", "2027-06-15"} {
			if !strings.Contains(meta, want) {
				t.Errorf("%s: the control line %q lacks %q", sc.name, meta, want)
			}
		}
		if eval[bool](tb, `document.querySelector(".doc-control").open`) {
			t.Errorf("%s: the document control panel is not folded", sc.name)
		}
		contents := ".toc"
		if sc.w < 600 {
			contents = ".toc summary"
			if !eval[bool](tb, inView(".doc-body h2")) {
				t.Errorf("%s: the first body heading is not on the first screen (top %v)", sc.name, eval[float64](tb, `document.querySelector(".doc-body h2").getBoundingClientRect().top`))
			}
		}
		if top := eval[float64](tb, `document.querySelector(`+jsString(contents)+`).getBoundingClientRect().top`); top < 0 || top > float64(sc.h)/2 {
			t.Errorf("%s: the contents (%s) start at y = %v, not beside or under the title", sc.name, contents, top)
		}
		t.Logf("%s: document: first body heading at y = %v", sc.name, eval[float64](tb, `document.querySelector(".doc-body h2").getBoundingClientRect().top`))
	}
}

// testPhoneMenu opens the menu on a phone half-way down a long page: the
// header with the search box is still there, the navigation opens at the
// top of the window, holds the focus, and Escape closes it.
func testPhoneMenu(t *testing.T, s *suite) {
	tb := s.open(t, s.static)
	tb.viewport(390, 844)
	tb.visit("docs/sms-pol-001/")
	tb.do(chromedp.Evaluate[chromedp.Void](`scrollTo(0, document.documentElement.scrollHeight / 2)`))
	if !eval[bool](tb, inView("#search-q")) {
		t.Error("half-way down the page the search box is out of reach")
	}
	tb.waitFor(`!document.querySelector(".back-to-top").hidden`)
	if !eval[bool](tb, inView(".back-to-top")) {
		t.Error("no back-to-top control half-way down a long page")
	}
	if eval[bool](tb, inView(".sidebar")) {
		t.Fatal("the navigation shows before the menu is opened")
	}
	tb.do(chromedp.Click(chromedp.CSS(".menu-button")))
	tb.waitFor(`document.querySelector(".menu-button").getAttribute("aria-expanded") === "true"`)
	if top := eval[float64](tb, `document.querySelector(".sidebar").getBoundingClientRect().top`); top != 0 || !eval[bool](tb, inView(".sidebar")) {
		t.Errorf("the open navigation is at y = %v, want the top of the window", top)
	}
	s.viewShot(tb, "staff-menu-390")
	small := eval[[]string](tb, `[...document.querySelectorAll(".sidebar a, .sidebar button, .sidebar summary, .site-header a, .site-header button, .site-header input, .breadcrumbs a, .doc-control > summary, .toc summary, .pager a, .back-to-top")]
	  .filter(e => e.offsetParent !== null || getComputedStyle(e).position === "fixed")
	  .filter(e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height < 44; })
	  .map(e => e.tagName + " " + e.textContent.trim().slice(0, 30) + " " + Math.round(e.getBoundingClientRect().height) + "px")`)
	if len(small) > 0 {
		t.Errorf("touch targets under 44 px tall: %q", small)
	}
	for i := range 60 {
		tb.key(kb.Tab)
		if !eval[bool](tb, `document.getElementById("site-nav").contains(document.activeElement)`) {
			t.Fatalf("Tab %d left the open menu for %s", i+1, eval[focusInfo](tb, focusStyle).What)
		}
	}
	tb.key(kb.Escape)
	tb.waitFor(`document.querySelector(".menu-button").getAttribute("aria-expanded") === "false"`)
	if eval[bool](tb, inView(".sidebar")) || !eval[bool](tb, `document.activeElement === document.querySelector(".menu-button")`) {
		t.Error("Escape left the menu open, or the focus elsewhere than on the menu button")
	}
}

// testWidths loads every main page on a phone (390 x 844): the page never
// scrolls sideways; axe finds nothing in the light scheme, nor colour
// contrast in the dark one. Then it widens the window to a laptop's (1366
// x 900) without loading the page again (the handbook's scripts lay a page
// out by the window's width when the window changes, which the test waits
// for, as when it loads): the page does not scroll sideways there either
// (axe: testPages has checked the laptop layout, in its 1280 px window). A
// screenshot of each at each width. It is the one test of the main pages'
// width on a phone.
func testWidths(t *testing.T, s *suite) {
	laptop, phone := screens[0], screens[1]
	tb := s.open(t, s.static)
	sideways := func(screen, path string) {
		t.Helper()
		if w := eval[int](tb, `Math.max(document.documentElement.scrollWidth, document.body.scrollWidth) - innerWidth`); w > 0 {
			t.Errorf("%s: /%s scrolls %d px sideways", screen, path, w)
		}
	}
	for _, p := range mainPages {
		if p.served || !s.exists(p.path) {
			continue
		}
		name := "staff-" + p.name + "-"
		tb.viewport(phone.w, phone.h)
		tb.visit(p.path)
		if p.ready != "" {
			tb.waitFor(p.ready)
		}
		sideways(phone.name, p.path)
		s.screenshot(tb, name+phone.name)
		// In the dark scheme colour contrast only, as testPages does:
		// the other rules read the document, which the scheme does not
		// change.
		s.axeLightAndDark(tb, name+phone.name)
		tb.emulate("screen", "light")

		tb.viewport(laptop.w, laptop.h)
		eval[bool](tb, nextFrames)
		sideways(laptop.name, p.path)
		s.screenshot(tb, name+laptop.name)
	}
}

// testTablesFit: the Log and the review tables fit a 1366 px window; on a
// phone a table is cards, each cell labelled with its column's header, or
// scrolls in a labelled, focusable region; dates never wrap.
func testTablesFit(t *testing.T, s *suite) {
	tb := s.open(t, s.static)
	const dates = `[...document.querySelectorAll("main td time")].filter(e => e.getClientRects().length > 1 || e.getBoundingClientRect().height > 1.6 * parseFloat(getComputedStyle(e).lineHeight || 20)).map(e => e.textContent)`
	for _, path := range []string{"log/", "reviews/", docPage} {
		tb.viewport(1366, 900)
		tb.visit(path)
		over := eval[[]string](tb, `[...document.querySelectorAll("main table")].filter(e => {
		  const b = e.closest(".log, .table-scroll, .table-wrap") || e;
		  return e.scrollWidth > b.clientWidth + 1 || e.getBoundingClientRect().right > document.querySelector("main").getBoundingClientRect().right + 1;
		}).map(e => (e.className || "table") + " " + e.scrollWidth + "px in " + (e.closest(".log, .table-scroll, .table-wrap") || e).clientWidth + "px: " +
		  [...e.querySelectorAll("thead th")].map(th => th.textContent.trim().slice(0, 8) + " " + Math.round(th.getBoundingClientRect().width)).join(", "))`)
		if len(over) > 0 {
			t.Errorf("1366: on /%s these tables do not fit: %q", path, over)
		}
		if wrapped := eval[[]string](tb, dates); len(wrapped) > 0 {
			t.Errorf("1366: on /%s dates wrap: %q", path, wrapped)
		}
		tb.viewport(390, 844)
		tb.visit(path)
		// card says whether the table e shows its rows as cards.
		const card = `(e => { const tr = e.querySelector("tbody tr"); return !!tr && getComputedStyle(tr).display === "block"; })`
		unlabelled := eval[[]string](tb, `[...document.querySelectorAll("main table")].filter(e => {
		  if (!`+card+`(e)) return false;
		  const ths = [...e.querySelectorAll("thead th")];
		  return [...e.querySelectorAll("tbody tr:first-child td")].some((td, i) =>
		    getComputedStyle(td, "::before").content !== JSON.stringify(ths[i].dataset.label || ths[i].textContent.trim()));
		}).map(e => e.className || "table")`)
		if len(unlabelled) > 0 {
			t.Errorf("390: on /%s these tables are cards whose cells are not labelled with their column: %q", path, unlabelled)
		}
		bad := eval[[]string](tb, `[...document.querySelectorAll("main table")].filter(e => {
		  if (`+card+`(e)) return false; // labelled (above)
		  const box = e.closest("[role=region][aria-label], [role=region][aria-labelledby]");
		  return e.scrollWidth > e.clientWidth + 1 && !(box && box.tabIndex === 0);
		}).map(e => e.className || "table")`)
		if len(bad) > 0 {
			t.Errorf("390: on /%s tables scroll sideways outside a labelled focusable region: %q", path, bad)
		}
		if wrapped := eval[[]string](tb, dates); len(wrapped) > 0 {
			t.Errorf("390: on /%s dates wrap: %q", path, wrapped)
		}
	}
}

// testTabCounts counts the Tab presses to the first link of the page's
// body: from the skip link at most 3, from the top of the page at most 20.
func testTabCounts(t *testing.T, s *suite) {
	tb := s.open(t, s.static)
	tb.viewport(1366, 900)
	for _, p := range []struct{ path, body string }{{docPage, ".doc-body"}, {"", ".task-list"}} {
		count := func(max int) int {
			for n := 1; n <= max; n++ {
				tb.key(kb.Tab)
				if eval[bool](tb, `(e => !!e.closest(`+jsString(p.body)+`) && e.matches("a[href]"))(document.activeElement)`) {
					return n
				}
			}
			return -1
		}
		// A page just loaded: Tab starts from its top.
		tb.visit(p.path)
		tb.key(kb.Tab)
		tb.do(tb.enter()) // the skip link
		tb.waitFor(`document.activeElement.id === "main"`)
		fromSkip := count(10)
		tb.visit(p.path)
		fromTop := count(40)
		t.Logf("/%s: first body link after %d Tabs from the skip link, %d from the top; %d focusable elements", p.path, fromSkip, fromTop,
			eval[int](tb, `document.querySelectorAll("a[href], button, input, select, summary, [tabindex='0']").length`))
		if fromSkip < 0 || fromSkip > 3 {
			t.Errorf("/%s: %d Tabs from the skip link to the first body link, want at most 3", p.path, fromSkip)
		}
		if fromTop < 0 || fromTop > 20 {
			t.Errorf("/%s: %d Tabs from the top of the page to the first body link, want at most 20", p.path, fromTop)
		}
	}
}

// testSidebarCurrent: on a laptop the sidebar lists each document once,
// and the current one is in sight without the reader scrolling the sidebar
// (handbook.js scrolls it there when the open group is long).
func testSidebarCurrent(t *testing.T, s *suite) {
	tb := s.open(t, s.static)
	tb.viewport(1366, 900)
	for _, path := range []string{docPage, "docs/sms-proc-012/", "docs/sms-prc-017/", "docs/sms-tpl-005/"} {
		tb.visit(path)
		type side struct {
			Scroll  float64 `json:"scroll"`
			Visible bool    `json:"visible"`
			Dupes   int     `json:"dupes"`
		}
		got := eval[side](tb, `(() => {
		  const nav = document.querySelector(".sidebar"), cur = nav.querySelector('a[aria-current="page"]');
		  const hrefs = [...nav.querySelectorAll("a")].map(a => a.getAttribute("href"));
		  const r = cur ? cur.getBoundingClientRect() : null, n = nav.getBoundingClientRect();
		  return {scroll: nav.scrollTop, visible: !!r && r.top >= n.top && r.bottom <= Math.min(n.bottom, innerHeight), dupes: hrefs.length - new Set(hrefs).size};
		})()`)
		t.Logf("/%s: the sidebar shows its current document scrolled by %v px", path, got.Scroll)
		if !got.Visible || got.Dupes != 0 {
			t.Errorf("/%s: current document in sight in the sidebar %v, %d documents listed twice", path, got.Visible, got.Dupes)
		}
	}
}
