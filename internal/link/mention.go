package link

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"handbook/internal/site"
)

// matcher finds document titles in prose: exact, case-sensitive, on word
// boundaries, longest title first where titles overlap. Titles are keyed by
// their first word so a scan costs one map lookup per word.
type matcher struct {
	byFirst map[string][]titleEntry
}

type titleEntry struct {
	title string // whitespace collapsed
	id    string
}

func newMatcher(docs []*site.Document) *matcher {
	m := &matcher{byFirst: map[string][]titleEntry{}}
	for _, d := range docs {
		t := strings.Join(strings.Fields(d.Meta.Title), " ")
		if len(t) < 4 {
			continue // too short to be a safe mention
		}
		first := firstWord(t)
		m.byFirst[first] = append(m.byFirst[first], titleEntry{t, d.Meta.ID})
	}
	for k, es := range m.byFirst {
		// longest first; ties by id for determinism
		for i := 1; i < len(es); i++ {
			for j := i; j > 0 && (len(es[j].title) > len(es[j-1].title) ||
				len(es[j].title) == len(es[j-1].title) && es[j].id < es[j-1].id); j-- {
				es[j], es[j-1] = es[j-1], es[j]
			}
		}
		m.byFirst[k] = es
	}
	return m
}

// match is a title found at text[start:end].
type match struct {
	start, end int
	id         string
}

// find returns the non-overlapping title mentions in text, left to right.
// skip says whether a candidate id may not be linked here.
func (m *matcher) find(text string, skip func(id string) bool) []match {
	var out []match
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		if !isWord(r) || (i > 0 && isWord(lastRune(text[:i]))) {
			i += size
			continue
		}
		w := firstWord(text[i:])
		found := false
		for _, e := range m.byFirst[w] {
			end := i + len(e.title)
			if end <= len(text) && text[i:end] == e.title && !continuesWord(text[end:]) && !skip(e.id) {
				out = append(out, match{i, end, e.id})
				i, found = end, true
				break
			}
		}
		if !found {
			i += len(w)
		}
	}
	return out
}

func firstWord(s string) string {
	for i, r := range s {
		if !isWord(r) {
			return s[:i]
		}
	}
	return s
}

func isWord(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

func lastRune(s string) rune {
	r, _ := utf8.DecodeLastRuneInString(s)
	return r
}

func continuesWord(rest string) bool {
	r, _ := utf8.DecodeRuneInString(rest)
	return rest != "" && isWord(r)
}
