package browsertest

import (
	_ "embed"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/chromedp/chromedp"
)

// axeSource is axe-core, vendored (see testdata/axe/README.md).
//
//go:embed testdata/axe/axe.min.js
var axeSource string

// axeTags are the rule sets run: WCAG 2.0 and 2.1, levels A and AA, plus
// axe's best practices (reported, and failed on too: they are cheap to meet).
var axeTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"}

// axeRun is the script that runs axe on the page and returns a summary;
// the first %s is what to check (the document, or a part), the second
// what to run: every rule of the tags, or one rule. Only violations
// and incomplete results are described node by node (resultTypes): axe
// still runs every rule on every node, and counts the rules passed, but
// does not describe each node that passed, which was half of its time.
const axeRun = `axe.run(%s, {runOnly: %s, resultTypes: ["violations", "incomplete"]})
  .then(r => ({
    passes: r.passes.length,
    incomplete: r.incomplete.map(v => v.id + " (" + v.nodes.length + ")"),
    violations: r.violations.map(v => ({
      id: v.id, impact: v.impact, help: v.help, tags: v.tags,
      nodes: v.nodes.slice(0, 5).map(n => n.target.join(" ") + ": " + (n.failureSummary || "").split("\n").slice(1).join("; ").trim())
    }))
  }))`

// unclip lays the page out with nothing clipped or stuck: scrolling boxes
// (the sidebar, wide tables) at full size, sticky bars in the flow, so that
// axe can judge the colour of every piece of text. It returns the size the
// window needs, [width, height]; reclip restores the page.
const unclip = `window.__unclip = window.__unclip || new CSSStyleSheet();
__unclip.replaceSync("* { overflow: visible !important; max-height: none !important; } " +
  ".layout { max-width: none !important; } .site-header, .sidebar, .toc, .search-filters { position: static !important; }");
document.adoptedStyleSheets = [...document.adoptedStyleSheets.filter(s => s !== __unclip), __unclip];
[document.documentElement.scrollWidth, document.documentElement.scrollHeight]`

const reclip = `document.adoptedStyleSheets = document.adoptedStyleSheets.filter(s => s !== window.__unclip)`

// svgContrast does for the text of inline SVG figures what axe cannot: it
// scrolls each text into view, finds the shape (or page background) under
// its middle, and returns the texts whose contrast with it is below 4.5:1
// (WCAG 1.4.3), and the number of texts checked.
const svgContrast = `(() => {
  const rgb = c => (c.match(/[\d.]+/g) || []).slice(0, 4).map(Number);
  const lum = c => { const v = c.slice(0, 3).map(x => { x /= 255; return x <= 0.03928 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4); }); return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2]; };
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  const opaque = c => c.length === 3 || c[3] > 0;
  const background = e => {
    for (const s of document.elementsFromPoint(...e)) {
      if (s.closest("svg") && !(s instanceof SVGTextElement) && !s.closest("text")) {
        const f = getComputedStyle(s).fill;
        if (f && f !== "none" && opaque(rgb(f))) return rgb(f);
      }
      if (!s.closest("svg")) {
        for (let p = s; p; p = p.parentElement) { const b = rgb(getComputedStyle(p).backgroundColor); if (b.length && opaque(b)) return b; }
      }
    }
    return [255, 255, 255];
  };
  const low = [];
  const texts = [...document.querySelectorAll("svg text")].filter(t => t.textContent.trim());
  for (const t of texts) {
    // A figure wider than its column scrolls in its own box: bring each
    // text into view, or there is nothing under it to measure.
    t.scrollIntoView({block: "center", inline: "center"});
    const r = t.getBoundingClientRect();
    const fg = rgb(getComputedStyle(t).fill);
    const bg = background([r.left + r.width / 2, r.top + r.height / 2]);
    const c = ratio(fg, bg);
    if (c < 4.5) low.push(t.textContent.trim() + ": " + c.toFixed(2) + ":1 (" + fg + " on " + bg + ")");
  }
  return {checked: texts.length, low};
})()`

func jsList(xs []string) string { return `["` + strings.Join(xs, `","`) + `"]` }

type axeResult struct {
	Passes     int      `json:"passes"`
	Incomplete []string `json:"incomplete"`
	Violations []struct {
		ID     string   `json:"id"`
		Impact string   `json:"impact"`
		Help   string   `json:"help"`
		Tags   []string `json:"tags"`
		Nodes  []string `json:"nodes"`
	} `json:"violations"`
}

// axeLog collects one line per page and scheme for testdata/artifacts/axe.txt.
type axeLog struct {
	mu    sync.Mutex
	lines []string
}

func (l *axeLog) add(line string) {
	l.mu.Lock()
	l.lines = append(l.lines, line)
	l.mu.Unlock()
}

