package load

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/adrg/frontmatter"
)

// TestSplitFrontMatter compares splitFrontMatter with frontmatter.MustParse
// on random files of delimiters (with spaces around, or not alone on their
// line), blank lines, text and missing line ends.
func TestSplitFrontMatter(t *testing.T) {
	pieces := []string{"---", "+++", "{", "}", " --- ", "---x", "\t+++", "id: x", "\"a\": 1", "", " ", "\u00a0", "body", "{}", "} "}
	rng := rand.New(rand.NewPCG(9, 10))
	found := 0
	for range 50000 {
		var b strings.Builder
		for range rng.IntN(8) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
			if rng.IntN(8) > 0 {
				b.WriteString([]string{"\n", "\n", "\r\n"}[rng.IntN(3)])
			}
		}
		data := []byte(b.String())
		found += compareSplit(t, data)
	}
	if found < 1000 {
		t.Errorf("front matter found in only %d of the random files", found)
	}
}

func compareSplit(t *testing.T, data []byte) int {
	t.Helper()
	r, body, ok := splitFrontMatter(data)
	var want raw
	rest, err := frontmatter.MustParse(bytes.NewReader(data), &want, formats...)
	if ok != (err == nil) || ok && (r.format != want.format || !bytes.Equal(r.data, want.data) || len(data)-body != len(rest)) {
		t.Fatalf("%q: split %v %q, body at %d; MustParse %v %q, body at %d", data, ok, r.data, body, err, want.data, len(data)-len(rest))
	}
	if ok {
		return 1
	}
	return 0
}

// FuzzSplitFrontMatter: splitFrontMatter agrees with frontmatter.MustParse
// on any bytes.
func FuzzSplitFrontMatter(f *testing.F) {
	f.Add([]byte("---\nid: x\n---\nbody\n"))
	f.Add([]byte("\n {\n\"id\": 1\n}\n\nbody"))
	f.Fuzz(func(t *testing.T, data []byte) { compareSplit(t, data) })
}
