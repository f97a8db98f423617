package diag

import (
	"bytes"
	"testing"
)

func TestLinesCount(t *testing.T) {
	for _, src := range []string{"", "one", "a\nb\n\nc", "\n\n\n", "x\r\ny\n"} {
		l := NewLines([]byte(src))
		for off := -1; off <= len(src)+1; off++ {
			want := bytes.Count([]byte(src)[:min(max(off, 0), len(src))], []byte("\n"))
			if got := l.Count(off); got != want {
				t.Errorf("%q: Count(%d) = %d, want %d", src, off, got, want)
			}
		}
	}
}
