package index

import (
	"bytes"
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"testing"

	"handbook/internal/search"
	"handbook/internal/search/analysis"
	"handbook/internal/search/format"
)

// wordyDocs are recordDocs with documents of many words of their own:
// enough term shards that an edit leaves most of them as they were.
func wordyDocs() []search.Document {
	docs := recordDocs(3 * format.Tier0)
	for i := range 40 {
		var words []string
		for j := range 150 {
			words = append(words, fmt.Sprintf("w%dx%d", i, j))
		}
		docs = append(docs, search.Document{ID: fmt.Sprintf("WORDS-%02d", i), Title: "Glossary " + fmt.Sprint(i), Type: "record",
			URL: fmt.Sprintf("/w/%d/", i), Tags: []string{"glossary"}, Sections: []search.Section{{Text: strings.Join(words, " ")}}})
	}
	return docs
}

// writeStats writes the static index of docs with the memos given (or
// none) and returns its files and Write's stats.
func writeStats(t *testing.T, docs []search.Document, docMemo, files Memo) (map[string]string, WriteStats) {
	t.Helper()
	var mu sync.Mutex
	out := map[string]string{}
	o := Output{Docs: docMemo, Files: files, Put: func(name string, b []byte) error {
		mu.Lock()
		defer mu.Unlock()
		out[name] = string(b)
		return nil
	}}
	stats, err := Write(context.Background(), o, docs, nil)
	if err != nil {
		t.Fatal(err)
	}
	return out, stats
}

// sameFiles fails t for each file that differs between got and want.
func sameFiles(t *testing.T, got, want map[string]string) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%d files, want %d", len(got), len(want))
	}
	for name := range want {
		if got[name] != want[name] {
			t.Errorf("%s differs", name)
		}
	}
}

// keptMemo is a Memo that, like the build cache's, keeps for the next
// build only what a build got or put (next, after cycle).
type keptMemo struct {
	mu         sync.Mutex
	prev, next map[[32]byte][]byte
}

func newKeptMemo() *keptMemo {
	return &keptMemo{prev: map[[32]byte][]byte{}, next: map[[32]byte][]byte{}}
}

func (m *keptMemo) Get(sum [32]byte) ([]byte, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	b, ok := m.prev[sum]
	if ok {
		m.next[sum] = b
	}
	return b, ok
}

func (m *keptMemo) Put(sum [32]byte, data []byte) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.next[sum] = data
}

// cycle ends a build.
func (m *keptMemo) cycle() { m.prev, m.next = m.next, map[[32]byte][]byte{} }

// TestDeltaPatches edits the text of documents of a handbook of many term
// shards, one build after the other with memos that keep what a build
// used: each build patches the previous one's index (the old terms of a
// document edited after other edits kept too), encodes a few of its terms
// and writes most shards from the memo, and its files are those of a
// build without a memo, byte for byte.
func TestDeltaPatches(t *testing.T) {
	docs := wordyDocs()
	docMemo, files := newKeptMemo(), newKeptMemo()
	_, first := writeStats(t, docs, docMemo, files)
	docMemo.cycle()
	files.cycle()
	if first.Patched {
		t.Fatal("the first build patched an index")
	}
	for i, edit := range []func(){
		func() { docs[5].Sections[0].Text += " again" },
		func() { docs[3*format.Tier0+2].Sections[0].Text += " w7x3 w7x3 unique" },
		func() { // words of its own gone
			text := docs[3*format.Tier0+2].Sections[0].Text
			docs[3*format.Tier0+2].Sections[0].Text = text[strings.Index(text, " w2x9 "):]
		},
		func() { docs[0].Tags = []string{"glossary"} },
		func() {},
	} {
		edit()
		want, all := writeStats(t, docs, nil, nil)
		got, stats := writeStats(t, docs, docMemo, files)
		docMemo.cycle()
		files.cycle()
		sameFiles(t, got, want)
		if !stats.Patched {
			t.Errorf("edit %d: not patched", i)
		}
		if stats.TermsEncoded*4 > all.TermsEncoded {
			t.Errorf("edit %d: %d of %d terms encoded again", i, stats.TermsEncoded, all.TermsEncoded)
		}
	}
}

