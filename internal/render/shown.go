package render

import (
	"html/template"
	"sync"

	"handbook/internal/theme"
)

// shown keeps what the pages of one snapshot show of other documents and
// of clauses, made the first time a page shows it and then shared by
// every page that does: a document's DocRef with its Link
// (_doclink.html), its breadcrumb (_crumb.html), a clause's ClauseRef
// with its Link (_clause.html). A page of 10,000 shows about fifteen
// links, most of them on other pages too; making each from the index,
// the configuration and the theme's kept partials again cost a quarter
// of the time the page's layout takes. It is safe for concurrent use.
// It serves the pages of the snapshot that made it (Children), with the
// theme it had then; for another, or a nil *shown, each is made anew.
type shown struct {
	snap  *Snapshot
	theme *theme.Theme

	refs    memo[DocRef]
	crumbs  memo[template.HTML]
	clauses memo[ClauseRef]
}

// serves reports whether sh keeps the links of s's pages.
func (sh *shown) serves(s *Snapshot) bool {
	return sh != nil && sh.snap == s && sh.theme == s.Theme
}

// memo is a map from a key to a value made on first use, safe for
// concurrent use (two goroutines may both make a value; both are the
// same). A nil *memo keeps nothing.
type memo[V any] struct {
	mu   sync.RWMutex
	vals map[string]V
}

// get is key's value, made by make where the memo has none; a value make
// reports absent (false) is not kept.
func (m *memo[V]) get(key string, make func() (V, bool)) (V, bool) {
	if m == nil {
		return make()
	}
	m.mu.RLock()
	v, ok := m.vals[key]
	m.mu.RUnlock()
	if ok {
		return v, true
	}
	if v, ok = make(); ok {
		m.mu.Lock()
		if m.vals == nil {
			m.vals = map[string]V{}
		}
		m.vals[key] = v
		m.mu.Unlock()
	}
	return v, ok
}

// ref is the DocRef of an included document with its Link rendered
// where the theme renders it ("" otherwise: the layout then renders the
// partial, and reports its error); false for a document the snapshot
// does not include.
func (sh *shown) ref(s *Snapshot, id string) (DocRef, bool) {
	var m *memo[DocRef]
	if sh.serves(s) {
		m = &sh.refs
	}
	return m.get(id, func() (DocRef, bool) {
		r, ok := s.Ref(id)
		if ok && s.Theme != nil {
			r.Link, _ = s.Theme.Partial("_doclink.html", r)
		}
		return r, ok
	})
}

// linkedRefs are the DocRefs (ref) of the included documents of ids.
func (sh *shown) linkedRefs(s *Snapshot, ids []string) []DocRef {
	if len(ids) == 0 {
		return nil
	}
	out := make([]DocRef, 0, len(ids))
	for _, id := range ids {
		if r, ok := sh.ref(s, id); ok {
			out = append(out, r)
		}
	}
	return out
}

// crumbLinks are _crumb.html with each of crumbs; nil when there is no
// theme or one fails to render (the layout then renders them itself,
// and reports the error), as kept.
func (sh *shown) crumbLinks(s *Snapshot, crumbs []DocRef) []template.HTML {
	if s.Theme == nil || len(crumbs) == 0 {
		return nil
	}
	var m *memo[template.HTML]
	if sh.serves(s) {
		m = &sh.crumbs
	}
	out := make([]template.HTML, len(crumbs))
	for i, c := range crumbs {
		html, ok := m.get(c.ID, func() (template.HTML, bool) {
			c.Link = "" // the crumb of the DocRef as Ref makes it
			html, err := s.Theme.Partial("_crumb.html", c)
			return html, err == nil
		})
		if !ok {
			return nil
		}
		out[i] = html
	}
	return out
}

// clauseRefs are the ClauseRefs of the clause numbers, each with its Link
// rendered where the theme renders it.
func (sh *shown) clauseRefs(s *Snapshot, numbers []string) []ClauseRef {
	var m *memo[ClauseRef]
	if sh.serves(s) {
		m = &sh.clauses
	}
	var out []ClauseRef
	for _, n := range numbers {
		c, _ := m.get(n, func() (ClauseRef, bool) {
			r := s.clauseRef(n)
			if s.Theme != nil {
				r.Link, _ = s.Theme.Partial("_clause.html", r)
			}
			return r, true
		})
		out = append(out, c)
	}
	return out
}
