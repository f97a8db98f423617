package render

import "handbook/internal/site"

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
// The order is kids' (Children), made once for all pages.
func (s *Snapshot) siblings(d *site.Document, kids Family) (prev, next *DocRef) {
	ref := func(id string) *DocRef {
		if r, ok := kids.shown.ref(s, id); ok && id != "" {
			return &r
		}
		return nil
	}
	p, n := siblingIDs(d, kids)
	return ref(p), ref(n)
}

// siblingIDs are the ids of the documents before and after d among the
// children of its parent (siblings); "" where there is none.
func siblingIDs(d *site.Document, kids Family) (prev, next string) {
	if d.Meta.Parent == "" {
		return "", ""
	}
	order := kids.reading[d.Meta.Parent]
	i, ok := kids.place[d.Meta.ID]
	if !ok {
		return "", ""
	}
	if i > 0 {
		prev = order[i-1]
	}
	if i+1 < len(order) {
		next = order[i+1]
	}
	return prev, next
}
