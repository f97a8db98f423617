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
// It holds two sets of titles, the current documents' (linked) and the
// retired ones' (warned about), and finds the mentions of each set as if
// it were alone: one scan of the text serves both.
//
// Every title, and every start of a title cut where a title may end (after
// a word, or after any character that is not a letter or digit), is a key
// of one map. A scan at a word reads the text cut by cut and stops at the
// first cut that starts no title: one lookup for most words, and a few for
// a title, however many titles share its first words (a 10,000-document
// handbook has 1,800 titles that start with "Procedure").
type matcher struct {
	// starts maps each start of a title to the ids of the documents whose
	// whole title it is, per set, or "" (of documents with the same title,
	// the first id).
	starts map[string][sets]string
	// first holds the first bytes of the titles: most words of prose
	// (lower case) start none, and need no lookup.
	first [256]bool
}

// The sets of titles of a matcher.
const (
	current = iota // the titles of the documents in force: mentions are linked
	retired        // the titles of retired documents: mentions are warned about
	sets
)

// newMatcher is the matcher of the titles of the current and the retired
// documents, each in any order.
func newMatcher(current, retired []*site.Document) *matcher {
	m := &matcher{starts: make(map[string][sets]string, 2*(len(current)+len(retired)))}
	for set, docs := range [sets][]*site.Document{current, retired} {
		for _, d := range docs {
			m.add(set, d)
		}
	}
	return m
}

// add adds the title of d to a set.
func (m *matcher) add(set int, d *site.Document) {
	t := strings.Join(strings.Fields(d.Meta.Title), " ")
	if len(t) < 4 {
		return // too short to be a safe mention
	}
	m.first[t[0]] = true
	for j := cut(t, 0); j < len(t); j = cut(t, j) {
		if _, ok := m.starts[t[:j]]; !ok {
			m.starts[t[:j]] = [sets]string{}
		}
	}
	ids := m.starts[t]
	if id := ids[set]; id == "" || d.Meta.ID < id {
		ids[set] = d.Meta.ID
		m.starts[t] = ids
	}
}

// cut returns the first place after s[i] where a title may end: after a
// character that is not a letter or digit, or at the end of a word.
func cut(s string, i int) int {
	r, size := decodeRune(s[i:])
	i += size
	if !isWord(r) {
		return i
	}
	return wordEnd(s, i)
}

// wordEnd returns the end of the letters and digits at s[i:].
func wordEnd(s string, i int) int {
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

// match is a title of a set found at text[start:end].
type match struct {
	start, end int
	id         string
	set        int
}

// find returns the non-overlapping title mentions of each set in text,
// left to right, each title at most once; the sets' mentions may overlap
// one another. skip says whether a current title may not be linked here
// (the page's own title, one already linked in the section); such a title
// still takes its place, so that the shorter titles inside it ("Service
// Management Plan" inside "Service Management Plan Review Procedure") are
// not linked in its stead.
func (m *matcher) find(text string, skip func(id string) bool) []match {
	var out []match
	var taken map[string]bool // made at the first mention: most text has none
	var from [sets]int        // where each set's next mention may start
	for i := 0; i < len(text); {
		c := text[i]
		if c < utf8.RuneSelf {
			if !isASCIIWord(c) {
				i++
				continue
			}
			if !m.first[c] { // most words of prose: i = cut(text, i), inlined
				for i++; i < len(text) && isASCIIWord(text[i]); i++ {
				}
				if i < len(text) && text[i] >= utf8.RuneSelf {
					i = wordEnd(text, i)
				}
				continue
			}
		} else if r, size := utf8.DecodeRuneInString(text[i:]); !isWordUnicode(r) {
			i += size
			continue
		}
		// A word starts at i: the scan only stops at the start of a word,
		// and leaves each word at its end.
		end := cut(text, i)
		if !m.first[c] || (i < from[current] && i < from[retired]) {
			i = end
			continue
		}
		for set, f := range m.longestAt(text, i, end) {
			if f.id == "" || i < from[set] {
				continue
			}
			from[set] = f.end
			if set == current && skip(f.id) || taken[f.id] {
				continue
			}
			if taken == nil {
				taken = map[string]bool{}
			}
			out = append(out, match{i, f.end, f.id, set})
			taken[f.id] = true
		}
		i = end
	}
	return out
}

// found is the longest title of a set at a place of the text: its id, ""
// for none, and its end.
type found struct {
	id  string
	end int
}

// longestAt returns, per set, the longest title written at text[i:] and
// ending on a word boundary; j is the first cut after i.
func (m *matcher) longestAt(text string, i, j int) (best [sets]found) {
	for ; ; j = cut(text, j) {
		ids, ok := m.starts[text[i:j]]
		if !ok {
			return best
		}
		if ids != ([sets]string{}) && !continuesWord(text[j:]) {
			for set, id := range ids {
				if id != "" {
					best[set] = found{id, j}
				}
			}
		}
		if j == len(text) {
			return best
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

func continuesWord(rest string) bool {
	r, _ := utf8.DecodeRuneInString(rest)
	return rest != "" && isWord(r)
}
