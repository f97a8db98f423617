package index_test

import (
	"context"
	"maps"
	"slices"
	"sync"
	"testing"

	"handbook/internal/search"
	"handbook/internal/search/index"
	"handbook/internal/search/searchtest"
)

// writeStatic writes the static index of docs with the memos given and
// returns its files.
func writeStatic(t *testing.T, docs []search.Document, memos ...index.Memo) map[string]string {
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
	if _, err := index.Write(context.Background(), out, docs, searchtest.FixtureTypes()); err != nil {
		t.Fatal(err)
	}
	return files
}

// TestMemoSameIndex writes the static index with memos kept from write to
// write, after edits of each kind, and compares it with one written
// without: the same files, byte for byte. An edit of one section's text
// analyses that one document again and compresses its document file and
// the term files it changed; an unchanged handbook analyses and
// compresses nothing.
func TestMemoSameIndex(t *testing.T) {
	docs, files := &searchtest.MapMemo{}, &searchtest.MapMemo{}
	steps := []struct {
		name     string
		change   func([]search.Document) []search.Document
		docPuts  int // documents analysed and document files compressed
		allFiles bool
	}{
		{"first", func(d []search.Document) []search.Document { return d }, 12, true},
		{"nothing changed", func(d []search.Document) []search.Document { return d }, 0, false},
		{"one section's text", func(d []search.Document) []search.Document {
			d[1].Sections[1].Text += " Critical incidents are escalated at once."
			return d
		}, 2, false},
		{"a heading", func(d []search.Document) []search.Document {
			d[3].Sections[0].Heading = "4.3 Who approves a change"
			return d
		}, 2, false},
		{"an address", func(d []search.Document) []search.Document {
			d[0].URL = "/policies/sms-pol-001/"
			return d
		}, 1, false},
		{"a language", func(d []search.Document) []search.Document {
			d[4].Lang = "fr"
			return d
		}, 2, false},
		{"a document removed", func(d []search.Document) []search.Document {
			return slices.Delete(d, 2, 3)
		}, 0, false},
	}
	current := searchtest.FixtureDocs()
	for _, s := range steps {
		current = s.change(current)
		want := writeStatic(t, current)
		docs.Reset()
		files.Reset()
		got := writeStatic(t, current, docs, files)
		if !maps.Equal(got, want) {
			for name := range want {
				if got[name] != want[name] {
					t.Errorf("%s: %s differs with the memos", s.name, name)
				}
			}
			t.Errorf("%s: %d files with the memos, %d without", s.name, len(got), len(want))
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
	}
}
