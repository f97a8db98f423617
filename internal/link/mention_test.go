package link

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"handbook/internal/benchcorpus"
	"handbook/internal/load"
	"handbook/internal/site"
)

// refFind is the plain statement of what matcher.find does: at each
// word, try every title, longest first (ties by id), and take the first
// one written there that ends on a word boundary.
func refFind(docs []*site.Document, text string, skip func(string) bool) []match {
	type entry struct{ title, id string }
	var titles []entry
	for _, d := range docs {
		if t := strings.Join(strings.Fields(d.Meta.Title), " "); len(t) >= 4 {
			titles = append(titles, entry{t, d.Meta.ID})
		}
	}
	slices.SortStableFunc(titles, func(a, b entry) int {
		if len(a.title) != len(b.title) {
			return len(b.title) - len(a.title)
		}
		return strings.Compare(a.id, b.id)
	})
	var out []match
	taken := map[string]bool{}
	for i := 0; i < len(text); {
		if !isWord(firstRune(text[i:])) || (i > 0 && isWord(lastRune(text[:i]))) {
			i += len(string(firstRune(text[i:])))
			continue
		}
		found := false
		for _, e := range titles {
			if strings.HasPrefix(text[i:], e.title) && !continuesWord(text[i+len(e.title):]) {
				if !skip(e.id) && !taken[e.id] {
					out = append(out, match{i, i + len(e.title), e.id})
					taken[e.id] = true
				}
				i += len(e.title)
				found = true
				break
			}
		}
		if !found {
			i = cut(text, i)
		}
	}
	return out
}

func firstRune(s string) rune {
	for _, r := range s {
		return r
	}
	return 0
}

// TestMatcherAgainstReference compares matcher.find with refFind on
// random text made of the titles' words and pieces, separators that are
// and are not word boundaries, and titles that share their first words,
// end in punctuation, repeat, or are prefixes of one another.
func TestMatcherAgainstReference(t *testing.T) {
	titles := []string{
		"Service Management Plan", "Service Management Plan Review Procedure", "Service Management",
		"Procedure for the Review of Plans", "Procedure for the Review", "Procedure",
		"Third-Party Supplier Procedure", "Risk (Treatment) Plan", "Risk (Treatment)", "Plan (2026)",
		"Café Procedure", "Roles, Responsibilities and Authorities", "Service  Management  Policy",
		"Zoë's Register", "Capacity Plan", "Capacity Plan", "SMS", "A1 B2",
	}
	var docs []*site.Document
	for i, title := range titles {
		docs = append(docs, &site.Document{Meta: site.Meta{ID: fmt.Sprintf("SMS-DOC-%02d", len(titles)-i), Title: title}})
	}
	m := newMatcher(docs)
	var words []string
	for _, title := range titles {
		words = append(words, strings.Fields(title)...)
	}
	words = append(words, "Plans", "Serviced", "the", "é", "2026", "Procedures")
	seps := []string{" ", " ", " ", "", ",", ", ", ". ", "(", ")", " (", ") ", "-", "'", "é", "  ", "\n"}
	rng := rand.New(rand.NewPCG(3, 4))
	skipped := map[string]bool{"SMS-DOC-03": true}
	skip := func(id string) bool { return skipped[id] }
	for n := range 20000 {
		var b strings.Builder
		for range 1 + rng.IntN(12) {
			if rng.IntN(3) == 0 {
				b.WriteString(titles[rng.IntN(len(titles))])
			} else {
				b.WriteString(words[rng.IntN(len(words))])
			}
			b.WriteString(seps[rng.IntN(len(seps))])
		}
		text := b.String()
		if got, want := m.find(text, skip), refFind(docs, text, skip); !slices.Equal(got, want) {
			t.Fatalf("text %d %q:\n got %v\nwant %v", n, text, got, want)
		}
	}
}

// BenchmarkFindMentions scans the source of every document of the
// benchmark corpus for the titles of all of them, as the renderer scans
// each run of prose.
func BenchmarkFindMentions(b *testing.B) {
	s, _, err := load.Site(benchcorpus.Site(b))
	if err != nil {
		b.Fatal(err)
	}
	m := newMatcher(s.Docs)
	var size int64
	for _, d := range s.Docs {
		size += int64(len(d.Body))
	}
	b.SetBytes(size)
	never := func(string) bool { return false }
	for b.Loop() {
		for _, d := range s.Docs {
			m.find(string(d.Body), never)
		}
	}
}
