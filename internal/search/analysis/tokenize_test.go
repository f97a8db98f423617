package analysis

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
)

// TestFastTokenizer holds the fast path to bleve's Unicode tokenizer: the
// same tokens, offsets and positions on the handbook's text and on random
// strings of the characters the fast path knows.
func TestFastTokenizer(t *testing.T) {
	slow := unicode.NewUnicodeTokenizer()
	fast := fastTokenizer{slow: slow}
	same := func(text string) {
		t.Helper()
		want, got := slow.Tokenize([]byte(text)), fast.Tokenize([]byte(text))
		if !slices.EqualFunc(want, got, func(a, b *analysis.Token) bool {
			return string(a.Term) == string(b.Term) && a.Start == b.Start && a.End == b.End && a.Position == b.Position
		}) {
			t.Errorf("%q:\nbleve %s\nfast  %s", text, terms(want), terms(got))
		}
	}
	for _, s := range []string{
		"", "a", "The Incident Manager's phone", "SMS-PROC-004, clause 8.6.1 (e.g. 3.5mm; 1,000 and 1;2)",
		"don't can’t ‘quoted’ “double” a:b a::b 1:2 .5 5. a.b.c a'b'1 1'2 x--y a…b non\u00a0breaking",
		"a_b _x x_", "naïve café", "tab\tnew\nline\r\n", "ends with a.", "'", "’a", "a’", "12’34",
	} {
		same(s)
	}
	files, _ := filepath.Glob("../../../content/*/*.md")
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, para := range strings.Split(string(b), "\n\n") {
			same(para)
		}
	}
	alphabet := []string{"a", "B", "z", "1", "9", ".", ":", ",", ";", "'", "’", "‘", "“", "”", "–", "—", "…", " ", "-", "(", "\u00a0", "\n"}
	r := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		var sb strings.Builder
		for range r.IntN(12) {
			sb.WriteString(alphabet[r.IntN(len(alphabet))])
		}
		same(sb.String())
	}
}

func terms(ts analysis.TokenStream) string {
	var out []string
	for _, t := range ts {
		out = append(out, string(t.Term))
	}
	return strings.Join(out, "|")
}
