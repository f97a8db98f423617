package diagram

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"handbook/internal/markdown"
)

// DocNode is a document as Figure 2 draws it.
type DocNode struct {
	ID, Title, Type, Parent, URL, Status string
}

// Tier is one level of the documentation structure.
type Tier struct {
	Label string
	Types []string
}

// Tiers are the levels of Figure 2, top to bottom, as the policy's figure
// has them. A type no tier names goes in the last tier.
var Tiers = []Tier{
	{"Policy", []string{"policy"}},
	{"Plans and processes", []string{"plan", "process"}},
	{"Procedures", []string{"procedure"}},
	{"Records and templates", []string{"register", "record", "template", "form", "report"}},
}

// tierWidth is the largest number of documents side by side in a tier;
// bigger tiers wrap onto more rows, so that the figure stays readable at
// the width of a page.
const tierWidth = 4

func tierOf(typ string) int {
	for i, t := range Tiers {
		if slices.Contains(t.Types, typ) {
			return i
		}
	}
	return len(Tiers) - 1
}

// StructureFigure builds Figure 2 from the documents' types and parents: a
// band for each tier, policy at the top, a box for each document linking
// to it, and an arrow from each document to those under it, one arrow to
// a dashed box around them when there are several in a tier. docs are the
// documents of the build (only they may appear); a parent outside docs is
// left out and its children hang from nothing.
func StructureFigure(title string, docs []DocNode) *Figure {
	g := &Graph{Name: title, ID: "structure"}
	g.Attrs = append(baseAttrs("structure"),
		Attr{"newrank", "true"}, Attr{"compound", "true"}, Attr{"nodesep", "0.15"}, Attr{"ranksep", "0.3"}, Attr{"splines", "ortho"})
	g.NodeAttrs = append(nodeDefaults(), Attr{"width", "1.5"})
	g.EdgeAttrs = []Attr{{"color", colorMuted}, {"arrowsize", "0.6"}}

	s := newStructureBuilder(g, docs)
	docs = s.sorted(docs)
	for _, d := range docs {
		s.node[d.ID] = s.names.unique(d.ID + " " + d.Title)
	}
	for i, tier := range Tiers {
		var members []DocNode
		for _, d := range docs {
			if tierOf(d.Type) == i {
				members = append(members, d)
			}
		}
		s.tier(i, tier, members)
	}
	g.Edges = append(g.Edges, s.parents...)
	return &Figure{Name: "structure", Title: title, Graph: g, Outline: s.outline(docs)}
}

// StructureOutline is the Outline of StructureFigure(title, docs), made
// without the graph: for a handbook too large to draw.
func StructureOutline(docs []DocNode) []*Item {
	s := newStructureBuilder(nil, docs)
	return s.outline(s.sorted(docs))
}

func newStructureBuilder(g *Graph, docs []DocNode) *structureBuilder {
	s := &structureBuilder{g: g, byID: make(map[string]DocNode, len(docs)), node: map[string]string{}}
	for _, d := range docs {
		s.byID[d.ID] = d
	}
	return s
}

type structureBuilder struct {
	g       *Graph
	byID    map[string]DocNode
	names   names
	node    map[string]string // document id -> node name
	prevRow []string          // the row above the next one
	parents []*Edge
}

// parent is a document's parent when it is in the build.
func (s *structureBuilder) parent(d DocNode) string {
	if _, ok := s.byID[d.Parent]; ok && d.Parent != d.ID {
		return d.Parent
	}
	return ""
}

// tier draws one band: its documents grouped in families (the children
// of one parent), packed into rows of at most tierWidth, a family never
// split across rows unless it is wider than a row. A family whose parent
// is in the tier above or in this one hangs from it by one arrow; a family
// whose parent is further up (a template under a process) is a dashed box
// labelled with its parent instead, so that no arrow crosses a tier.
func (s *structureBuilder) tier(index int, t Tier, docs []DocNode) {
	if len(docs) == 0 {
		return
	}
	key := markdown.Slug(t.Label)
	band := &Cluster{Key: key, Attrs: []Attr{
		{"id", elemID("structure", key)}, {"label", t.Label}, {"labeljust", "l"},
		{"fontsize", "12"}, {"style", "rounded,filled"}, {"fillcolor", colorGroup}, {"color", colorAccent},
		{"tooltip", t.Label},
	}}
	s.g.Clusters = append(s.g.Clusters, band)
	var row []string
	n := 0 // the documents in row
	flush := func() {
		if n > 0 {
			s.row(row)
		}
		row, n = nil, 0
	}
	for _, fam := range families(docs, s.parent) {
		if n > 0 && n+len(fam) > tierWidth {
			flush()
		}
		parent := s.parent(fam[0])
		arrow := parent != "" && (tierOf(s.byID[parent].Type) == index || tierOf(s.byID[parent].Type) == index-1)
		home, lhead := &band.Nodes, ""
		if len(fam) > 1 || (parent != "" && !arrow) {
			label := ""
			if !arrow {
				label = "under " + parent
			}
			c := &Cluster{Key: key + "-" + markdown.Slug(parent), Attrs: []Attr{
				{"id", elemID("structure", key, parent)}, {"label", label}, {"fontsize", "10"}, {"fontcolor", colorMuted},
				{"style", "rounded,dashed"}, {"color", colorMuted}, {"margin", "6"}, {"tooltip", "Under " + parent + " " + s.byID[parent].Title},
			}}
			band.Clusters = append(band.Clusters, c)
			home, lhead = &c.Nodes, "cluster_"+c.Key
		}
		for i, d := range fam {
			*home = append(*home, docNode(s.node[d.ID], d))
			row, n = append(row, s.node[d.ID]), n+1
			if n == tierWidth && i < len(fam)-1 {
				flush()
			}
		}
		if arrow {
			s.link(fam, lhead, index)
		}
	}
	flush()
}

