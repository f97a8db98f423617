package browsertest

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// figurePages are the pages that show Figure 1 or Figure 2.
var figurePages = []string{"", "scope/", "structure/"}

// figureLabels measures, in the page as drawn, every text of the inline
// figures against the shape of its node or cluster (the first path or
// polygon of its group), and collects the <title>s a reader sees when
// hovering. Edge labels float beside their edge and have no shape.
const figureLabels = `(() => {
  const out = {checked: 0, outside: [], titles: [], minFont: 1e9, scrolls: [], white: []};
  for (const t of document.querySelectorAll(".figure-drawing svg text")) {
    if (!t.textContent.trim()) continue;
    const g = t.closest("g.node, g.cluster, g.edge");
    if (!g || g.classList.contains("edge")) continue;
    const shape = g.querySelector("path, polygon, ellipse");
    const tb = t.getBoundingClientRect(), sb = shape.getBoundingClientRect();
    out.checked++;
    out.minFont = Math.min(out.minFont, parseFloat(t.getAttribute("font-size")) * t.getScreenCTM().a);
    if (tb.left < sb.left - .5 || tb.right > sb.right + .5 || tb.top < sb.top - .5 || tb.bottom > sb.bottom + .5) {
      out.outside.push(g.id + " " + JSON.stringify(t.textContent) + ": text " + [tb.left, tb.right, tb.top, tb.bottom].map(Math.round) +
        " shape " + [sb.left, sb.right, sb.top, sb.bottom].map(Math.round));
    }
  }
  for (const t of document.querySelectorAll(".figure-drawing svg title")) out.titles.push(t.textContent);
  for (const d of document.querySelectorAll(".figure-drawing")) {
    if (d.scrollWidth > d.clientWidth + 1) {
      out.scrolls.push({focusable: d.tabIndex === 0, role: d.getAttribute("role"), label: d.getAttribute("aria-label") || ""});
    }
    for (const e of [d, ...d.querySelectorAll("polygon, path")]) {
      const c = getComputedStyle(e), paint = e === d ? c.backgroundColor : c.fill;
      if (paint === "rgb(255, 255, 255)") out.white.push(e.id || e.parentNode.id || e.tagName);
    }
  }
  return out;
})()`

type labelReport struct {
	Checked int      `json:"checked"`
	Outside []string `json:"outside"`
	Titles  []string `json:"titles"`
	MinFont float64  `json:"minFont"`
	Scrolls []struct {
		Focusable bool   `json:"focusable"`
		Role      string `json:"role"`
		Label     string `json:"label"`
	} `json:"scrolls"`
	White []string `json:"white"`
}

// TestFigureLabels: on /, /scope/ and /structure/, at 1366 and 390 CSS px
// wide, light and dark, every label of Figure 1 and Figure 2 lies inside
// its box; no tooltip shows a Graphviz name; a figure wider than a phone
// scrolls in a focusable, labelled region with labels of 12 CSS px or more;
// in the dark scheme no part of a figure stays white. Each page is loaded
// once per width and looked at in both schemes (no script of the page
// reads the scheme). axe checks these pages at 390 px, light and dark, in
// testWidths (scrollable-region-focusable among its rules).
func TestFigureLabels(t *testing.T) {
	t.Parallel() // reads no keyboard focus: after TestBrowser, beside the others
	s := newSuite(t)
	for _, width := range []int64{1366, 390} {
		for _, path := range figurePages {
			t.Run(fmt.Sprintf("/%s at %dpx", path, width), func(t *testing.T) {
				t.Parallel() // its own tab
				tb := s.open(t, s.static)
				tb.viewport(width, 900)
				tb.emulate("screen", "light")
				tb.visit(path)
				for _, scheme := range []string{"light", "dark"} {
					tb.emulate("screen", scheme)
					r := eval[labelReport](tb, figureLabels)
					checkLabels(t, r, width, scheme)
					if path != "" {
						s.screenshot(tb, fmt.Sprintf("figure-%s-%d-%s", strings.TrimSuffix(path, "/"), width, scheme))
					}
				}
			})
		}
	}
}

func checkLabels(t *testing.T, r labelReport, width int64, scheme string) {
	t.Helper()
	if r.Checked < 10 {
		t.Fatalf("%s: only %d figure labels found", scheme, r.Checked)
	}
	t.Logf("%s: %d labels checked, %d outside their box; smallest %.1f CSS px", scheme, r.Checked, len(r.Outside), r.MinFont)
	if len(r.Outside) > 0 {
		t.Errorf("%s: %d of %d labels lie outside their box:\n%s", scheme, len(r.Outside), r.Checked, strings.Join(r.Outside, "\n"))
	}
	for _, title := range r.Titles {
		if strings.HasPrefix(title, "cluster_") || strings.Contains(title, "->") || strings.TrimSpace(title) == "" {
			t.Errorf("%s: a tooltip shows a Graphviz name: %q", scheme, title)
		}
	}
	if width < 600 {
		for _, sc := range r.Scrolls {
			if !sc.Focusable || sc.Role != "region" || sc.Label == "" {
				t.Errorf("%s: a figure scrolls sideways in a region that is not focusable and labelled: %+v", scheme, sc)
			}
		}
		if len(r.Scrolls) > 0 && r.MinFont < 12 {
			t.Errorf("%s: the smallest figure label is %.1f CSS px on a %dpx screen; want 12 or more", scheme, r.MinFont, width)
		}
	}
	if scheme == "dark" && len(r.White) > 0 {
		t.Errorf("in the dark scheme %d parts of a figure stay white: %v", len(r.White), r.White[:min(len(r.White), 5)])
	}
}