func (l *axeLog) write(dir string) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	slices.Sort(l.lines)
	body := "axe-core 4.14.1, tags " + strings.Join(axeTags, " ") + "\n" + strings.Join(l.lines, "\n") + "\n"
	return os.WriteFile(filepath.Join(dir, "axe.txt"), []byte(body), 0o644)
}

// contrast is what contrastUnclipped finds: axe's colour-contrast rule
// and, for the text of inline SVG figures, svgContrast.
type contrast struct {
	axe axeResult
	svg svgTexts
}

// svgTexts is what svgContrast returns.
type svgTexts struct {
	Checked int      `json:"checked"`
	Low     []string `json:"low"`
}

// axe runs axe-core (every rule of axeTags) on the page in the tab and
// fails the test for each violation, naming the rule, its help text and
// the elements.
func (s *suite) axe(tb *tab, name string) {
	tb.t.Helper()
	s.runAxe(tb, name, false)
}

// axeLightAndDark does what axe does, in the light scheme, then checks
// colour contrast again in the dark one (named name + " (dark)"): the
// other rules read the document, which the scheme does not change. The
// page is left in the dark scheme.
func (s *suite) axeLightAndDark(tb *tab, name string) {
	tb.t.Helper()
	s.runAxe(tb, name, true)
}

// runAxe runs the rules on the page as it is, except colour contrast,
// which runs on the page laid out unclipped in a window of its full size;
// then, if dark, colour contrast again in the dark scheme, laid out
// unclipped afresh (the window's full size is measured on the page as
// readers see it, which the light run's wider window would change).
func (s *suite) runAxe(tb *tab, name string, dark bool) {
	tb.t.Helper()
	if !eval[bool](tb, `typeof window.axe === "object"`) {
		eval[any](tb, axeSource+"\n;true")
	}
	r := eval[axeResult](tb, fmt.Sprintf(axeRun, "document", `{type: "tag", values: `+jsList(axeTags)+`}, rules: {"color-contrast": {enabled: false}}`))
	s.reportAxe(tb, name, r, s.contrastUnclipped(tb))
	if dark {
		tb.emulate("screen", "dark")
		s.reportAxe(tb, name+" (dark)", axeResult{}, s.contrastUnclipped(tb))
	}
}

// contrastUnclipped lays the page out unclipped (see unclip) in a window
// of its full size, runs axe's colour-contrast rule and svgContrast, and
// restores the page and the window.
func (s *suite) contrastUnclipped(tb *tab) contrast {
	tb.t.Helper()
	w, h := eval[int64](tb, `innerWidth`), eval[int64](tb, `innerHeight`)
	full := eval[[2]int64](tb, unclip)
	tb.viewport(min(max(full[0], w), 4000), min(full[1], 16000))
	// The page's resize handlers (nav.js drops the scroll cue of a table
	// that no longer scrolls) would run in the next frame, racing axe: run
	// them now (waiting for frames drawn at this size costs more).
	tb.do(chromedp.Evaluate[chromedp.Void](`dispatchEvent(new Event("resize"))`))
	var c contrast
	// axe cannot judge the text of SVG figures (it lists each as
	// incomplete, at a cost); svgContrast does.
	c.axe = eval[axeResult](tb, fmt.Sprintf(axeRun, `{exclude: [["svg"]]}`, `{type: "rule", values: ["color-contrast"]}`))
	c.svg = eval[svgTexts](tb, svgContrast)
	tb.do(chromedp.Evaluate[chromedp.Void](reclip))
	tb.viewport(w, h)
	return c
}

// reportAxe adds the colour-contrast results c to r, writes the line of
// the axe log, and fails the test for each violation.
func (s *suite) reportAxe(tb *tab, name string, r axeResult, c contrast) {
	tb.t.Helper()
	r.Passes += c.axe.Passes
	r.Incomplete = append(r.Incomplete, c.axe.Incomplete...)
	r.Violations = append(r.Violations, c.axe.Violations...)
	incomplete := strings.Join(r.Incomplete, " ")
	if incomplete == "" {
		incomplete = "none"
	}
	line := fmt.Sprintf("%-20s %3d rules passed, %d violations, incomplete (manual check): %s",
		name, r.Passes, len(r.Violations), incomplete)
	if c.svg.Checked > 0 {
		line += fmt.Sprintf("; SVG text contrast checked here: %d texts, %d below 4.5:1", c.svg.Checked, len(c.svg.Low))
	}
	s.axeLog.add(line)
	for _, l := range c.svg.Low {
		tb.t.Errorf("SVG text contrast below 4.5:1: %s", l)
	}
	for _, v := range r.Violations {
		tb.t.Errorf("axe %s (%s, %s): %s\n\t%s", v.ID, v.Impact, strings.Join(v.Tags, " "), v.Help, strings.Join(v.Nodes, "\n\t"))
	}
}
