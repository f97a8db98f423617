package diag

import (
	"bytes"
	"sort"
)

// A line of a source file ends at "\n", "\r\n" or a lone "\r": the line
// breaks of YAML, JSON and CommonMark, and what an editor shows as separate
// lines (old Mac files end lines with a lone "\r"). Every line number in a
// diagnostic counts lines this way, so it names a line the file has.

// NormalizeNewlines returns src with every "\r\n" and lone "\r" replaced by
// "\n": the same lines, so a line number in the result is one in src. It
// returns src itself (no copy) when src has no "\r".
func NormalizeNewlines(src []byte) []byte {
	i := bytes.IndexByte(src, '\r')
	if i < 0 {
		return src
	}
	out := make([]byte, i, len(src))
	copy(out, src[:i])
	for ; i < len(src); i++ {
		c := src[i]
		if c == '\r' {
			c = '\n'
			if i+1 < len(src) && src[i+1] == '\n' {
				i++
			}
		}
		out = append(out, c)
	}
	return out
}

// LineCount is the number of lines of src: one more than its line breaks
// (a file ending in a line break has an empty last line).
func LineCount(src []byte) int {
	return 1 + NewLines(src).Count(len(src))
}

// Lines converts byte offsets in one source to line numbers. Counting the
// line breaks before each offset anew is quadratic in a long document with
// many headings or links; Lines indexes them once.
type Lines struct {
	src    []byte
	breaks []int // offsets of the last byte of each line break, built on first use
	built  bool
}

// NewLines indexes src lazily.
func NewLines(src []byte) *Lines { return &Lines{src: src} }

// Count returns how many line breaks end before offset (0 on the first
// line); offsets outside src are clamped to it. An offset on the "\r" of a
// "\r\n" is on the line that break ends.
func (l *Lines) Count(offset int) int {
	if !l.built {
		l.breaks = lineBreaks(l.src)
		l.built = true
	}
	offset = min(max(offset, 0), len(l.src))
	return sort.SearchInts(l.breaks, offset)
}

// lineBreaks returns the offsets of the last byte of each line break of
// src. Text without "\r" (all of it once normalised) is searched for "\n"
// alone, which bytes.IndexByte does many bytes at a time.
func lineBreaks(src []byte) []int {
	if bytes.IndexByte(src, '\r') < 0 {
		breaks := make([]int, 0, bytes.Count(src, []byte{'\n'}))
		for i := 0; ; i++ {
			j := bytes.IndexByte(src[i:], '\n')
			if j < 0 {
				return breaks
			}
			i += j
			breaks = append(breaks, i)
		}
	}
	var breaks []int
	for i := 0; ; i++ {
		j := bytes.IndexAny(src[i:], "\r\n")
		if j < 0 {
			return breaks
		}
		i += j
		if src[i] == '\r' && i+1 < len(src) && src[i+1] == '\n' {
			i++
		}
		breaks = append(breaks, i)
	}
}
