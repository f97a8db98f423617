package link

import (
	"cmp"
	"encoding/json"
	"slices"

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

// NewGraph builds the graph from the references found in the documents.
func NewGraph(ix *Index, docs []*site.Document, refs []Ref) *Graph {
	g := &Graph{backs: map[string][]string{}, related: map[string][]string{}}
	for _, r := range refs {
		if r.To != r.From {
			g.Refs = append(g.Refs, r)
			g.backs[r.To] = append(g.backs[r.To], r.From)
		}
	}
	for _, d := range docs {
		for _, r := range d.Meta.Related {
			if _, ok := ix.Doc(r); !ok || r == d.Meta.ID {
				continue
			}
			g.Refs = append(g.Refs, Ref{From: d.Meta.ID, To: r, Kind: Related, Path: d.Path, Line: d.Line("related")})
			g.related[d.Meta.ID] = append(g.related[d.Meta.ID], r)
			g.related[r] = append(g.related[r], d.Meta.ID)
		}
	}
	sortRefs(g.Refs)
	for _, m := range []map[string][]string{g.backs, g.related} {
		for k, v := range m {
			slices.Sort(v)
			m[k] = slices.Compact(v)
		}
	}
	return g
}

// compareRefs orders references by source, line, target, anchor and kind.
// Two references it finds equal are the same: their sources, and so
// their source files, are.
func compareRefs(a, b Ref) int {
	return cmp.Or(cmp.Compare(a.From, b.From), cmp.Compare(a.Line, b.Line), cmp.Compare(a.To, b.To),
		cmp.Compare(a.Anchor, b.Anchor), cmp.Compare(a.Kind, b.Kind))
}

// sortRefs sorts refs by compareRefs. The references come in runs of one
// source (a document's, then each document's related entries): the runs
// are sorted by source and each source's references on their own, which
// is the same order at a fraction of the comparisons of one sort of all
// (0.05 s of CPU at 10,000 documents).
func sortRefs(refs []Ref) {
	type run struct{ lo, hi int }
	var runs []run
	for lo := 0; lo < len(refs); {
		hi := lo + 1
		for hi < len(refs) && refs[hi].From == refs[lo].From {
			hi++
		}
		runs = append(runs, run{lo, hi})
		lo = hi
	}
	slices.SortFunc(runs, func(a, b run) int { return cmp.Compare(refs[a.lo].From, refs[b.lo].From) })
	out := make([]Ref, 0, len(refs))
	for i := 0; i < len(runs); {
		start, from := len(out), refs[runs[i].lo].From
		for ; i < len(runs) && refs[runs[i].lo].From == from; i++ {
			out = append(out, refs[runs[i].lo:runs[i].hi]...)
		}
		slices.SortFunc(out[start:], compareRefs)
	}
	copy(refs, out)
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
