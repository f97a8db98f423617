package query

import (
	"html"
	"strings"
	"unicode/utf8"
)

// Fragment sizes, in characters (the static search uses the same).
const (
	fragWindow  = 160 // the window chosen for the most query words
	fragContext = 40  // text kept before the first word of the window
)

type mark struct{ start, end int } // rune offsets

// fragment returns the part of a section's text with the most query words
// (by stem), HTML-escaped, each word found in <mark>. The browser's
// static search picks and marks the same part.
func (ix *Index) fragment(text string, marks map[string]bool) string {
	var ms []mark
	var stems []string
	runeAt := runeOffsets(text)
	ix.words.Each(text, func(term []byte, start, end, _ int) {
		sts := []string{string(term)} // every word of a text is in the vocabulary
		if w, ok := ix.vocab.Words[string(term)]; ok {
			sts = w.Stems
		}
		for _, s := range sts {
			if marks[s] {
				ms = append(ms, mark{runeAt(start), runeAt(end)})
				stems = append(stems, s)
				return
			}
		}
	})
	chars := []rune(text)
	from, to := window(chars, ms, stems)
	var b strings.Builder
	if from > 0 {
		b.WriteString("…")
	}
	pos := from
	for _, m := range ms {
		if m.start < from || m.end > to {
			continue
		}
		b.WriteString(html.EscapeString(string(chars[pos:m.start])))
		b.WriteString("<mark>" + html.EscapeString(string(chars[m.start:m.end])) + "</mark>")
		pos = m.end
	}
	b.WriteString(html.EscapeString(string(chars[pos:to])))
	if to < len(chars) {
		b.WriteString("…")
	}
	return b.String()
}

// window chooses the characters [from, to) to show: starting a little
// before the mark whose following fragWindow characters hold the most
// distinct stems (then the most marks, then the earliest), cut at spaces.
func window(chars []rune, ms []mark, stems []string) (int, int) {
	best, bestDistinct, bestCount := -1, 0, 0
	for i, m := range ms {
		distinct, count := map[string]bool{}, 0
		for j := i; j < len(ms) && ms[j].end <= m.start+fragWindow; j++ {
			distinct[stems[j]] = true
			count++
		}
		if len(distinct) > bestDistinct || len(distinct) == bestDistinct && count > bestCount {
			best, bestDistinct, bestCount = i, len(distinct), count
		}
	}
	from := 0
	if best >= 0 && ms[best].start > fragContext {
		from = ms[best].start - fragContext
		if sp := indexRune(chars[from:ms[best].start], ' '); sp >= 0 {
			from += sp + 1
		}
	}
	to := min(len(chars), from+fragWindow+fragContext)
	if to < len(chars) {
		floor := from
		if best >= 0 {
			floor = ms[best].end
		}
		if sp := lastIndexRune(chars[floor:to], ' '); sp >= 0 {
			to = floor + sp
		}
	}
	return from, to
}

func indexRune(rs []rune, r rune) int {
	for i, c := range rs {
		if c == r {
			return i
		}
	}
	return -1
}

func lastIndexRune(rs []rune, r rune) int {
	for i := len(rs) - 1; i >= 0; i-- {
		if rs[i] == r {
			return i
		}
	}
	return -1
}

// runeOffsets returns a function from byte offsets of s to rune offsets,
// for offsets met in increasing order.
func runeOffsets(s string) func(int) int {
	b, r := 0, 0
	return func(off int) int {
		if off < b {
			b, r = 0, 0
		}
		r += utf8.RuneCountInString(s[b:off])
		b = off
		return r
	}
}
