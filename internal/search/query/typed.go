package query

import (
	"slices"
	"strings"
	"unicode/utf8"

	"handbook/internal/search/format"
)

// Saying what was searched: a query whose words were corrected answers
// with the query as searched ("incidnet" → "incident"), and one that found
// nothing with the nearest words the handbook has. The browser's search
// does the same (static/js/search.js).

// exactly is a lexicon that corrects no typo (Request.Exact: "search
// instead for" the words as typed).
type exactly struct{ lexicon }

func (exactly) corrections(string) []string { return nil }

// sayWhatWasSearched fills res.Corrected and res.Suggestions.
func (ix *Index) sayWhatWasSearched(res *Response, q string, p *plan) {
	if len(p.typos) > 0 {
		res.Corrected = q
		for _, w := range p.typos {
			if near := ix.vocab.Nearest(w, format.MaxEdits(utf8.RuneCountInString(w))); len(near) > 0 {
				res.Corrected = replaceWord(res.Corrected, w, near[0])
			}
		}
	}
	if res.Total == 0 {
		for _, w := range append(p.typos, p.unknown...) {
			for _, s := range ix.vocab.Suggestions(w) {
				if len(res.Suggestions) < format.MaxSuggestions && !slices.Contains(res.Suggestions, s) {
					res.Suggestions = append(res.Suggestions, s)
				}
			}
		}
	}
}

// replaceWord replaces the first occurrence of word in q, ignoring case,
// with by.
func replaceWord(q, word, by string) string {
	i := strings.Index(strings.ToLower(q), word)
	if i < 0 || len(strings.ToLower(q)) != len(q) {
		return q
	}
	return q[:i] + by + q[i+len(word):]
}
