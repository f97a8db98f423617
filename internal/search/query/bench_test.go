package query

import (
	"context"
	"slices"
	"strings"
	"testing"

	"handbook/internal/search/index"
	"handbook/internal/search/searchtest"
)

// mixedQueries makes n queries as staff type them from the index's own
// documents: words of titles and headings, questions, phrases, typos,
// prefixes, document ids, clause numbers and type filters.
func mixedQueries(ix *Index, n int) ([]Request, error) {
	var out []Request
	for i := 0; len(out) < n; i++ {
		d, err := ix.doc((i * 7919) % ix.meta.Docs)
		if err != nil {
			return nil, err
		}
		title := strings.Fields(strings.ToLower(d.Title))
		s := d.Sections[i%len(d.Sections)]
		heading := strings.Fields(strings.TrimLeft(strings.ToLower(s[1]), "0123456789. "))
		if len(heading) == 0 {
			heading = title
		}
		words := func(ws []string, k int) string { return strings.Join(ws[:min(k, len(ws))], " ") }
		long := slices.MaxFunc(title, func(a, b string) int { return len(a) - len(b) })
		var q Request
		switch i % 10 {
		case 0:
			q.Q = words(title, 2)
		case 1:
			q.Q = words(heading, 3)
		case 2: // two words of a heading and any small words between
			q.Q = `"` + phraseOf(heading, ix.words.Stop) + `"`
		case 3: // a typo: two letters swapped
			r := []rune(long)
			if len(r) > 4 {
				r[2], r[3] = r[3], r[2]
			}
			q.Q = string(r)
		case 4:
			q.Q = string([]rune(long)[:min(5, len([]rune(long)))]) + "*"
		case 5:
			q.Q = d.ID
		case 6:
			q.Q = "how do I " + words(heading, 2)
		case 7:
			q = Request{Q: words(title, 1), Type: d.Type}
		case 8:
			q.Q = words(title, 3) + " " + words(heading, 1)
		case 9:
			q.Q = long
		}
		out = append(out, q)
	}
	return out, nil
}

// BenchmarkWrite times indexing the fixture (see also BenchmarkIndexSite).
func BenchmarkWrite(b *testing.B) {
	docs := searchtest.FixtureDocs()
	for b.Loop() {
		if _, err := index.Write(context.Background(), index.FolderOutput(b.TempDir()), docs, searchtest.FixtureTypes()); err != nil {
			b.Fatal(err)
		}
	}
}

// phraseOf is the first run of a heading from one word that is not a stop
// word to the next.
func phraseOf(ws []string, stop map[string]bool) string {
	for i, w := range ws {
		if stop[w] {
			continue
		}
		for j := i + 1; j < len(ws) && j <= i+3; j++ {
			if !stop[ws[j]] {
				return strings.Join(ws[i:j+1], " ")
			}
		}
	}
	return strings.Join(ws, " ")
}
