package render

import (
	"cmp"
	"slices"

	"handbook/internal/site"
)

// lastUpdated is the date a document last changed: its newest history
// entry, else its approval date; zero when it has neither.
func lastUpdated(m site.Meta) site.Date {
	var d site.Date
	for _, h := range m.History {
		if h.Date.After(d.Time) {
			d = h.Date
		}
	}
	if d.IsZero() {
		return m.Approved
	}
	return d
}

// siblings returns the documents before and after d among the children of
// its parent, ordered as the sidebar orders types (configured order) then
// by id; nil where there is none, and for documents without a parent.
// kids maps each id to its children's ids.
func (s *Snapshot) siblings(d *site.Document, kids map[string][]string) (prev, next *DocRef) {
	if d.Meta.Parent == "" {
		return nil, nil
	}
	var refs []DocRef
	for _, id := range kids[d.Meta.Parent] {
		if r, ok := s.Ref(id); ok {
			refs = append(refs, r)
		}
	}
	rank := func(t string) int { return slices.Index(s.Config.Types, t) }
	slices.SortFunc(refs, func(a, b DocRef) int {
		return cmp.Or(cmp.Compare(rank(a.Type), rank(b.Type)), cmp.Compare(a.ID, b.ID))
	})
	i := slices.IndexFunc(refs, func(r DocRef) bool { return r.ID == d.Meta.ID })
	if i > 0 {
		prev = &refs[i-1]
	}
	if i >= 0 && i+1 < len(refs) {
		next = &refs[i+1]
	}
	return prev, next
}
