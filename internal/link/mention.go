package link

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"handbook/internal/site"
)

// matcher finds document titles in prose: exact, case-sensitive, on word
// boundaries, the longest title where titles start at the same word, the
// leftmost where they overlap otherwise. Titles are keyed by their first
// word so a scan costs one map lookup per word. A title is matched within
// one run of text: markup inside it (emphasis, code) or a character the
// typographer replaces (', ", --, ...) breaks the run, so titles with
// apostrophes or quotes are not found as mentions; link them explicitly.
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

// find returns the non-overlapping title mentions in text, left to right,
// each title at most once. skip says whether a title may not be linked
// here (the page's own title, one already linked in the section); such a
// title still takes its place, so that the shorter titles inside it
// ("Service Management Plan" inside "Service Management Plan Review
// Procedure") are not linked in its stead.
func (m *matcher) find(text string, skip func(id string) bool) []match {
	var out []match
	taken := map[string]bool{}
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		if !isWord(r) || (i > 0 && isWord(lastRune(text[:i]))) {
			i += size
			continue
		}
		w := firstWord(text[i:])
		e, ok := m.longestAt(text, i, w)
		if !ok {
			i += len(w)
			continue
		}
		if !skip(e.id) && !taken[e.id] {
			out = append(out, match{i, i + len(e.title), e.id})
			taken[e.id] = true
		}
		i += len(e.title)
	}
	return out
}

// longestAt returns the longest title written at text[i:], whose first
// word is w, ending on a word boundary.
func (m *matcher) longestAt(text string, i int, w string) (titleEntry, bool) {
	for _, e := range m.byFirst[w] {
		end := i + len(e.title)
		if end <= len(text) && text[i:end] == e.title && !continuesWord(text[end:]) {
			return e, true
		}
	}
	return titleEntry{}, false
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
