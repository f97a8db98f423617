package diag

import (
	"bytes"
	"testing"
)

func TestLinesCount(t *testing.T) {
	for _, src := range []string{"", "one", "a\nb\n\nc", "\n\n\n", "x\r\ny\n", "a\rb\r\rc", "\r", "\r\n\r", "a\r\r\nb"} {
		norm := NormalizeNewlines([]byte(src))
		l := NewLines([]byte(src))
		for off := -1; off <= len(src)+1; off++ {
			// A byte-by-byte count: "\n", and "\r" unless a "\n" follows.
			o, want := min(max(off, 0), len(src)), 0
			for i := range o {
				if src[i] == '\n' || src[i] == '\r' && (i+1 == len(src) || src[i+1] != '\n') {
					want++
				}
			}
			if got := l.Count(off); got != want {
				t.Errorf("%q: Count(%d) = %d, want %d", src, off, got, want)
			}
		}
		if got, want := LineCount([]byte(src)), 1+bytes.Count(norm, []byte("\n")); got != want {
			t.Errorf("%q: LineCount = %d, want %d", src, got, want)
		}
	}
}

func TestNormalizeNewlines(t *testing.T) {
	for src, want := range map[string]string{
		"":             "",
		"a\nb":         "a\nb",
		"a\r\nb\r\n":   "a\nb\n",
		"a\rb\r":       "a\nb\n",
		"a\r\r\nb\n\r": "a\n\nb\n\n",
		"\r\n\r\n":     "\n\n",
	} {
		if got := string(NormalizeNewlines([]byte(src))); got != want {
			t.Errorf("NormalizeNewlines(%q) = %q, want %q", src, got, want)
		}
	}
	src := []byte("no carriage return\n")
	if got := NormalizeNewlines(src); &got[0] != &src[0] {
		t.Error("a source without \\r is copied")
	}
}
