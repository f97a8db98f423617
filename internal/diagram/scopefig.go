package diagram

import (
	"strconv"
	"strings"

	"handbook/internal/markdown"
)

// DocLink is a document that addresses some clauses.
type DocLink struct {
	ID, Title, URL string
	Approved       bool
}

// ScopeLinks tells the scope figure where its boxes point.
type ScopeLinks struct {
	// Docs lists the included documents that address any of the clauses,
	// best first; the first approved one is where a process box links to.
	Docs func(clauses []string) []DocLink
	// ClauseURL is the address of a clause's entry on the coverage page,
	// where a process box without an approved document links to.
	ClauseURL func(number string) string
	// ClauseTitle is the standard's title of a clause, for tooltips.
	ClauseTitle func(number string) string
}

// ScopeFigure builds Figure 1 from the scope model: a cluster for the SMS
// and each group, a box for each process, invisible edges that arrange
// the groups in their rows, and the customers' requirements and services
// flowing in and out.
func ScopeFigure(s *Scope, links ScopeLinks) *Figure {
	b := &scopeBuilder{links: links, g: &Graph{Name: s.Title, ID: "scope"}}
	g := b.g
	g.Attrs = append(baseAttrs("scope"), Attr{"compound", "true"}, Attr{"newrank", "true"}, Attr{"nodesep", "0.15"}, Attr{"ranksep", "0.25"})
	g.NodeAttrs = append(nodeDefaults(), Attr{"width", "1.45"})
	g.EdgeAttrs = []Attr{{"color", colorMuted}, {"fontname", fontName}, {"fontsize", "11"}, {"fontcolor", colorInk}}

	sms := &Cluster{Key: "sms", Attrs: []Attr{
		{"id", elemID("scope", "sms")}, {"label", s.System}, {"labeljust", "l"}, {"fontsize", "14"},
		{"style", "rounded,filled"}, {"fillcolor", colorPanel}, {"color", colorMuted}, {"margin", "8"},
		{"tooltip", s.System},
	}}
	g.Clusters = []*Cluster{sms}
	all, items := b.rows(sms, s.Groups, 0)

	in := b.names.unique(s.Customers)
	out := b.names.unique(s.Customers + " ")
	customer := func(name, id, tooltip string) *Node {
		return &Node{Name: name, Attrs: []Attr{{"id", id}, {"label", wrap(s.Customers, 18)}, {"style", "rounded,filled,bold"},
			{"fillcolor", colorGroup}, {"color", colorInk}, {"fontcolor", colorInk}, {"width", "2"}, {"tooltip", tooltip}}}
	}
	requirements := s.Customers + ": " + s.Requirements + " into the " + s.System
	services := s.System + ": " + s.Services + " to the " + s.Customers
	g.Nodes = []*Node{customer(in, elemID("scope", "customers-in"), requirements), customer(out, elemID("scope", "customers-out"), services)}
	if len(all.tops) > 0 {
		g.Edges = append(g.Edges,
			&Edge{in, all.tops[len(all.tops)/2], []Attr{{"id", elemID("scope", "requirements")}, {"label", " " + s.Requirements},
				{"lhead", "cluster_sms"}, {"penwidth", "2"}, {"tooltip", requirements}}},
			&Edge{all.last, out, []Attr{{"id", elemID("scope", "services")}, {"label", " " + s.Services},
				{"ltail", "cluster_sms"}, {"penwidth", "2"}, {"tooltip", services}}})
	}
	g.Edges = append(g.Edges, b.invisible...)

	outline := []*Item{
		{Label: s.Customers, Note: strings.ToLower(s.Requirements) + " in, " + strings.ToLower(s.Services) + " out"},
		{Label: s.System, Children: items},
	}
	return &Figure{Name: "scope", Title: s.Title, Graph: g, Outline: outline}
}

type scopeBuilder struct {
	links     ScopeLinks
	g         *Graph
	names     names
	ids       names
	invisible []*Edge
}

// block is a placed part of the figure: the boxes on its first rank, the
// number of ranks it spans, and a box on its last rank.
type block struct {
	tops   []string
	heads  []string // the first box of each group on the first rank
	last   string
	height int
}

