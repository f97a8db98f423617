package browsertest

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"handbook/internal/build"
)

// docPage is the document the interaction tests use: headings at two
// levels, a table, many cross-links.
const docPage = "docs/sms-proc-004/"

// focusStyle describes how the focused element shows its focus: an outline
// or a box shadow, or "" when it has none.
const focusStyle = `(() => {
  const e = document.activeElement, s = getComputedStyle(e);
  const what = e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + (e.className && typeof e.className === "string" ? "." + e.className.split(" ").join(".") : "") + " " + (e.textContent || "").trim().slice(0, 30);
  const outline = s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2;
  const shadow = s.boxShadow && s.boxShadow !== "none";
  return {what, visible: outline || shadow, inView: (() => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < innerHeight; })()};
})()`

type focusInfo struct {
	What    string `json:"what"`
	Visible bool   `json:"visible"`
	InView  bool   `json:"inView"`
}

// testKeyboard walks a document page with the keyboard alone: the skip
// link comes first and works, "/" reaches the search box, and every one of
// the first tab stops shows where the focus is.
func testKeyboard(t *testing.T, s *suite) {
	tb := s.open(t, s.static)
	tb.visit(docPage)
	tb.key(kb.Tab)
	f := eval[focusInfo](tb, focusStyle)
	if !strings.Contains(f.What, "skip-link") || !f.Visible || !f.InView {
		t.Fatalf("first Tab focused %+v; want the skip link, visible with a focus ring", f)
	}
	tb.do(tb.enter())
	tb.waitFor(`document.activeElement && document.activeElement.id === "main"`)

	tb.do(chromedp.Evaluate[chromedp.Void](`document.activeElement.blur(); scrollTo(0, 0)`))
	tb.key("/")
	tb.waitFor(`document.activeElement && document.activeElement.id === "search-q"`)

	// From the top of the page (header, sidebar), then from the content on.
	checkTabStops(t, tb, `document.activeElement.blur(); scrollTo(0, 0)`, 30)
	checkTabStops(t, tb, `document.getElementById("main").focus()`, 50)
}

// checkTabStops runs start, then presses Tab n times and checks that each
// element reached shows a focus indicator and is on screen.
func checkTabStops(t *testing.T, tb *tab, start string, n int) {
	t.Helper()
	tb.do(chromedp.Evaluate[chromedp.Void](start))
	for i := 0; i < n; i++ {
		tb.key(kb.Tab)
		f := eval[focusInfo](tb, focusStyle)
		if !f.Visible {
			t.Errorf("tab stop %d after %s (%s) shows no focus indicator", i+1, start, f.What)
		}
		if !f.InView {
			t.Errorf("tab stop %d after %s (%s) is focused but not on screen", i+1, start, f.What)
		}
	}
}

// testCopyLink clicks a heading's copy-link control and reads the clipboard.
func testCopyLink(t *testing.T, s *suite) {
	tb := s.open(t, s.static)
	grant := func(ctx context.Context, tgt *chromedp.Target) error {
		for _, name := range []string{"clipboard-read", "clipboard-write"} {
			_, err := chromedp.CallBrowser(ctx, browser.SetPermission, browser.SetPermissionParams{
				Permission: &browser.PermissionDescriptor{Name: name, AllowWithoutSanitization: true},
				Setting:    browser.PermissionSettingGranted,
				Origin:     s.static,
			})
			if err != nil {
				return err
			}
		}
		_, err := cdp.Call(ctx, tgt, emulation.SetFocusEmulationEnabled, emulation.SetFocusEmulationEnabledParams{Enabled: true})
		return err
	}
	tb.visit(docPage)
	tb.do(chromedp.Func(grant))
	const anchor = "raise-major-incident"
	sel := chromedp.CSS("#" + anchor + " > a.anchor")
	tb.do(chromedp.ScrollIntoView(sel), chromedp.Click(sel))
	tb.waitFor(`document.querySelector("#` + anchor + ` > a.anchor.copied")`)
	want := tb.url(docPage) + "#" + anchor
	if got := eval[string](tb, `navigator.clipboard.readText()`); got != want {
		t.Errorf("clipboard holds %q, want %q", got, want)
	}
	if got := run(tb, chromedp.Location()); got != want {
		t.Errorf("address bar shows %q, want %q", got, want)
	}
	tb.waitFor(`[...document.querySelectorAll('[role="status"]')].some(e => e.textContent.includes("copied"))`)

	// The same with the keyboard: focus the control, press Enter.
	const next = "major-incident-communications"
	tb.do(chromedp.Focus(chromedp.CSS("#"+next+" > a.anchor")), tb.enter())
	tb.waitFor(`document.querySelector("#` + next + ` > a.anchor.copied")`)
	want = tb.url(docPage) + "#" + next
	if got := eval[string](tb, `navigator.clipboard.readText()`); got != want {
		t.Errorf("after Enter on the control the clipboard holds %q, want %q", got, want)
	}
}

