package link

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"handbook/internal/site"
)

// matcher finds document titles in prose: exact, case-sensitive, on word
// boundaries, the longest title where titles start at the same word, the
// leftmost where they overlap otherwise. A title is matched within one run
// of text: markup inside it (emphasis, code) or a character the
// typographer replaces (', ", --, ...) breaks the run, so titles with
// apostrophes or quotes are not found as mentions; link them explicitly.
//
// Every title, and every start of a title cut where a title may end (after
// a word, or after any character that is not a letter or digit), is a key
// of one map. A scan at a word reads the text cut by cut and stops at the
// first cut that starts no title: one lookup for most words, and a few for
// a title, however many titles share its first words (a 10,000-document
// handbook has 1,800 titles that start with "Procedure").
type matcher struct {
	// starts maps each start of a title to the id of the document whose
	// whole title it is, or "" (of documents with the same title, the
	// first id).
	starts map[string]string
	// first holds the first bytes of the titles: most words of prose
	// (lower case) start none, and need no lookup.
	first [256]bool
}

// newMatcher is the matcher of the titles of docs, in any order.
func newMatcher(docs []*site.Document) *matcher {
	m := &matcher{starts: make(map[string]string, 2*len(docs))}
	for _, d := range docs {
		t := strings.Join(strings.Fields(d.Meta.Title), " ")
		if len(t) < 4 {
			continue // too short to be a safe mention
		}
		m.first[t[0]] = true
		for j := cut(t, 0); j < len(t); j = cut(t, j) {
			if _, ok := m.starts[t[:j]]; !ok {
				m.starts[t[:j]] = ""
			}
		}
		if id := m.starts[t]; id == "" || d.Meta.ID < id {
			m.starts[t] = d.Meta.ID
		}
	}
	return m
}

// cut returns the first place after s[i] where a title may end: after a
// character that is not a letter or digit, or at the end of a word.
func cut(s string, i int) int {
	r, size := decodeRune(s[i:])
	i += size
	if !isWord(r) {
		return i
	}
	for i < len(s) {
		if c := s[i]; c < utf8.RuneSelf { // the common case, inlined
			if !isASCIIWord(c) {
				break
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if !isWordUnicode(r) {
			break
		}
		i += size
	}
	return i
}

// decodeRune is utf8.DecodeRuneInString, with ASCII first.
func decodeRune(s string) (rune, int) {
	if c := s[0]; c < utf8.RuneSelf {
		return rune(c), 1
	}
	return utf8.DecodeRuneInString(s)
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
		r, size := decodeRune(text[i:])
		if !isWord(r) || (i > 0 && isWord(lastRune(text[:i]))) {
			i += size
			continue
		}
		id, end := "", 0
		if m.first[text[i]] {
			id, end = m.longestAt(text, i)
		}
		if id == "" {
			i = cut(text, i) // past the word
			continue
		}
		if !skip(id) && !taken[id] {
			out = append(out, match{i, end, id})
			taken[id] = true
		}
		i = end
	}
	return out
}

// longestAt returns the longest title written at text[i:] and ending on a
// word boundary, and where it ends; id is "" when there is none.
func (m *matcher) longestAt(text string, i int) (id string, end int) {
	for j := cut(text, i); ; j = cut(text, j) {
		t, ok := m.starts[text[i:j]]
		if !ok {
			return id, end
		}
		if t != "" && !continuesWord(text[j:]) {
			id, end = t, j
		}
		if j == len(text) {
			return id, end
		}
	}
}

// isWord checks ASCII, the common case, without the Unicode tables.
func isWord(r rune) bool {
	if r < utf8.RuneSelf {
		return isASCIIWord(byte(r))
	}
	return isWordUnicode(r)
}

func isASCIIWord(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

func isWordUnicode(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

func lastRune(s string) rune {
	r, _ := utf8.DecodeLastRuneInString(s)
	return r
}

func continuesWord(rest string) bool {
	r, _ := utf8.DecodeRuneInString(rest)
	return rest != "" && isWord(r)
}
