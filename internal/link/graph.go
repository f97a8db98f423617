package link

import (
	"cmp"
	"encoding/json"
	"slices"
	"strings"

	"handbook/internal/diag"
	"handbook/internal/site"
	"handbook/internal/suggest"
)

// CheckAnchors reports every reference to an anchor that its target page
// does not have. anchors maps a document id to its heading ids.
func CheckAnchors(refs []Ref, anchors map[string]map[string]bool) []*diag.Diagnostic {
	var out []*diag.Diagnostic
	for _, r := range refs {
		if r.Anchor == "" {
			continue
		}
		if set, ok := anchors[r.To]; ok && !set[r.Anchor] {
			where := "in " + r.To
			if r.To == r.From {
				where = "on this page"
			}
			out = append(out, diag.Errorf(r.Path, r.Line, "link to unknown anchor #%s %s%s", r.Anchor, where, anchorHint(r.Anchor, set)))
		}
	}
	return out
}

func anchorHint(a string, set map[string]bool) string {
	var names []string
	for k := range set {
		names = append(names, k)
	}
	slices.Sort(names)
	if len(names) == 0 {
		return " (the page has no headings)"
	}
	// An anchor written without its heading number ("#scope" for
	// "#21-scope") or with a different one, else a near misspelling.
	for _, n := range names {
		if len(a) > 2 && (len(n) > len(a) && n[len(n)-len(a):] == a || len(a) > len(n) && a[len(a)-len(n):] == n) {
			return " (did you mean #" + n + "?)"
		}
	}
	if n := suggest.Closest(a, names); n != "" {
		return " (did you mean #" + n + "?)"
	}
	return ""
}

// Graph is the link graph of a build: every reference between included
// documents, with the front matter's related entries added.
type Graph struct {
	Refs    []Ref
	backs   map[string][]string
	related map[string][]string
}

// NewGraph builds the graph from the references found in the documents'
// bodies (refs, none of kind Related) and the documents' related entries.
func NewGraph(ix *Index, docs []*site.Document, refs []Ref) *Graph {
	n := len(refs)
	for _, d := range docs {
		n += len(d.Meta.Related)
	}
	all := make([]Ref, 0, n)
	for _, r := range refs {
		if r.To != r.From {
			all = append(all, r)
		}
	}
	for _, d := range docs {
		line := 0 // the related entries' line, looked up once
		for _, r := range d.Meta.Related {
			if _, ok := ix.Doc(r); !ok || r == d.Meta.ID {
				continue
			}
			if line == 0 {
				line = d.Line("related")
			}
			all = append(all, Ref{From: d.Meta.ID, To: r, Kind: Related, Path: d.Path, Line: line})
		}
	}
	g := &Graph{Refs: sortRefs(all), backs: make(map[string][]string, len(docs)), related: map[string][]string{}}
	for _, r := range g.Refs {
		if r.Kind == Related {
			g.related[r.From] = append(g.related[r.From], r.To)
			g.related[r.To] = append(g.related[r.To], r.From)
			continue
		}
		// The references come by source: each list of sources is
		// sorted as it is made, and a repeated one is its last.
		if l := g.backs[r.To]; len(l) == 0 || l[len(l)-1] != r.From {
			g.backs[r.To] = append(l, r.From)
		}
	}
	for k, v := range g.related {
		slices.Sort(v)
		g.related[k] = slices.Compact(v)
	}
	return g
}

// compareRefs orders references by source, line, target, anchor and kind.
// Two references it finds equal are the same: their sources, and so
// their source files, are. It compares a field only when those before
// are equal (cmp.Or would compare every one).
func compareRefs(a, b Ref) int {
	if c := strings.Compare(a.From, b.From); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Line, b.Line); c != 0 {
		return c
	}
	if c := strings.Compare(a.To, b.To); c != 0 {
		return c
	}
	if c := strings.Compare(a.Anchor, b.Anchor); c != 0 {
		return c
	}
	return strings.Compare(string(a.Kind), string(b.Kind))
}

// sortRefs returns refs sorted by compareRefs, in a new slice. The
// references come in runs of one source (a document's, then each
// document's related entries): the runs are sorted by source and each
// source's references on their own, which is the same order at a
// fraction of the comparisons of one sort of all (0.05 s of CPU at 10,000
// documents).
func sortRefs(refs []Ref) []Ref {
	type run struct {
		from   string
		lo, hi int
	}
	var runs []run
	for lo := 0; lo < len(refs); {
		hi := lo + 1
		for hi < len(refs) && refs[hi].From == refs[lo].From {
			hi++
		}
		runs = append(runs, run{refs[lo].From, lo, hi})
		lo = hi
	}
	slices.SortFunc(runs, func(a, b run) int { return strings.Compare(a.from, b.from) })
	out := make([]Ref, 0, len(refs))
	for i := 0; i < len(runs); {
		start, from := len(out), runs[i].from
		for ; i < len(runs) && runs[i].from == from; i++ {
			out = append(out, refs[runs[i].lo:runs[i].hi]...)
		}
		sortSource(out[start:])
	}
	return out
}

// sortSource sorts the references of one source by compareRefs; they
// often come sorted already.
func sortSource(refs []Ref) {
	if !slices.IsSortedFunc(refs, compareRefs) {
		slices.SortFunc(refs, compareRefs)
	}
}

// ReferencedBy lists the ids of documents that link to or mention id.
func (g *Graph) ReferencedBy(id string) []string { return g.backs[id] }

// Related lists the ids related to id, in either direction.
func (g *Graph) Related(id string) []string { return g.related[id] }

// JSON renders links.json: the documents with their addresses, and every
// link. It is for programs, so not indented (indentation was a third of its
// bytes).
func (g *Graph) JSON(ix *Index, docs []*site.Document) ([]byte, error) {
	type docEntry struct {
		ID    string `json:"id"`
		Title string `json:"title"`
		Type  string `json:"type"`
		URL   string `json:"url"`
	}
	out := struct {
		Documents []docEntry `json:"documents"`
		Links     []Ref      `json:"links"`
	}{Documents: []docEntry{}, Links: g.Refs}
	for _, d := range docs {
		out.Documents = append(out.Documents, docEntry{d.Meta.ID, d.Meta.Title, d.Meta.Type, ix.URL(d.Meta.ID, "")})
	}
	if out.Links == nil {
		out.Links = []Ref{}
	}
	return json.Marshal(out)
}
