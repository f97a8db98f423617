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
	if d.Meta.Parent == "" {
		return nil, nil
	}
	order := kids.reading[d.Meta.Parent]
	i, ok := kids.place[d.Meta.ID]
	if !ok {
		return nil, nil
	}
	if i > 0 {
		if r, ok := s.Ref(order[i-1]); ok {
			prev = &r
		}
	}
	if i+1 < len(order) {
		if r, ok := s.Ref(order[i+1]); ok {
			next = &r
		}
	}
	return prev, next
}
