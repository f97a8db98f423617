// Package svg lays out the figures' graphs with Graphviz (go-graphviz, its
// WebAssembly build) and returns SVG ready to inline in a page.
//
// Only the commands that draw link this package's work: the Graphviz
// module is compiled on the first Render or Warm (see
// third_party/go-graphviz/PATCHED.md), not when the program starts.
package svg

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"regexp"
	"sync"

	"github.com/goccy/go-graphviz"

	"handbook/internal/diagram"
)

// engine serialises the use of Graphviz: go-graphviz runs one WebAssembly
// instance for the whole process, which is not safe for concurrent use.
// It is the only shared state here, and exists because the library's is.
var engine sync.Mutex

// Warm compiles the Graphviz module, so that a later Render does not wait
// for it; a build calls it in the background while it reads the content.
func Warm(ctx context.Context) error {
	engine.Lock()
	defer engine.Unlock()
	gv, err := graphviz.New(ctx)
	if err != nil {
		return err
	}
	gv.Close() // its error is not about this context; see layout
	return nil
}

// Render lays out g with dot and returns the SVG element, without the XML
// prologue and comments, labelled by a <title> holding title. The output
// depends only on the graph, so it is the same on every build. A graph
// Graphviz cannot lay out is an error that names the figure by its title.
func Render(ctx context.Context, g *diagram.Graph, title string) ([]byte, error) {
	raw, err := layout(ctx, g.DOT())
	if err != nil {
		return nil, fmt.Errorf("drawing %s: %w", title, err)
	}
	return tidy(raw, g.ID, title)
}

func layout(ctx context.Context, dot []byte) ([]byte, error) {
	engine.Lock()
	defer engine.Unlock()
	gv, err := graphviz.New(ctx)
	if err != nil {
		return nil, err
	}
	// Close's error is not this layout's: Graphviz's gvFreeContext returns
	// the highest error level seen since the process started, so one bad
	// graph would fail every later close.
	defer gv.Close()
	graph, err := graphviz.ParseBytes(dot)
	if err != nil {
		return nil, fmt.Errorf("graphviz cannot read the graph: %w", err)
	}
	defer graph.Close()
	var b bytes.Buffer
	if err := gv.Render(ctx, graph, graphviz.SVG, &b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

var (
	commentRE = regexp.MustCompile(`(?s)<!--.*?-->\n?`)
	svgTagRE  = regexp.MustCompile(`(?s)<svg\s[^>]*>`)
	// fontRE is the font Graphviz names for Helvetica ("Helvetica,sans-Serif").
	fontRE = regexp.MustCompile(`font-family="Helvetica[^"]*"`)
	// titleRE is the <title> Graphviz gives each node, cluster and edge
	// (its internal name, such as "cluster_sms"), after the start tag of
	// its group (submatch 1).
	titleRE = regexp.MustCompile(`(<g id="[^"]*" class="(?:graph|node|cluster|edge)[^"]*"[^>]*>\n)<title>[^<]*</title>\n`)
	// linkRE is the start tag of the link that may follow such a title, up
	// to the value of its tooltip (xlink:title).
	linkRE = regexp.MustCompile(`^<g id="[^"]*"><a[^>]*? xlink:title="`)
)

// FontFamily is the font list of the figures' text: Helvetica, whose
// metrics Graphviz sizes the boxes with, and the fonts that share them
// (Arial on Windows, Liberation Sans and Arimo on Linux), so that every
// label fits its box in the font a reader's browser picks.
const FontFamily = "Helvetica,Arial,Liberation Sans,Arimo,sans-serif"

// tidy makes Graphviz's SVG document an element to inline in HTML: it
// drops the prologue, DOCTYPE and comments (one names the Graphviz
// version), and gives the <svg> an id and an accessible name.
func tidy(raw []byte, id, title string) ([]byte, error) {
	loc := svgTagRE.FindIndex(raw)
	if loc == nil {
		return nil, fmt.Errorf("graphviz returned no <svg> element")
	}
	tag := raw[loc[0]:loc[1]]
	// Dotted like the figures' element ids, which no heading id can be.
	titleID := id + ".title"
	var b bytes.Buffer
	b.Write(tag[:len(tag)-1])
	fmt.Fprintf(&b, ` id="%s" class="figure-svg" role="group" aria-labelledby="%s">`+"\n", id+".drawing", titleID)
	fmt.Fprintf(&b, `<title id="%s">%s</title>`+"\n", titleID, html.EscapeString(title))
	body := commentRE.ReplaceAll(raw[loc[1]:], nil)
	// Graphviz writes every hyphen as &#45; (for the comments, which are
	// gone); plain hyphens keep ids and titles readable.
	body = bytes.ReplaceAll(body, []byte("&#45;"), []byte("-"))
	body = fontRE.ReplaceAll(body, []byte(`font-family="`+FontFamily+`"`))
	b.Write(titles(body))
	return bytes.TrimSpace(b.Bytes()), nil
}

// titles replaces the <title> of the graph and of each node, cluster and
// edge, which Graphviz fills with the element's internal name, by the
// element's tooltip, and drops it where the element has none (invisible
// edges), so that hovering shows the process or document, never a name
// like "cluster_sms". The tooltip moves into the element's link, as the
// link's first child: it is shown on hover and names the link, as the
// link's xlink:title did, which is left out (Figure 1's tooltips list every
// document of a process, and were written twice in each copy of it).
func titles(body []byte) []byte {
	out := make([]byte, 0, len(body))
	for {
		loc := titleRE.FindSubmatchIndex(body)
		if loc == nil {
			return append(out, body...)
		}
		out = append(out, body[:loc[3]]...) // up to the group's start tag, without the title
		body = body[loc[1]:]
		head, tooltip, tail, ok := splitLink(body)
		if !ok {
			continue
		}
		out = append(append(out, head...), tail...)
		body = body[len(head)+len(linkTitle)+len(tooltip)+1+len(tail):]
		if len(tooltip) > 0 { // no tooltip: no title
			out = append(append(append(out, "<title>"...), tooltip...), "</title>\n"...)
		}
	}
}

// linkTitle starts the tooltip attribute of a link Graphviz writes.
const linkTitle = ` xlink:title="`

// splitLink splits the start tag of the link at the start of b, if it
// has a tooltip, around the tooltip's attribute: head is the tag before
// it, tooltip its value and tail the rest of the tag with its line end.
// The tooltip, which lists every document of a process in Figure 1 (most
// of the drawing's bytes), is found by its closing quote rather than by a
// regular expression, which took ten times as long to read through it.
func splitLink(b []byte) (head, tooltip, tail []byte, ok bool) {
	loc := linkRE.FindIndex(b)
	if loc == nil {
		return nil, nil, nil, false
	}
	end := bytes.IndexByte(b[loc[1]:], '"')
	if end < 0 {
		return nil, nil, nil, false
	}
	rest := b[loc[1]+end+1:]
	gt := bytes.IndexByte(rest, '>')
	if gt < 0 || gt+1 >= len(rest) || rest[gt+1] != '\n' {
		return nil, nil, nil, false
	}
	return b[:loc[1]-len(linkTitle)], b[loc[1] : loc[1]+end], rest[:gt+2], true
}
