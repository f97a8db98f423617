package diagram

import (
	"strconv"
	"strings"

	"handbook/internal/markdown"
)

// The figures' colours follow the built-in theme (static/css/handbook.css)
// in its light scheme; the stylesheet maps each of them to the page's
// colours (the "figures" block of register.css), so that an inline figure
// follows the dark scheme too. A new colour here needs its rule there.
const (
	colorInk     = "#1d2430"
	colorMuted   = "#5a6475"
	colorAccent  = "#0b5cad"
	colorPanel   = "#f5f7fa"
	colorGroup   = "#e8eef6"
	colorGapFill = "#fde8e8"
	colorGapInk  = "#8a1111"
	// fontName is the one font Graphviz measures labels with: its built-in
	// metrics are Helvetica's (a list of families would make it fall back
	// to Times, narrower, and labels would spill). The SVG then names the
	// fonts with the same metrics (svg.FontFamily).
	fontName = "Helvetica"
)

// baseAttrs are the graph attributes both figures share. The graph label
// is left out: the page around the figure carries its caption.
func baseAttrs(id string) []Attr {
	return []Attr{
		{"id", id}, {"rankdir", "TB"}, {"fontname", fontName}, {"fontsize", "12"},
		{"fontcolor", colorInk}, {"bgcolor", "white"}, {"pad", "0.2"},
	}
}

func nodeDefaults() []Attr {
	return []Attr{
		{"shape", "box"}, {"style", "rounded,filled"}, {"fillcolor", "white"}, {"color", colorAccent},
		{"fontname", fontName}, {"fontsize", "10"}, {"fontcolor", colorAccent}, {"margin", "0.08,0.04"},
	}
}

// wrap breaks text into lines of at most width characters at spaces.
func wrap(text string, width int) string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(text) {
		switch {
		case line == "":
			line = w
		case len(line)+1+len(w) <= width:
			line += " " + w
		default:
			lines = append(lines, line)
			line = w
		}
	}
	return strings.Join(append(lines, line), "\n")
}

// elemID is the SVG id of a figure's element: the figure's name, a dot,
// then the parts as slugs joined by hyphens ("scope.incident-management").
// Heading ids never contain a dot, so no heading of a page that shows the
// figure can take one of these.
func elemID(figure string, parts ...string) string {
	slugs := make([]string, len(parts))
	for i, p := range parts {
		slugs[i] = markdown.Slug(p)
	}
	return figure + "." + strings.Join(slugs, "-")
}

// names hands out unique node names (shown by Graphviz as the SVG <title>
// of each box) and unique element ids.
type names struct{ used map[string]int }

func (n *names) unique(s string) string {
	if n.used == nil {
		n.used = map[string]int{}
	}
	n.used[s]++
	if c := n.used[s]; c > 1 {
		return s + " (" + strconv.Itoa(c) + ")"
	}
	return s
}
