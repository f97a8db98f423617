package browsertest

import (
	_ "embed"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
)

// axeSource is axe-core, vendored (see testdata/axe/README.md).
//
//go:embed testdata/axe/axe.min.js
var axeSource string

// axeTags are the rule sets run: WCAG 2.0 and 2.1, levels A and AA, plus
// axe's best practices (reported, and failed on too: they are cheap to meet).
var axeTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"}

// axeRun is the script that runs axe on the page and returns a summary.
var axeRun = `axe.run(document, {runOnly: {type: "tag", values: ` + jsList(axeTags) + `}})
  .then(r => ({
    passes: r.passes.length,
    incomplete: r.incomplete.map(v => v.id + " (" + v.nodes.length + ")"),
    violations: r.violations.map(v => ({
      id: v.id, impact: v.impact, help: v.help, tags: v.tags,
      nodes: v.nodes.slice(0, 5).map(n => n.target.join(" ") + ": " + (n.failureSummary || "").split("\n").slice(1).join("; ").trim())
    }))
  }))`

// tallest is the height that shows the page and every scrolling box in it
// (the sticky sidebar) in full.
const tallest = `Math.max(document.documentElement.scrollHeight, ...[...document.querySelectorAll("body *")]
  .filter(e => e.scrollHeight > e.clientHeight + 1 && /auto|scroll/.test(getComputedStyle(e).overflowY))
  .map(e => e.scrollHeight + 400))`

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

// axe runs axe-core on the page in the tab and fails the test for each
// violation, naming the rule, its help text and the elements.
func (s *suite) axe(tb *tab, name string) {
	tb.t.Helper()
	if !eval[bool](tb, `typeof window.axe === "object"`) {
		eval[any](tb, axeSource+"\n;true")
	}
	// A viewport as tall as the page: nothing is clipped by the sticky
	// header or the scrolling sidebar, so axe can judge every colour.
	w, h := eval[int64](tb, `innerWidth`), eval[int64](tb, `innerHeight`)
	tb.viewport(w, min(eval[int64](tb, tallest), 16000))
	r := eval[axeResult](tb, axeRun)
	tb.viewport(w, h)
	s.axeLog.add(fmt.Sprintf("%-20s %3d rules passed, %d violations, incomplete (manual check): %s",
		name, r.Passes, len(r.Violations), strings.Join(r.Incomplete, " ")))
	for _, v := range r.Violations {
		tb.t.Errorf("axe %s (%s, %s): %s\n\t%s", v.ID, v.Impact, strings.Join(v.Tags, " "), v.Help, strings.Join(v.Nodes, "\n\t"))
	}
}