// families splits a tier's documents (sorted by parent) by parent.
func families(docs []DocNode, parent func(DocNode) string) [][]DocNode {
	var out [][]DocNode
	for i, d := range docs {
		if i == 0 || parent(d) != parent(docs[i-1]) {
			out = append(out, nil)
		}
		out[len(out)-1] = append(out[len(out)-1], d)
	}
	return out
}

// link draws the arrow from the parent of a family to it: to the child,
// or to the dashed box (lhead) around several.
func (s *structureBuilder) link(fam []DocNode, lhead string, tier int) {
	parent := s.parent(fam[0])
	var ids []string
	for _, d := range fam {
		ids = append(ids, d.ID)
	}
	attrs := []Attr{{"id", elemID("structure", parent, "to", fam[0].ID)},
		{"tooltip", parent + " " + s.byID[parent].Title + " → " + strings.Join(ids, ", ")},
		{"class", "tiers-" + strconv.Itoa(tierOf(s.byID[parent].Type)) + "-" + strconv.Itoa(tier)}}
	if lhead != "" {
		attrs = append(attrs, Attr{"lhead", lhead})
	}
	s.parents = append(s.parents, &Edge{s.node[parent], s.node[fam[(len(fam)-1)/2].ID], attrs})
}

// row puts nodes side by side, in order, centred under the previous row.
func (s *structureBuilder) row(nodes []string) {
	s.g.Ranks = append(s.g.Ranks, nodes)
	for i := 1; i < len(nodes); i++ {
		s.g.Edges = append(s.g.Edges, &Edge{nodes[i-1], nodes[i], []Attr{{"style", "invis"}}})
	}
	if len(s.prevRow) > 0 {
		// A heavy edge keeps the rows' middles in one vertical line.
		s.g.Edges = append(s.g.Edges, &Edge{s.prevRow[len(s.prevRow)/2], nodes[len(nodes)/2], []Attr{{"style", "invis"}, {"weight", "20"}}})
	}
	s.prevRow = nodes
}

func docNode(name string, d DocNode) *Node {
	attrs := []Attr{
		{"id", elemID("structure", d.ID)}, {"label", wrap(d.Title, 20) + "\n" + d.ID},
		{"URL", d.URL}, {"tooltip", d.ID + " " + d.Title + " (" + d.Type + ", " + d.Status + ")"},
	}
	if d.Status != "approved" {
		attrs = append(attrs, Attr{"style", "rounded,filled,dashed"})
	}
	return &Node{Name: name, Attrs: attrs}
}

// sorted orders documents by tier and, within a tier, in families: the
// documents without a parent first, then the children of each parent in
// the order the parents are drawn (so that arrows from one row run down
// side by side instead of crossing), then those whose parent is in their
// own tier or below, by parent; ids break ties.
func (s *structureBuilder) sorted(docs []DocNode) []DocNode {
	byTier := make([][]DocNode, len(Tiers))
	for _, d := range docs {
		byTier[tierOf(d.Type)] = append(byTier[tierOf(d.Type)], d)
	}
	pos := map[string]int{} // where each document of an upper tier is drawn
	out := make([]DocNode, 0, len(docs))
	// keyed is a document with its place in the order, worked out once.
	type keyed struct {
		class, at int // class: 0 without a parent, 1 under a parent drawn above, 2 under one in this tier or below
		parent    string
		d         DocNode
	}
	for i, tier := range byTier {
		keys := make([]keyed, len(tier))
		for j, d := range tier {
			k := keyed{d: d, parent: s.parent(d)}
			switch {
			case k.parent == "":
			case tierOf(s.byID[k.parent].Type) < i:
				k.class, k.at = 1, pos[k.parent]
			default:
				k.class = 2
			}
			keys[j] = k
		}
		slices.SortStableFunc(keys, func(a, b keyed) int {
			return cmp.Or(cmp.Compare(a.class, b.class), cmp.Compare(a.at, b.at), cmp.Compare(a.parent, b.parent), cmp.Compare(a.d.ID, b.d.ID))
		})
		for _, k := range keys {
			pos[k.d.ID] = len(out)
			out = append(out, k.d)
		}
	}
	return out
}

// outline is the documents as a tree by parent: roots are the
// documents whose parent is not in the build, by tier then id.
func (s *structureBuilder) outline(docs []DocNode) []*Item {
	children := map[string][]DocNode{}
	var roots []DocNode
	for _, d := range docs {
		if p := s.parent(d); p != "" {
			children[p] = append(children[p], d)
		} else {
			roots = append(roots, d)
		}
	}
	seen := map[string]bool{}
	var items func([]DocNode) []*Item
	items = func(ds []DocNode) []*Item {
		var out []*Item
		for _, d := range ds {
			if seen[d.ID] {
				continue // a parent cycle: validation reports it
			}
			seen[d.ID] = true
			note := d.ID + " · " + d.Type
			if d.Status != "approved" {
				note += " · " + d.Status
			}
			out = append(out, &Item{Label: d.Title, URL: d.URL, Note: note, Children: items(children[d.ID])})
		}
		return out
	}
	out := items(roots)
	// Documents in a parent cycle have no root; validation reports the
	// cycle, and the outline still lists them.
	for _, d := range docs {
		if !seen[d.ID] {
			out = append(out, items([]DocNode{d})...)
		}
	}
	return out
}
