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
	slices.SortFunc(g.Refs, func(a, b Ref) int {
		return cmp.Or(cmp.Compare(a.From, b.From), cmp.Compare(a.Line, b.Line), cmp.Compare(a.To, b.To),
			cmp.Compare(a.Anchor, b.Anchor), cmp.Compare(a.Kind, b.Kind))
	})
	for _, m := range []map[string][]string{g.backs, g.related} {
		for k, v := range m {
			slices.Sort(v)
			m[k] = slices.Compact(v)
		}
	}
	return g
}

// ReferencedBy lists the ids of documents that link to or mention id.
func (g *Graph) ReferencedBy(id string) []string { return g.backs[id] }

// Related lists the ids related to id, in either direction.
func (g *Graph) Related(id string) []string { return g.related[id] }

// JSON renders links.json: the documents with their addresses, and every link.
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
	return json.MarshalIndent(out, "", "  ")
}