// testTOC scrolls a section into view and waits for the table of contents
// to highlight it.
func testTOC(t *testing.T, s *suite) {
	tb := s.open(t, s.static)
	tb.visit(docPage)
	for _, id := range []string{"major-incident-communications", "1-purpose", "6-records"} {
		tb.do(chromedp.Evaluate[chromedp.Void](`document.getElementById("` + id + `").scrollIntoView({behavior: "instant"})`))
		tb.waitFor(`(a => a && a.getAttribute("href") === "#` + id + `" && a.getAttribute("aria-current") === "location")(document.querySelector(".toc a.active"))`)
	}
	if n := eval[int](tb, `document.querySelectorAll(".toc a.active").length`); n != 1 {
		t.Errorf("%d table-of-contents entries highlighted, want 1", n)
	}
	// An H3 is in a list inside its H2's item, and shows a step in.
	if !eval[bool](tb, `(sub => !!sub && (top => parseFloat(getComputedStyle(sub).paddingLeft) > parseFloat(getComputedStyle(top).paddingLeft))(sub.closest("li").parentElement.closest("li").querySelector("a")))(document.querySelector('.toc a[href="#major-incident-criteria"]'))`) {
		t.Error("the table of contents does not show the H3 4.1 a step in under its H2")
	}
}

// printedDocLink is an entry of a printed copy's list of links to a
// document: "SMS-PROC-001 · Its Title: http://…/docs/sms-proc-001/".
var printedDocLink = regexp.MustCompile(`^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+ · \S[^:]*: https?://\S+/docs/\S+$`)

// testPrint renders a document for paper: no navigation, the control
// header, link targets, and a PDF (saved as an artifact).
func testPrint(t *testing.T, s *suite) {
	tb := s.open(t, s.static)
	tb.visit(docPage)
	tb.emulate("print", "dark") // a dark screen still prints black on white
	type printed struct {
		Hidden  []string `json:"hidden"`
		Control string   `json:"control"`
		Color   string   `json:"color"`
		After   string   `json:"after"`
		Links   int      `json:"links"`
		Items   []string `json:"items"`
		Note    string   `json:"note"`
	}
	p := eval[printed](tb, `({
	  hidden: [".site-header", ".sidebar", ".site-footer", ".toc", ".breadcrumbs"].filter(s => getComputedStyle(document.querySelector(s)).display !== "none"),
	  control: document.querySelector(".doc-control").textContent,
	  color: getComputedStyle(document.body).color + " on " + getComputedStyle(document.body).backgroundColor,
	  after: getComputedStyle(document.querySelector(".doc-body a.mention"), "::after").content,
	  links: document.querySelectorAll(".print-links li").length,
	  items: [...document.querySelectorAll(".print-links li")].map(li => li.textContent),
	  note: document.querySelector(".print-note").innerText,
	})`)
	if len(p.Hidden) > 0 {
		t.Errorf("printed with screen furniture: %v", p.Hidden)
	}
	for _, want := range []string{"SMS-PROC-004", "2.0", "approved", "2027-06-15"} {
		if !strings.Contains(p.Control, want) {
			t.Errorf("printed control header %q lacks %q", p.Control, want)
		}
	}
	if p.Color != "rgb(0, 0, 0) on rgb(255, 255, 255)" {
		t.Errorf("printed text is %s, want black on white", p.Color)
	}
	if !strings.Contains(p.After, "[") {
		t.Errorf("a link prints no target marker (::after content %s)", p.After)
	}
	if p.Links == 0 {
		t.Error("the printed copy lists no link targets")
	}
	// A document's link is listed by the document's id and title, also
	// where the page's tooltip holds the id alone (the link shows the title).
	idOnly := 0
	for _, item := range p.Items {
		if strings.Contains(item, "/docs/") && !printedDocLink.MatchString(item) {
			t.Errorf("printed link %q does not name its document as \"ID · Title: address\"", item)
		}
	}
	for _, title := range eval[[]string](tb, `[...document.querySelectorAll(".doc-body a[title]")].map(a => a.title)`) {
		if !strings.Contains(title, " · ") {
			idOnly++
		}
	}
	if idOnly == 0 {
		t.Error("no link of the page has the id alone as its tooltip: the printed list's completion is not tested")
	}
	if !strings.Contains(p.Note, tb.url(docPage)) {
		t.Errorf("printed note %q does not give the page's address", p.Note)
	}
	s.screenshot(tb, "doc-print")
	if pdf := s.pdf(tb, "doc"); !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Errorf("PrintToPDF returned %d bytes that are not a PDF", len(pdf))
	}
}

