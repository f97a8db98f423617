package load

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"
)

// TestParseFrontPrefix checks that parseFront finds what
// frontmatter.MustParse finds in the whole file, whatever the prefix it
// tries first: on random lines of delimiters, blanks, spaces and text,
// with and without a final line break, every prefix length.
func TestParseFrontPrefix(t *testing.T) {
	lines := []string{"---", "+++", "{", "}", "", " ", "id: A", " --- ", "}\t", "text", "\u00a0"}
	rng := rand.New(rand.NewPCG(5, 6))
	found, early := 0, 0
	for range 3000 {
		var b strings.Builder
		for range rng.IntN(9) {
			b.WriteString(lines[rng.IntN(len(lines))])
			b.WriteString("\n")
		}
		if rng.IntN(2) == 0 {
			b.WriteString(lines[rng.IntN(len(lines))])
		}
		data := []byte(b.String())
		want, wantAt, wantErr := parseFront(data, len(data)) // MustParse on the whole
		if wantErr == nil {
			found++
		}
		for prefix := 0; prefix <= len(data); prefix++ {
			r, at, err := parseFront(data, prefix)
			if r.format != want.format || !bytes.Equal(r.data, want.data) || at != wantAt || (err == nil) != (wantErr == nil) {
				t.Fatalf("%q, prefix %d: got %q %q %d %v, want %q %q %d %v",
					data, prefix, r.format, r.data, at, err, want.format, want.data, wantAt, wantErr)
			}
			if err == nil && at < prefix {
				early++
			}
		}
	}
	if found < 300 || early < 1000 {
		t.Errorf("%d texts with front matter, %d found within the prefix: the test tries too few", found, early)
	}
}