// tierCrossings counts, in Figure 2, the arrows that pass through the box
// of a tier that is neither their parent's nor their child's (each arrow's
// class "tiers-P-C" names the two), sampling each arrow every 2 units.
const tierCrossings = `(() => {
  const order = ["policy", "plans-and-processes", "procedures", "records-and-templates"];
  const boxes = [];
  order.forEach((slug, i) => {
    const g = document.getElementById("structure." + slug);
    if (g) boxes.push({i, b: g.querySelector("path, polygon").getBBox()});
  });
  const out = {arrows: 0, crossing: []};
  for (const e of document.querySelectorAll("#structure\\.drawing g.edge")) {
    const m = /tiers-(\d+)-(\d+)/.exec(e.getAttribute("class"));
    const path = e.querySelector("path");
    if (!m || !path) continue;
    out.arrows++;
    const from = +m[1], to = +m[2], len = path.getTotalLength();
    let crossed = "";
    for (let l = 0; l <= len && !crossed; l += 2) {
      const p = path.getPointAtLength(l);
      for (const {i, b} of boxes) {
        if (i !== from && i !== to && p.x > b.x + 1 && p.x < b.x + b.width - 1 && p.y > b.y + 1 && p.y < b.y + b.height - 1) crossed = e.id + " crosses tier " + order[i];
      }
    }
    if (crossed) out.crossing.push(crossed);
  }
  return out;
})()`

// TestFigure2ArrowsKeepToTheirTiers: no arrow of Figure 2 runs through a
// tier box other than its ends' (the repository's handbook, 42 documents).
func TestFigure2ArrowsKeepToTheirTiers(t *testing.T) {
	t.Parallel() // reads no keyboard focus: after TestBrowser, beside the others
	s := newSuite(t)
	tb := s.open(t, s.static)
	tb.visit("structure/")
	r := eval[struct {
		Arrows   int      `json:"arrows"`
		Crossing []string `json:"crossing"`
	}](tb, tierCrossings)
	t.Logf("%d arrows, %d through another tier's box", r.Arrows, len(r.Crossing))
	if r.Arrows == 0 {
		t.Fatal("Figure 2 has no arrows from a parent to its children")
	}
	if len(r.Crossing) > 0 {
		t.Errorf("%d of %d arrows cross a tier box:\n%s", len(r.Crossing), r.Arrows, strings.Join(r.Crossing, "\n"))
	}
}

// TestFiguresInPrint prints the policy, which shows both figures each
// followed by its caption: a figure takes the width of the page, its links
// are not underlined, and (read back from the PDF with pdftotext) each
// caption is on the page of its figure.
func TestFiguresInPrint(t *testing.T) {
	t.Parallel() // reads no keyboard focus: after TestBrowser, beside the others
	s := newSuite(t)
	tb := s.open(t, s.static)
	tb.visit("docs/sms-pol-001/")
	tb.emulate("print", "light")
	type printed struct {
		Width      float64 `json:"width"`
		Decoration string  `json:"decoration"`
		Inside     string  `json:"inside"`
		Caption    string  `json:"caption"`
	}
	for _, p := range eval[[]printed](tb, `[...document.querySelectorAll("main .figure")].map(f => ({
	  width: f.querySelector("svg").getBoundingClientRect().width / f.getBoundingClientRect().width,
	  decoration: getComputedStyle(f.querySelector("svg a text")).textDecorationLine,
	  inside: getComputedStyle(f).breakInside,
	  caption: getComputedStyle(f.nextElementSibling).breakBefore,
	}))`) {
		if p.Width < 0.95 || p.Decoration != "none" || p.Inside != "avoid" || p.Caption != "avoid" {
			t.Errorf("printed figure: %+v; want the page's width, no underline, no break inside or before the caption", p)
		}
	}
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext (Debian: poppler-utils) is not installed")
	}
	pdf := filepath.Join(t.TempDir(), "policy.pdf")
	if err := os.WriteFile(pdf, s.pdf(tb, "policy-figures"), 0o644); err != nil {
		t.Fatal(err)
	}
	text, err := exec.Command("pdftotext", "-layout", pdf, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	pages := strings.Split(string(text), "\f")
	for _, f := range []struct{ label, caption string }{
		{"CONTEXT OF THE ORGANIZATION", "Figure 1 - ISO/IEC 20000:2018 scope"},
		{"Records and templates", "Figure 2 - Service management system documentation structure"},
	} {
		on := func(s string) int {
			return slices.IndexFunc(pages, func(p string) bool { return strings.Contains(p, s) })
		}
		if l, c := on(f.label), on(f.caption); l < 0 || l != c {
			t.Errorf("%q is printed on page %d, its figure on page %d", f.caption, c+1, l+1)
		}
	}
}
