package index_test

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"handbook/internal/search"
	"handbook/internal/search/format"
	"handbook/internal/search/index"
	"handbook/internal/search/searchtest"
)

// writeStatic writes the static index of docs with the memos given and
// returns its files.
func writeStatic(t *testing.T, docs []search.Document, memos ...index.Memo) map[string]string {
	files, _ := writeStaticStats(t, docs, memos...)
	return files
}

// writeStaticStats is writeStatic that returns Write's stats too.
func writeStaticStats(t *testing.T, docs []search.Document, memos ...index.Memo) (map[string]string, index.WriteStats) {
	t.Helper()
	var mu sync.Mutex
	files := map[string]string{}
	out := index.Output{Put: func(name string, b []byte) error {
		mu.Lock()
		defer mu.Unlock()
		if _, dup := files[name]; dup {
			t.Errorf("%s written twice", name)
		}
		files[name] = string(b)
		return nil
	}}
	if len(memos) == 2 {
		out.Docs, out.Files = memos[0], memos[1]
	}
	stats, err := index.Write(context.Background(), out, docs, searchtest.FixtureTypes())
	if err != nil {
		t.Fatal(err)
	}
	return files, stats
}

// TestMemoSameIndex writes the static index with memos kept from write to
// write, after edits of each kind, and compares it with one written
// without: the same files, byte for byte. An edit of one section's text
// analyses that one document again and compresses its document file and
// the term files it changed; an unchanged handbook analyses and
// compresses nothing. A term shard that changed encodes again only the
// terms whose postings changed (TermsEncoded), the others copied from the
// memo: after an edit of any kind, some but not all of them.
func TestMemoSameIndex(t *testing.T) {
	docs, files := &searchtest.MapMemo{}, &searchtest.MapMemo{}
	steps := []struct {
		name     string
		change   func([]search.Document) []search.Document
		docPuts  int // documents analysed and document files compressed
		allFiles bool
		terms    bool // some term's postings changed
		patched  bool // the previous build's index patched (delta.go)
	}{
		{"first", func(d []search.Document) []search.Document { return d }, 12, true, false, false},
		{"nothing changed", func(d []search.Document) []search.Document { return d }, 0, false, false, true},
		{"one section's text", func(d []search.Document) []search.Document {
			d[1].Sections[1].Text += " Critical incidents are escalated at once."
			return d
		}, 2, false, true, true},
		{"a heading", func(d []search.Document) []search.Document {
			d[3].Sections[0].Heading = "4.3 Who approves a change"
			return d
		}, 2, false, false, true},
		{"an address", func(d []search.Document) []search.Document {
			d[0].URL = "/policies/sms-pol-001/"
			return d
		}, 1, false, false, true},
		{"a language", func(d []search.Document) []search.Document {
			d[4].Lang = "fr"
			return d
		}, 2, false, true, false}, // other stop words
		{"a language used already", func(d []search.Document) []search.Document {
			d[5].Lang = "fr"
			return d
		}, 2, false, true, true},
		{"a tag", func(d []search.Document) []search.Document {
			d[1].Tags = append(slices.Clone(d[1].Tags), "escalation")
			return d
		}, 2, false, true, true},
		{"a section added", func(d []search.Document) []search.Document {
			d[2].Sections = append(slices.Clone(d[2].Sections), search.Section{Anchor: "notes", Heading: "Notes", Text: "Incidents are reviewed weekly."})
			return d
		}, 2, false, true, true},
		{"a section's words replaced", func(d []search.Document) []search.Document {
			d[2].Sections[len(d[2].Sections)-1].Text = "Quarterly zebra audits."
			return d
		}, 2, false, true, true},
		{"a type", func(d []search.Document) []search.Document {
			d[0].Type = "record"
			return d
		}, 1, false, false, true},
		{"two documents' texts", func(d []search.Document) []search.Document {
			d[0].Sections[0].Text += " Reviewed yearly."
			d[len(d)-1].Sections[0].Text += " Reviewed yearly."
			return d
		}, 4, false, true, true},
		{"more term shards", func(d []search.Document) []search.Document {
			var words []string
			for i := range 3000 {
				words = append(words, fmt.Sprintf("zz%dword", i))
			}
			d[1].Sections[0].Text += " " + strings.Join(words, " ")
			return d
		}, 2, true, true, false},
		{"fewer term shards", func(d []search.Document) []search.Document {
			d[1].Sections[0].Text = "Incidents are logged."
			return d
		}, 2, true, true, false},
		{"clauses", func(d []search.Document) []search.Document {
			d[1].Clauses = append(slices.Clone(d[1].Clauses), "8.6.1")
			return d
		}, 0, false, true, false},
		{"a title", func(d []search.Document) []search.Document {
			d[2].Title = "Major Incident Handling"
			return d
		}, 2, false, true, false},
		{"an identifier", func(d []search.Document) []search.Document {
			d[3].ID = "SMS-PRC-015"
			return d
		}, 1, false, true, false},
		{"a document removed", func(d []search.Document) []search.Document {
			return slices.Delete(d, 2, 3)
		}, 0, false, true, false},
		{"a document added", func(d []search.Document) []search.Document {
			return slices.Insert(d, 1, search.Document{ID: "SMS-PRC-020", Title: "Problem Management Process", Type: "process",
				URL: "/docs/sms-prc-020/", Sections: []search.Section{{Text: "Problems are recorded and their root causes found."}}})
		}, 2, false, true, false},
		{"many documents: overflow tiers", func(d []search.Document) []search.Document {
			for i := range 3 * format.Tier0 {
				d = append(d, search.Document{ID: fmt.Sprintf("SMS-REC-%03d", i), Title: "Incident record", Type: "record",
					URL: fmt.Sprintf("/docs/sms-rec-%03d/", i), Sections: []search.Section{{Text: strings.Repeat("incident ", 1+i%7) + "closed as " + strconv.Itoa(i)}}})
			}
			return d
		}, 2 * 3 * format.Tier0, true, false, false},
		{"a text among many", func(d []search.Document) []search.Document {
			d[len(d)-1].Sections[0].Text += " and reviewed"
			return d
		}, 2, false, true, true},
		{"a text among many, again", func(d []search.Document) []search.Document {
			d[len(d)-2].Sections[0].Text += " by the desk"
			return d
		}, 2, false, true, true},
	}
	current := searchtest.FixtureDocs()
	for _, s := range steps {
		current = s.change(current)
		want := writeStatic(t, current)
		docs.Reset()
		files.Reset()
		got, stats := writeStaticStats(t, current, docs, files)
		if !maps.Equal(got, want) {
			for name := range want {
				if got[name] != want[name] {
					t.Errorf("%s: %s differs with the memos", s.name, name)
				}
			}
			t.Errorf("%s: %d files with the memos, %d without", s.name, len(got), len(want))
		}
		if stats.Patched != s.patched {
			t.Errorf("%s: patched %t, want %t", s.name, stats.Patched, s.patched)
		}
		if docs.Puts != s.docPuts {
			t.Errorf("%s: %d analyses and document files made, want %d", s.name, docs.Puts, s.docPuts)
		}
		if s.name == "nothing changed" && files.Puts != 0 {
			t.Errorf("%s: %d files compressed again", s.name, files.Puts)
		}
		if !s.allFiles && files.Hits == 0 {
			t.Errorf("%s: no compressed file reused", s.name)
		}
		_, all := writeStaticStats(t, current)
		switch {
		case s.allFiles:
		case s.terms != (stats.TermsEncoded > 0):
			t.Errorf("%s: %d terms encoded again, want some: %t", s.name, stats.TermsEncoded, s.terms)
		case stats.TermsEncoded >= all.TermsEncoded:
			t.Errorf("%s: %d of %d terms encoded again", s.name, stats.TermsEncoded, all.TermsEncoded)
		}
	}
}