// TestDeltaStale damages or replaces what the delta path keeps before an
// edit: the index written is the same as without a memo, byte for byte,
// patched or made from every document as the test says.
func TestDeltaStale(t *testing.T) {
	for _, c := range []struct {
		name    string
		tamper  func(docMemo, files *mapMemo, shards int, before []byte)
		patched bool
	}{
		{"nothing", func(*mapMemo, *mapMemo, int, []byte) {}, true},
		{"state garbage", func(_, files *mapMemo, _ int, _ []byte) { files.Put(deltaSum(), []byte("not a state")) }, false},
		{"state cut short", func(_, files *mapMemo, _ int, _ []byte) {
			b, _ := files.Get(deltaSum())
			files.Put(deltaSum(), b[:len(b)-1])
		}, false},
		{"state of the build before", func(_, files *mapMemo, _ int, before []byte) { files.Put(deltaSum(), before) }, false},
		{"term postings of another shard", func(_, files *mapMemo, shards int, _ []byte) {
			for sh := range shards {
				b, _ := files.Get(stateSum((sh+1)%shards, shards))
				files.Put(stateSum(sh, shards), b)
			}
		}, false},
		{"term postings cut short", func(_, files *mapMemo, shards int, _ []byte) {
			for sh := range shards {
				b, _ := files.Get(stateSum(sh, shards))
				files.Put(stateSum(sh, shards), b[:len(b)/2])
			}
		}, false},
		{"term entries forgotten", func(_, files *mapMemo, shards int, _ []byte) {
			for sh := range shards {
				delete(files.m, entriesSum(sh, shards))
			}
		}, true},
		{"analyses forgotten", func(docMemo, _ *mapMemo, _ int, _ []byte) { clear(docMemo.m) }, false},
		{"compressed files forgotten", func(_, files *mapMemo, _ int, _ []byte) {
			maps.DeleteFunc(files.m, func(_ [32]byte, b []byte) bool { return bytes.HasPrefix(b, []byte{0x1f, 0x8b}) })
		}, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			docs := wordyDocs()
			docMemo, files := &mapMemo{m: map[[32]byte][]byte{}}, &mapMemo{m: map[[32]byte][]byte{}}
			writeStats(t, docs, docMemo, files)
			before, _ := files.Get(deltaSum())
			docs[7].Sections[0].Text += " reopened"
			_, stats := writeStats(t, docs, docMemo, files)
			if !stats.Patched {
				t.Fatal("the edit before was not patched")
			}
			got, shards := writeFiles(t, docs, nil, nil)
			c.tamper(docMemo, files, shards, before)
			docs[3*format.Tier0+1].Sections[0].Text += " w1x2"
			docs[7].Sections[0].Text += " again"
			want, _ := writeStats(t, docs, nil, nil)
			got, stats = writeStats(t, docs, docMemo, files)
			sameFiles(t, got, want)
			if stats.Patched != c.patched {
				t.Errorf("patched %t, want %t", stats.Patched, c.patched)
			}
		})
	}
}

// TestDecodeDeltaState reads every prefix of a delta state and of a term
// shard's postings: the whole ones back, the others refused.
func TestDecodeDeltaState(t *testing.T) {
	files := &mapMemo{m: map[[32]byte][]byte{}}
	_, shards := writeFiles(t, recordDocs(3*format.Tier0), &mapMemo{m: map[[32]byte][]byte{}}, files)
	b, ok := files.Get(deltaSum())
	if !ok {
		t.Fatal("no delta state kept")
	}
	st, err := decodeDeltaState(b)
	if err != nil || len(st.shards) != shards || len(st.docs) != 3*format.Tier0 || len(st.vocab) == 0 {
		t.Fatalf("delta state not read back: %v", err)
	}
	if !bytes.Equal(st.encode(), b) {
		t.Error("delta state encoded otherwise")
	}
	for n := range len(b) {
		if _, err := decodeDeltaState(b[:n]); err == nil {
			t.Errorf("%d of %d bytes read as a delta state", n, len(b))
		}
	}
	b, ok = files.Get(stateSum(0, shards))
	if !ok {
		t.Fatal("no term postings kept")
	}
	ss, err := decodeShardState(b)
	if err != nil || len(ss.keys) == 0 {
		t.Fatalf("term postings not read back: %v", err)
	}
	for n := range len(b) {
		if _, err := decodeShardState(b[:n]); err == nil {
			t.Errorf("%d of %d bytes read as term postings", n, len(b))
		}
	}
}

// TestChangedTerms lists, for an edit of a document, the terms whose
// postings the edit changed: a term of the edited section whose count or
// field length changed, one gone (no postings now) or new, and none of
// the other sections' terms.
func TestChangedTerms(t *testing.T) {
	w, err := analysis.NewWords(nil)
	if err != nil {
		t.Fatal(err)
	}
	doc := search.Document{ID: "POL-1", Title: "Incident policy", Tags: []string{"incident"}, Sections: []search.Section{
		{Text: "Incidents are restored quickly."}, {Heading: "Escalation", Text: "Escalate priority incidents."}}}
	termsOf := func(d search.Document) docTerms {
		langs, err := analysis.DocLanguages([]search.Document{d})
		if err != nil {
			t.Fatal(err)
		}
		a := analysis.NewAnalyser(w, true)
		res := a.Document(&d, langs[0])
		return docTermsOf(&res, true)
	}
	for _, c := range []struct {
		name string
		edit func(d *search.Document)
		want []string // the keys changed, with a posting in field text now (or none: "-")
	}{
		{"nothing", func(d *search.Document) {}, nil},
		{"a word's count, same length", func(d *search.Document) { d.Sections[1].Text = "Escalate incidents incidents." },
			[]string{"incid", "prioriti -"}},
		{"a word added: the section's length changed", func(d *search.Document) { d.Sections[0].Text += " Always." },
			[]string{"alwai", "incid", "quickli", "restor"}},
		{"a heading, same stem", func(d *search.Document) { d.Sections[1].Heading = "Escalating" }, nil},
		{"a heading", func(d *search.Document) { d.Sections[1].Heading = "Escalation rules" },
			[]string{"escal", "rule"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			now := doc
			now.Sections = slices.Clone(doc.Sections)
			c.edit(&now)
			s := newStaticIndex([]search.Document{now}, w)
			got := s.changedTerms([]changedDoc{{d: 0, old: termsOf(doc), now: termsOf(now)}})
			var keys []string
			for _, k := range slices.Sorted(maps.Keys(got)) {
				if len(got[k][format.SfText]) == 0 && len(got[k][format.SfHeading]) == 0 {
					k += " -"
				}
				keys = append(keys, k)
			}
			if !slices.Equal(keys, c.want) {
				t.Errorf("changed %q, want %q", keys, c.want)
			}
		})
	}
}
