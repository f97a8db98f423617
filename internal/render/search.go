package render

import (
	"html/template"
	"maps"
	"slices"

	"handbook/internal/search"
)

// SearchPage is the content of /search/: the form, and where results go
// (the server's, or those the page's script finds in the static index).
type SearchPage struct {
	Types   []search.TypeInfo
	Clauses []string // the clauses documents address, in order
	Slot    template.HTML
}

// Search is the search page's content, for an index of these types.
func (s *Snapshot) Search(types []search.TypeInfo) *SearchPage {
	return &SearchPage{Types: types, Clauses: s.searchClauses(), Slot: template.HTML(search.ResultsMarker)}
}

// searchClauses are the clauses the documents address, in the order of
// the standard: the search page's clause filter.
func (s *Snapshot) searchClauses() []string {
	set := map[string]bool{}
	for _, d := range s.Docs {
		for _, c := range d.Meta.Clauses {
			set[c] = true
		}
	}
	return slices.SortedFunc(maps.Keys(set), search.CompareClauses)
}
