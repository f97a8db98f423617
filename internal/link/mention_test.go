package link

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"handbook/internal/benchcorpus"
	"handbook/internal/load"
	"handbook/internal/site"
)

// refFind is the plain statement of what matcher.find does for one set
// of titles: at each word, try every title, longest first (ties by id),
// and take the first one written there that ends on a word boundary.
func refFind(docs []*site.Document, set int, text string, skip func(string) bool) []match {
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
					out = append(out, match{i, i + len(e.title), e.id, set})
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

func lastRune(s string) rune {
	r, _ := utf8.DecodeLastRuneInString(s)
	return r
}

func firstRune(s string) rune {
	for _, r := range s {
		return r
	}
	return 0
}

// TestMatcherAgainstReference compares matcher.find with refFind, per
// set, on random text made of the titles' words and pieces, separators
// that are and are not word boundaries, and titles that share their first
// words, end in punctuation, repeat, or are prefixes of one another, also
// across the sets (current and retired).
func TestMatcherAgainstReference(t *testing.T) {
	titles := []string{
		"Service Management Plan", "Service Management Plan Review Procedure", "Service Management",
		"Procedure for the Review of Plans", "Procedure for the Review", "Procedure",
		"Third-Party Supplier Procedure", "Risk (Treatment) Plan", "Risk (Treatment)", "Plan (2026)",
		"Café Procedure", "Roles, Responsibilities and Authorities", "Service  Management  Policy",
		"Zoë's Register", "Capacity Plan", "Capacity Plan", "SMS", "A1 B2",
	}
	old := []string{
		"Service Management Plan Review", "Capacity Plan", "Procedure for the", "Risk (Treatment) Plan (2026)",
		"Zoë Register", "Management Plan",
	}
	var docs [sets][]*site.Document
	for i, title := range append(titles, old...) {
		set := current
		if i >= len(titles) {
			set = retired
		}
		docs[set] = append(docs[set], &site.Document{Meta: site.Meta{ID: fmt.Sprintf("SMS-DOC-%02d", 40-i), Title: title}})
	}
	m := newMatcher(docs[current], docs[retired])
	var words []string
	for _, title := range titles {
		words = append(words, strings.Fields(title)...)
	}
	words = append(words, "Plans", "Serviced", "the", "é", "2026", "Procedures", "Review")
	seps := []string{" ", " ", " ", "", ",", ", ", ". ", "(", ")", " (", ") ", "-", "'", "é", "  ", "\n"}
	rng := rand.New(rand.NewPCG(3, 4))
	skipped := map[string]bool{"SMS-DOC-25": true}
	skip := func(id string) bool { return skipped[id] }
	never := func(string) bool { return false }
	all := append(titles, old...)
	for n := range 20000 {
		var b strings.Builder
		for range 1 + rng.IntN(12) {
			if rng.IntN(3) == 0 {
				b.WriteString(all[rng.IntN(len(all))])
			} else {
				b.WriteString(words[rng.IntN(len(words))])
			}
			b.WriteString(seps[rng.IntN(len(seps))])
		}
		text := b.String()
		got := m.find(text, skip)
		for set, want := range [sets][]match{refFind(docs[current], current, text, skip), refFind(docs[retired], retired, text, never)} {
			if got := slices.DeleteFunc(slices.Clone(got), func(m match) bool { return m.set != set }); !slices.Equal(got, want) {
				t.Fatalf("text %d %q, set %d:\n got %v\nwant %v", n, text, set, got, want)
			}
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
	m := titleMatcher(s, nil)
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
