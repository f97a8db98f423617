package load

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/adrg/frontmatter"
)

// adrgSplit is what splitFront replaces: github.com/adrg/frontmatter's
// MustParse with the three formats, capturing the bytes.
func adrgSplit(data []byte) (r raw, bodyAt int, ok bool) {
	capture := func(name string) frontmatter.UnmarshalFunc {
		return func(data []byte, v any) error {
			*v.(*raw) = raw{name, bytes.Clone(data)}
			return nil
		}
	}
	formats := []*frontmatter.Format{
		{Start: "---", End: "---", Unmarshal: capture("yaml")},
		{Start: "+++", End: "+++", Unmarshal: capture("toml")},
		{Start: "{", End: "}", UnmarshalDelims: true, RequiresNewLine: true, Unmarshal: capture("json")},
	}
	rest, err := frontmatter.MustParse(bytes.NewReader(data), &r, formats...)
	if err != nil {
		return raw{}, 0, false
	}
	return r, len(data) - len(rest), true
}

// TestSplitFront checks splitFront against the parser it replaces, on
// the cases that matter and on random lines of delimiters, blanks, spaces
// and text, with and without a final line break.
func TestSplitFront(t *testing.T) {
	cases := []string{
		"---\nid: A\n---\nbody\n", "\n \n---\nid: A\n---\n", "---\nid: A\n---", "---\nid: A\n", "---",
		"---\n---\n", "+++\nid = 'A'\n+++\nbody", "{\n\"id\": \"A\"\n}\n\nbody", "{\n\"a\": {\n}\n\"b\": 1\n}\n",
		"{\n}\n}\n\nx", "{\n}\nx\n}\n", "{\n}", " --- \nid: A\n  ---  \nbody", "text\n---\n", "", "\n\n",
		"---\r\nid: A\r\n---\r\n", "\u00a0---\u00a0\nid: A\n---\n",
	}
	lines := []string{"---", "+++", "{", "}", "", " ", "id: A", " --- ", "}\t", "text", "\u00a0"}
	rng := rand.New(rand.NewPCG(5, 6))
	for range 20000 {
		var b strings.Builder
		for range rng.IntN(8) {
			b.WriteString(lines[rng.IntN(len(lines))])
			b.WriteString("\n")
		}
		if rng.IntN(2) == 0 {
			b.WriteString(lines[rng.IntN(len(lines))])
		}
		cases = append(cases, b.String())
	}
	found := 0
	for _, c := range cases {
		r, at, ok := splitFront([]byte(c))
		wr, wat, wok := adrgSplit([]byte(c))
		if ok != wok || at != wat || r.format != wr.format || !bytes.Equal(r.data, wr.data) {
			t.Fatalf("%q: got %v %d %q %q, want %v %d %q %q", c, ok, at, r.format, r.data, wok, wat, wr.format, wr.data)
		}
		if ok {
			found++
		}
	}
	if found < 1000 {
		t.Errorf("only %d of %d texts have front matter: the test tries too few", found, len(cases))
	}
}
