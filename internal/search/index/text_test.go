package index

import (
	"context"
	"maps"
	"slices"
	"sync"
	"testing"

	"handbook/internal/search"
)

// TestWriteAsksText writes the static index of documents given without
// their texts (Output.Text gives them), after a first build filled the
// memos and one document's text was edited: the files are those of a
// build of the whole documents without memos, byte for byte, and Write
// asks for the texts of the edited document alone when it has the memos
// and the sums (patching the index, or analysing every document with the
// memo's analyses), and for every document's without either.
func TestWriteAsksText(t *testing.T) {
	docs := wordyDocs()
	docMemo, files := newKeptMemo(), newKeptMemo()
	writeStats(t, docs, docMemo, files)
	docMemo.cycle()
	files.cycle()
	const edited = 5
	docs[edited].Sections[0].Text += " edited"
	want, _ := writeStats(t, docs, nil, nil)
	light := make([]search.Document, len(docs))
	for i, d := range docs {
		d.Sections = slices.Clone(d.Sections)
		for j := range d.Sections {
			d.Sections[j].Text = ""
		}
		light[i] = d
	}
	all := make([]int, len(docs))
	for i := range all {
		all[i] = i
	}
	for _, c := range []struct {
		name        string
		docs, files Memo
		sums        Sums
		asked       []int
		patched     bool
	}{
		{"patched", docMemo, files, SumDocuments(docs), []int{edited}, true},
		{"analysed with the memo", docMemo, nil, SumDocuments(docs), []int{edited}, false},
		{"no sums", docMemo, files, nil, all, true},
		{"no memo", nil, nil, nil, all, false},
	} {
		var mu sync.Mutex
		asked := map[int]bool{}
		got := map[string]string{}
		out := Output{Docs: c.docs, Files: c.files, Sums: c.sums,
			Put: func(name string, b []byte) error {
				mu.Lock()
				defer mu.Unlock()
				got[name] = string(b)
				return nil
			},
			Text: func(i int) []search.Section {
				mu.Lock()
				defer mu.Unlock()
				asked[i] = true
				return docs[i].Sections
			}}
		stats, err := Write(context.Background(), out, light, nil)
		if err != nil {
			t.Fatal(err)
		}
		t.Run(c.name, func(t *testing.T) { sameFiles(t, got, want) })
		if a := slices.Sorted(maps.Keys(asked)); !slices.Equal(a, c.asked) {
			t.Errorf("%s: asked for the texts of %d documents (%v), want %d", c.name, len(a), a[:min(len(a), 5)], len(c.asked))
		}
		if stats.Patched != c.patched {
			t.Errorf("%s: patched %v, want %v", c.name, stats.Patched, c.patched)
		}
	}
}