// noScript turns JavaScript off in the tab.
func (tb *tab) noScript() {
	tb.t.Helper()
	tb.do(chromedp.Func(func(ctx context.Context, tgt *chromedp.Target) error {
		_, err := cdp.Call(ctx, tgt, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
		return err
	}))
}

// testNoScript reads a document with JavaScript off: everything is there;
// and searches the served handbook from the header's box.
func testNoScript(t *testing.T, s *suite) {
	tb := s.open(t, s.static)
	tb.noScript()
	tb.do(chromedp.Navigate(tb.url(docPage)))
	type page struct {
		Title, Action string
		TOC, Sidebar  int
	}
	p := eval[page](tb, `({
	  Title: document.querySelector("h1").textContent,
	  Action: new URL(document.querySelector("form[role=search]").action).pathname,
	  TOC: document.querySelectorAll(".toc a[href^='#']").length,
	  Sidebar: document.querySelectorAll(".sidebar a").length,
	})`)
	if p.Title != "Major Incident Procedure" || p.Action != "/search/" || p.TOC < 5 || p.Sidebar < 40 {
		t.Errorf("without JavaScript the page has %+v", p)
	}

	if !s.exists("search/") {
		return
	}
	served := s.open(t, s.served)
	served.noScript()
	served.do(chromedp.Navigate(served.url(docPage)))
	served.do(chromedp.SendKeys(chromedp.CSS(searchBox), "emergency change"))
	served.navigateBy(served.enter())
	first := eval[string](served, `(a => a ? a.getAttribute("href") : "")(document.querySelector(".search-page-hit a[href*='/docs/']"))`)
	if loc := served.location(); !strings.HasPrefix(loc, "search/?q=emergency+change") || first == "" {
		t.Errorf("searching without JavaScript led to /%s with first hit %q", loc, first)
	}
}

// testSubpath publishes the handbook under /handbook/ (base_url), as an
// intranet server often does: every asset loads, links stay under the
// prefix, and search as you type lands on the document.
func testSubpath(t *testing.T, s *suite) {
	out := filepath.Join(t.TempDir(), "public")
	res, err := build.Build(context.Background(), build.Options{Site: filepath.Join("..", ".."), Out: out, Today: today, BaseURL: "/handbook/", NoFigures: true})
	if err != nil {
		t.Fatalf("building under /handbook/: %v\n%v", err, res.Diags)
	}
	mux := http.NewServeMux()
	mux.Handle("/handbook/", http.StripPrefix("/handbook/", http.FileServer(http.Dir(out))))
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	tb := s.open(t, srv.URL)
	tb.visit("handbook/" + docPage)
	outside := eval[[]string](tb, `[...document.querySelectorAll("a[href^='/']")].map(a => a.getAttribute("href")).filter(h => !h.startsWith("/handbook/"))`)
	if len(outside) > 0 {
		t.Errorf("links leave /handbook/: %v", outside)
	}
	if _, err := os.Stat(filepath.Join(out, "js", "search.js")); err != nil {
		return
	}
	typeQuery(tb, "emergency change")
	tb.key(kb.ArrowDown)
	tb.navigateBy(tb.enter())
	if loc := tb.location(); !strings.HasPrefix(loc, "handbook/docs/") {
		t.Errorf("the first suggestion led to /%s, outside /handbook/docs/", loc)
	}
}
