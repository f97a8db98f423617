package diag

import (
	"bytes"
	"sort"
)

// Lines converts byte offsets in one source to line numbers. Counting the
// newlines before each offset anew is quadratic in a long document with
// many headings or links; Lines indexes them once.
type Lines struct {
	src      []byte
	newlines []int // offsets of '\n', built on first use
	built    bool
}

// NewLines indexes src lazily.
func NewLines(src []byte) *Lines { return &Lines{src: src} }

// Count returns how many newlines come before offset (0 on the first
// line); offsets outside src are clamped to it.
func (l *Lines) Count(offset int) int {
	if !l.built {
		for i := 0; ; {
			j := bytes.IndexByte(l.src[i:], '\n')
			if j < 0 {
				break
			}
			l.newlines = append(l.newlines, i+j)
			i += j + 1
		}
		l.built = true
	}
	offset = min(max(offset, 0), len(l.src))
	return sort.SearchInts(l.newlines, offset)
}
