package svg

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"
	"testing"

	"handbook/internal/diagram"
)

func testGraph() *diagram.Graph {
	return &diagram.Graph{Name: "G", ID: "fig", Nodes: []*diagram.Node{
		{Name: "Incident management", Attrs: []diagram.Attr{{Key: "id", Value: "fig-incident"}, {Key: "URL", Value: "/docs/sms-prc-002/"}, {Key: "tooltip", Value: "Incident & problem"}}},
		{Name: "Budgeting", Attrs: []diagram.Attr{{Key: "id", Value: "fig-budgeting"}, {Key: "class", Value: "gap"}, {Key: "URL", Value: "/clauses/#clause-8.4.1"}}},
	}, Edges: []*diagram.Edge{{From: "Incident management", To: "Budgeting"}}}
}

func TestRenderIsDeterministicAndInlinable(t *testing.T) {
	ctx := context.Background()
	a, err := Render(ctx, testGraph(), `Figure 1 - "scope" & more`)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Render(ctx, testGraph(), `Figure 1 - "scope" & more`)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Error("two renders of the same graph differ")
	}
	s := string(a)
	if !strings.HasPrefix(s, "<svg ") || strings.Contains(s, "<?xml") || strings.Contains(s, "<!--") || strings.Contains(s, "DOCTYPE") {
		t.Errorf("SVG is not a bare element:\n%s", s)
	}
	for _, want := range []string{
		`id="fig.drawing" class="figure-svg" role="group" aria-labelledby="fig.title">`,
		`<title id="fig.title">Figure 1 - &#34;scope&#34; &amp; more</title>`,
		`xlink:href="/docs/sms-prc-002/"`,
		`id="fig-budgeting" class="node gap"`,
	} {
		if !strings.Contains(s, want) {
			t.Errorf("SVG lacks %s:\n%s", want, s)
		}
	}
	dec := xml.NewDecoder(bytes.NewReader(a))
	for {
		if _, err := dec.Token(); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatalf("SVG is not well-formed: %v", err)
		}
	}
}

func TestRenderReportsAGraphGraphvizCannotRead(t *testing.T) {
	g := testGraph()
	g.Attrs = []diagram.Attr{{Key: "rankdir", Value: "TB"}}
	g.Edges = append(g.Edges, &diagram.Edge{From: "a", To: "b", Attrs: []diagram.Attr{{Key: "style", Value: "invis"}}})
	if _, err := Render(context.Background(), g, "t"); err != nil {
		t.Fatalf("a valid graph failed: %v", err)
	}
	if _, err := layout(context.Background(), []byte("digraph { a -> ")); err == nil {
		t.Error("a broken DOT text drew without error")
	}
}

// TestRenderShowsTooltipsNotGraphvizNames: the <title> a reader sees on
// hover is the element's tooltip, never a Graphviz name, and is the first
// child of the element's link, which it names (written once: no
// xlink:title repeats it); the text names the fonts whose metrics Graphviz
// sized the boxes with.
func TestRenderShowsTooltipsNotGraphvizNames(t *testing.T) {
	g := testGraph()
	g.NodeAttrs = []diagram.Attr{{Key: "fontname", Value: "Helvetica"}}
	g.Clusters = []*diagram.Cluster{{Key: "sms", Attrs: []diagram.Attr{{Key: "label", Value: "SMS"}, {Key: "tooltip", Value: "Service management system"}},
		Nodes: []*diagram.Node{{Name: "Knowledge"}}}}
	g.Edges = append(g.Edges, &diagram.Edge{From: "Knowledge", To: "Budgeting", Attrs: []diagram.Attr{{Key: "style", Value: "invis"}}})
	b, err := Render(context.Background(), g, "Figure")
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	for _, bad := range []string{"<title>cluster_", "-&gt;", "<title>G</title>", "<title>Knowledge</title>", "<title>Incident management</title>", `font-family="Helvetica,sans-Serif"`, "xlink:title"} {
		if strings.Contains(s, bad) {
			t.Errorf("SVG contains %s:\n%s", bad, s)
		}
	}
	for _, want := range []string{"<a>\n<title>Service management system</title>", "<a xlink:href=\"/docs/sms-prc-002/\">\n<title>Incident &amp; problem</title>", `font-family="` + FontFamily + `"`} {
		if !strings.Contains(s, want) {
			t.Errorf("SVG lacks %s:\n%s", want, s)
		}
	}
}