// rows places sibling groups in their rows inside parent: the groups of a
// row side by side and level, in file order; each row starts below the
// tallest group of the row before.
func (b *scopeBuilder) rows(parent *Cluster, groups []*Group, depth int) (block, []*Item) {
	var all block
	var items []*Item
	for i, row := range splitRows(groups) {
		var rb block
		for _, gr := range row {
			gb, item := b.group(parent, gr, len(row) == 1, depth)
			rb.tops = append(rb.tops, gb.tops...)
			rb.heads = append(rb.heads, gb.heads...)
			if gb.height > rb.height {
				rb.height, rb.last = gb.height, gb.last
			}
			items = append(items, item)
		}
		if i == 0 {
			all = rb
			continue
		}
		b.below(all.last, rb.heads)
		all.height += rowGap + rb.height
		all.last = rb.last
	}
	return all, items
}

// rowGap is the number of empty ranks between rows. None is needed:
// Graphviz makes room for the clusters' borders and labels itself, and an
// empty rank made Figure 1 taller than a printed page.
const rowGap = 0

// below puts boxes level with each other under the block above, whose
// last rank holds the box last, leaving rowGap empty ranks between. Edges
// from one box keep the boxes in file order from left to right; they leave
// from the block's last rank, not its first, because edges from a box that
// starts a two-column group made Graphviz swap the columns.
func (b *scopeBuilder) below(last string, boxes []string) {
	for _, box := range boxes {
		b.invisible = append(b.invisible, &Edge{last, box, []Attr{{"style", "invis"}, {"minlen", strconv.Itoa(1 + rowGap)}}})
	}
}

// splitRows groups siblings by their row number, keeping file order.
func splitRows(groups []*Group) [][]*Group {
	var rows [][]*Group
	last := 0
	for _, g := range groups {
		r := g.Row
		if r == 0 {
			r = last + 1
		}
		if len(rows) == 0 || r != last {
			rows = append(rows, nil)
		}
		rows[len(rows)-1] = append(rows[len(rows)-1], g)
		last = r
	}
	return rows
}

// group draws one group as a cluster: its processes side by side when the
// group has its row to itself, otherwise one above the other; then its
// subgroups in their rows.
func (b *scopeBuilder) group(parent *Cluster, gr *Group, alone bool, depth int) (block, *Item) {
	key := b.ids.unique(markdown.Slug(gr.Name))
	fill := colorGroup
	if depth > 0 {
		fill = "white"
	}
	label := strings.ToUpper(gr.Name)
	c := &Cluster{Key: key, Attrs: []Attr{
		{"id", elemID("scope", key)}, {"label", label}, {"fontsize", "10"}, {"fontcolor", colorInk},
		{"style", "rounded,filled"}, {"fillcolor", fill}, {"color", colorAccent}, {"margin", "7"},
	}}
	item := &Item{Label: gr.Name}
	tooltip := gr.Name
	if gr.Clause != "" {
		item.URL = b.links.ClauseURL(gr.Clause)
		item.Clauses = []Link{b.clauseLink(gr.Clause)}
		tooltip = clauseTooltip(gr.Clause, b.links)
		c.Attrs = append(c.Attrs, Attr{"URL", item.URL})
	}
	c.Attrs = append(c.Attrs, Attr{"tooltip", tooltip})
	parent.Clusters = append(parent.Clusters, c)

	var names []string
	for _, p := range gr.Processes {
		n, pi := b.process(p)
		c.Nodes = append(c.Nodes, n)
		names = append(names, n.Name)
		item.Children = append(item.Children, pi)
	}
	var gb block
	switch {
	case len(names) > 0 && alone:
		c.Ranks = append(c.Ranks, names)
		b.chain(names)
		gb = block{tops: names, heads: names[:1], last: names[0], height: 1}
	case len(names) > 0:
		gb = b.grid(c, names)
	}
	sub, subItems := b.rows(c, gr.Groups, depth+1)
	item.Children = append(item.Children, subItems...)
	switch {
	case len(sub.tops) > 0 && len(gb.tops) > 0:
		b.below(gb.last, sub.heads)
		gb.height += rowGap + sub.height
		gb.last = sub.last
	case len(sub.tops) > 0:
		gb = sub
	}
	return gb, item
}

