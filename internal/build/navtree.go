package build

import (
	"slices"
	"strings"
)

// navTreeMax is the largest site whose documentation structure is listed
// in full in the sidebar of every page; a bigger site links to /structure/
// instead, so that pages do not grow with the square of the site.
const navTreeMax = 300

// TreeItem is one document of the documentation structure (type and
// parent, as in Figure 2), in depth-first order. The tree is flat so that
// a layout draws nested lists without recursion: Open says that the
// document's children follow in a nested list, Close how many nested lists
// end after it.
type TreeItem struct {
	DocRef
	Depth int
	Open  bool
	Close int
}

// buildTree lays out the documentation structure: roots are the documents
// without an included parent; siblings are ordered by type (as configured)
// then id. Parent cycles are cut where they close.
func (st *State) buildTree() []TreeItem {
	if len(st.Docs) > navTreeMax {
		return nil
	}
	rank := map[string]int{}
	for i, t := range st.Config.Types {
		rank[t] = i
	}
	children := map[string][]DocRef{}
	var roots []DocRef
	for _, d := range st.Docs {
		r, _ := st.Ref(d.Meta.ID)
		if _, ok := st.Index.Doc(d.Meta.Parent); ok { // included parents only
			children[d.Meta.Parent] = append(children[d.Meta.Parent], r)
			continue
		}
		roots = append(roots, r)
	}
	byTypeThenID := func(a, b DocRef) int {
		if c := rank[a.Type] - rank[b.Type]; c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	}
	var out []TreeItem
	seen := map[string]bool{}
	var walk func(refs []DocRef, depth int)
	walk = func(refs []DocRef, depth int) {
		slices.SortFunc(refs, byTypeThenID)
		for _, r := range refs {
			if seen[r.ID] {
				continue
			}
			seen[r.ID] = true
			out = append(out, TreeItem{DocRef: r, Depth: depth})
			kids := children[r.ID]
			if len(kids) == 0 {
				continue
			}
			i := len(out) - 1
			out[i].Open = true
			walk(kids, depth+1)
			if j := len(out) - 1; j > i {
				out[j].Close++
			} else {
				out[i].Open = false // every child was already placed (a cycle)
			}
		}
	}
	walk(roots, 0)
	for _, d := range st.Docs { // only in a parent cycle, which validation reports
		if !seen[d.Meta.ID] {
			r, _ := st.Ref(d.Meta.ID)
			walk([]DocRef{r}, 0)
		}
	}
	return out
}
