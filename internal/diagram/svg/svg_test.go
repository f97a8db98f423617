package svg

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"io"
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
// hover is the element's tooltip, never a Graphviz name; the text names
// the fonts whose metrics Graphviz sized the boxes with.
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
	for _, bad := range []string{"<title>cluster_", "-&gt;", "<title>G</title>", "<title>Knowledge</title>", "<title>Incident management</title>", `font-family="Helvetica,sans-Serif"`} {
		if strings.Contains(s, bad) {
			t.Errorf("SVG contains %s:\n%s", bad, s)
		}
	}
	for _, want := range []string{"<title>Service management system</title>", "<title>Incident &amp; problem</title>", `font-family="` + FontFamily + `"`} {
		if !strings.Contains(s, want) {
			t.Errorf("SVG lacks %s:\n%s", want, s)
		}
	}
}