// TestFigure1ReadsInOrderAndFitsAPage lays out the built-in Figure 1: the
// processes of a group read left to right, then top to bottom, and the
// drawing is not much taller than an A4 page's printable area is.
func TestFigure1ReadsInOrderAndFitsAPage(t *testing.T) {
	links := diagram.ScopeLinks{
		Docs:        func([]string) []diagram.DocLink { return nil },
		ClauseURL:   func(n string) string { return "/clauses/#clause-" + n },
		ClauseTitle: func(string) string { return "" },
	}
	b, err := Render(context.Background(), diagram.ScopeFigure(diagram.DefaultScope(), links).Graph, "Figure 1")
	if err != nil {
		t.Fatal(err)
	}
	pos := func(id string) (x, y float64) {
		i := bytes.Index(b, []byte(`id="scope.`+id+`"`))
		if i < 0 {
			t.Fatalf("no box %s", id)
		}
		if _, err := fmt.Sscanf(string(b[bytes.Index(b[i:], []byte(`<text text-anchor="middle" x="`))+i:]), `<text text-anchor="middle" x="%g" y="%g"`, &x, &y); err != nil {
			t.Fatalf("box %s: %v", id, err)
		}
		return x, y
	}
	for _, pair := range [][2]string{
		{"resources", "competence"}, {"competence", "awareness"}, {"service-delivery", "plan-the-services"},
		{"leadership-and-commitment", "policy"}, {"incident-management", "service-request-management"},
	} {
		x1, y1 := pos(pair[0])
		x2, y2 := pos(pair[1])
		if math.Abs(y1-y2) > 20 || x1 >= x2 { // first lines of boxes on one rank
			t.Errorf("%s (%g,%g) is not left of %s (%g,%g)", pair[0], x1, y1, pair[1], x2, y2)
		}
	}
	if _, y1 := pos("resources"); func() bool { _, y2 := pos("communication"); return y1 >= y2 }() {
		t.Error("Communication (7.4) is not below Resources (7.1)")
	}
	var w, h float64
	if _, err := fmt.Sscanf(strings.ReplaceAll(string(b), "pt", " pt"), `<svg width="%g pt" height="%g pt"`, &w, &h); err != nil {
		t.Fatal(err)
	}
	t.Logf("Figure 1 is %gx%g pt", w, h)
	if w/h < 0.7 {
		t.Errorf("Figure 1 is %gx%g pt: too thin to take a printed page's width (178x240 mm)", w, h)
	}
}

// TestTitles: each group's Graphviz <title> goes; its link's tooltip, if
// any, becomes the link's first child in its place, the link's other
// attributes kept; a link without a tooltip, or a start tag not ended by
// a line end, is left as it is.
func TestTitles(t *testing.T) {
	const node = `<g id="a" class="node">` + "\n<title>x</title>\n"
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{node, `<g id="a" class="node">` + "\n"},
		{node + `<g id="b"><a xlink:href="u" xlink:title="t">` + "\nrest",
			`<g id="a" class="node">` + "\n" + `<g id="b"><a xlink:href="u">` + "\n<title>t</title>\nrest"},
		{node + `<g id="b"><a xlink:href="u" xlink:title="">` + "\n",
			`<g id="a" class="node">` + "\n" + `<g id="b"><a xlink:href="u">` + "\n"},
		{node + `<g id="b"><a xlink:href="u" xlink:title="t">`,
			`<g id="a" class="node">` + "\n" + `<g id="b"><a xlink:href="u" xlink:title="t">`},
		{`<g id="a" class="edge">` + "\n<title>x</title>\n" + `<g id="b"><a xlink:href="u">` + "\n",
			`<g id="a" class="edge">` + "\n" + `<g id="b"><a xlink:href="u">` + "\n"},
		{`<g id="a" class="edge">` + "\n<title>x</title>\n" + `<g id="b"><a xlink:href="u" xlink:title="t &amp; u" target="_top">` + "\nz" + node,
			`<g id="a" class="edge">` + "\n" + `<g id="b"><a xlink:href="u" target="_top">` + "\n<title>t &amp; u</title>\nz" + `<g id="a" class="node">` + "\n"},
	} {
		if got := string(titles([]byte(tc.in))); got != tc.want {
			t.Errorf("titles(%q)\n got %q\nwant %q", tc.in, got, tc.want)
		}
	}
}