// gridRows is the most rows of boxes a group that shares its row stacks:
// its processes fill rows left to right, then top to bottom. A single
// column (six boxes for Support of the SMS) made Figure 1 nearly three
// times as tall as wide: on paper it took a third of the page's width.
const gridRows = 2

// grid puts a group's boxes in at most gridRows rows, in reading order,
// each box above the one that follows it by a row's length.
func (b *scopeBuilder) grid(c *Cluster, names []string) block {
	perRow := max((len(names)+gridRows-1)/gridRows, min(len(names), 2))
	var rows [][]string
	for i := 0; i < len(names); i += perRow {
		row := names[i:min(i+perRow, len(names))]
		c.Ranks = append(c.Ranks, row)
		b.chain(row)
		if len(rows) > 0 {
			above := rows[len(rows)-1]
			for j := range row {
				b.chain([]string{above[j], row[j]})
			}
		}
		rows = append(rows, row)
	}
	return block{tops: rows[0], heads: rows[0], last: rows[len(rows)-1][0], height: len(rows)}
}

// TooltipDocs is the most documents a process's tooltip names, best first
// (ScopeLinks.Docs), then how many more there are: the tooltip is what
// hovering shows and the name of the box's link, which a list of hundreds
// of titles is not (a process of a 10,000-document handbook had 300, and
// the tooltips made nine tenths of the drawing's 640 KB and of Graphviz's
// time). The figure's text alternative (Outline) lists every document.
const TooltipDocs = 10

// process makes the box of a process: linked to its first approved
// document, or to its clause on the coverage page and marked as a gap.
func (b *scopeBuilder) process(p *Process) (*Node, *Item) {
	docs := b.links.Docs(p.Clauses)
	item := &Item{Label: p.Name, Gap: true}
	for _, d := range docs {
		item.Docs = append(item.Docs, Link{Text: d.Title, URL: d.URL, Title: d.ID})
		if d.Approved && item.Gap {
			item.URL, item.Gap = d.URL, false
		}
	}
	for _, c := range p.Clauses {
		item.Clauses = append(item.Clauses, b.clauseLink(c))
	}
	numbers := strings.Join(p.Clauses, ", ")
	label := wrap(p.Name, 20) + "\n" + numbers
	tooltip := p.Name + " (" + numbers + "): "
	attrs := []Attr{{"id", elemID("scope", b.ids.unique(markdown.Slug(p.Name)))}}
	if item.Gap {
		item.URL = b.links.ClauseURL(p.Clauses[0])
		label += " (gap)"
		tooltip += "gap: no approved document addresses this; see clause coverage"
		attrs = append(attrs, Attr{"class", "gap"}, Attr{"style", "rounded,filled,dashed,bold"},
			Attr{"fillcolor", colorGapFill}, Attr{"color", colorGapInk}, Attr{"fontcolor", colorGapInk})
	} else {
		var titles []string
		for _, d := range item.Docs[:min(len(item.Docs), TooltipDocs)] {
			titles = append(titles, d.Text)
		}
		tooltip += strings.Join(titles, "; ")
		if more := len(item.Docs) - TooltipDocs; more > 0 {
			tooltip += "; and " + strconv.Itoa(more) + " more"
		}
	}
	attrs = append(attrs, Attr{"label", label}, Attr{"URL", item.URL}, Attr{"tooltip", tooltip})
	return &Node{Name: b.names.unique(p.Name), Attrs: attrs}, item
}

func (b *scopeBuilder) clauseLink(number string) Link {
	return Link{Text: number, URL: b.links.ClauseURL(number), Title: b.links.ClauseTitle(number)}
}

func clauseTooltip(number string, links ScopeLinks) string {
	return "Clause " + number + " " + links.ClauseTitle(number)
}

// chain links nodes one after the other with invisible edges: downwards,
// or left to right when they share a rank.
func (b *scopeBuilder) chain(names []string) {
	for i := 1; i < len(names); i++ {
		b.invisible = append(b.invisible, &Edge{names[i-1], names[i], []Attr{{"style", "invis"}}})
	}
}
