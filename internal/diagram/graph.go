// Package diagram builds the handbook's two figures from the content:
// Figure 1, the ISO/IEC 20000-1:2018 scope (from the built-in scope model,
// which a site's content/_data/scope.yaml overrides, and the clauses
// documents address), and Figure 2, the documentation
// structure (from each document's type and parent). A figure is a Graph,
// written as DOT for Graphviz's dot layout, and an outline: the same
// structure and links as a nested list, the figure's text alternative.
//
// This package only builds graphs; it does not link Graphviz. Laying them
// out is the job of the svg subpackage, so that commands which draw nothing
// do not carry the layout engine's cost.
package diagram

import (
	"bytes"
	"strings"
)

// Attr is one Graphviz attribute. Attributes are kept in slices, not maps,
// so that the DOT text (and so the layout) is the same on every build.
type Attr struct{ Key, Value string }

// Graph is a directed graph for the dot layout engine.
type Graph struct {
	// Name is the graph's name in DOT; ID prefixes every element id in the
	// SVG, so that two figures on one page have distinct ids.
	Name, ID  string
	Attrs     []Attr
	NodeAttrs []Attr
	EdgeAttrs []Attr
	Clusters  []*Cluster
	Nodes     []*Node
	Edges     []*Edge
	// Ranks lists groups of nodes placed on the same rank (rank=same).
	Ranks [][]string
}

// Cluster is a subgraph drawn as a box around its nodes.
type Cluster struct {
	Key      string // unique within the graph; becomes "cluster_<key>"
	Attrs    []Attr
	Nodes    []*Node
	Clusters []*Cluster
	// Ranks lists groups of this cluster's nodes placed on the same rank.
	Ranks [][]string
}

// Node is one box of a figure.
type Node struct {
	Name  string // unique within the graph; Graphviz shows it as the SVG <title>
	Attrs []Attr
}

// Edge connects two nodes by name.
type Edge struct {
	From, To string
	Attrs    []Attr
}

// DOT writes the graph in the DOT language, in a fixed order.
func (g *Graph) DOT() []byte {
	var b bytes.Buffer
	b.WriteString("digraph " + quote(g.Name) + " {\n")
	writeAttrs(&b, "\t", g.Attrs)
	if len(g.NodeAttrs) > 0 {
		b.WriteString("\tnode " + attrList(g.NodeAttrs) + ";\n")
	}
	if len(g.EdgeAttrs) > 0 {
		b.WriteString("\tedge " + attrList(g.EdgeAttrs) + ";\n")
	}
	for _, c := range g.Clusters {
		writeCluster(&b, "\t", c)
	}
	writeNodes(&b, "\t", g.Nodes)
	writeRanks(&b, "\t", g.Ranks)
	for _, e := range g.Edges {
		b.WriteString("\t" + quote(e.From) + " -> " + quote(e.To))
		if len(e.Attrs) > 0 {
			b.WriteString(" " + attrList(e.Attrs))
		}
		b.WriteString(";\n")
	}
	b.WriteString("}\n")
	return b.Bytes()
}

func writeCluster(b *bytes.Buffer, indent string, c *Cluster) {
	b.WriteString(indent + "subgraph " + quote("cluster_"+c.Key) + " {\n")
	inner := indent + "\t"
	writeAttrs(b, inner, c.Attrs)
	for _, sub := range c.Clusters {
		writeCluster(b, inner, sub)
	}
	writeNodes(b, inner, c.Nodes)
	writeRanks(b, inner, c.Ranks)
	b.WriteString(indent + "}\n")
}

func writeAttrs(b *bytes.Buffer, indent string, attrs []Attr) {
	for _, a := range attrs {
		b.WriteString(indent + a.Key + "=" + quote(a.Value) + ";\n")
	}
}

func writeNodes(b *bytes.Buffer, indent string, nodes []*Node) {
	for _, n := range nodes {
		b.WriteString(indent + quote(n.Name))
		if len(n.Attrs) > 0 {
			b.WriteString(" " + attrList(n.Attrs))
		}
		b.WriteString(";\n")
	}
}

func writeRanks(b *bytes.Buffer, indent string, ranks [][]string) {
	for _, r := range ranks {
		b.WriteString(indent + "{ rank=same;")
		for _, n := range r {
			b.WriteString(" " + quote(n) + ";")
		}
		b.WriteString(" }\n")
	}
}

func attrList(attrs []Attr) string {
	parts := make([]string, len(attrs))
	for i, a := range attrs {
		parts[i] = a.Key + "=" + quote(a.Value)
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// quote makes a DOT double-quoted string. Graphviz reads backslash escapes
// in labels (\n, \l), so a literal backslash is doubled; a newline in the
// value becomes a centred line break.
func quote(s string) string {
	return `"` + dotEscaper.Replace(s) + `"`
}

// dotEscaper is quote's replacer, made once: a Replacer builds its tables
// on first use, which for a figure of every document cost more than the
// replacing (a Replacer is safe for concurrent use and never changes).
var dotEscaper = strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`)
