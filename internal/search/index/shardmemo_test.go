package index

import (
	"encoding/json"
	"fmt"
	"maps"
	"strings"
	"sync"
	"testing"

	"handbook/internal/search"
	"handbook/internal/search/format"
)

// mapMemo is a Memo in memory.
type mapMemo struct {
	mu sync.Mutex
	m  map[[32]byte][]byte
}

func (m *mapMemo) Get(sum [32]byte) ([]byte, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	b, ok := m.m[sum]
	return b, ok
}

func (m *mapMemo) Put(sum [32]byte, data []byte) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.m[sum] = data
}

// recordDocs are n documents, enough for terms with overflow tiers.
func recordDocs(n int) []search.Document {
	docs := make([]search.Document, n)
	for i := range docs {
		docs[i] = search.Document{ID: fmt.Sprintf("REC-%03d", i), Title: "Incident record " + fmt.Sprint(i%11), Type: "record",
			URL: fmt.Sprintf("/r/%d/", i), Sections: []search.Section{{Text: strings.Repeat("incident ", 1+i%7) + "closed by desk " + fmt.Sprint(i%13)}}}
	}
	return docs
}

// writeFiles writes the static index of docs with the memos given (or
// none) and returns its files and how many term shards it has.
func writeFiles(t *testing.T, docs []search.Document, docMemo, files Memo) (map[string]string, int) {
	t.Helper()
	out, _ := writeStats(t, docs, docMemo, files)
	var meta format.StaticMeta
	if err := json.Unmarshal([]byte(out["meta.json"]), &meta); err != nil {
		t.Fatal(err)
	}
	return out, meta.Shards
}

// TestShardEntriesStale puts wrong term entries where the memo keeps each
// shard's (another shard's, damaged ones, cut short) before an edit: the
// index written is the same as without a memo, byte for byte. (Bytes
// changed inside an entry are the cache's to refuse: its checksums.)
func TestShardEntriesStale(t *testing.T) {
	for _, c := range []struct {
		name   string
		tamper func(blobs [][]byte, sh int) []byte
	}{
		{"another shard's", func(blobs [][]byte, sh int) []byte { return blobs[(sh+1)%len(blobs)] }},
		{"garbage", func([][]byte, int) []byte { return []byte("not entries") }},
		{"cut short", func(blobs [][]byte, sh int) []byte { return blobs[sh][:len(blobs[sh])/2] }},
	} {
		t.Run(c.name, func(t *testing.T) {
			docs := recordDocs(3 * format.Tier0)
			docMemo, files := &mapMemo{m: map[[32]byte][]byte{}}, &mapMemo{m: map[[32]byte][]byte{}}
			_, shards := writeFiles(t, docs, docMemo, files)
			if shards < 2 {
				t.Fatalf("%d shards: too few for the test", shards)
			}
			blobs := make([][]byte, shards)
			for sh := range blobs {
				var ok bool
				if blobs[sh], ok = files.Get(entriesSum(sh, shards)); !ok {
					t.Fatalf("shard %d: no entries kept", sh)
				}
			}
			for sh := range blobs {
				files.Put(entriesSum(sh, shards), c.tamper(blobs, sh))
			}
			docs[5].Sections[0].Text += " again"
			want, _ := writeFiles(t, docs, nil, nil)
			got, _ := writeFiles(t, docs, docMemo, files)
			if !maps.Equal(got, want) {
				for name := range want {
					if got[name] != want[name] {
						t.Errorf("%s differs with the memo", name)
					}
				}
			}
		})
	}
}

// TestDecodeShardEntries reads every prefix of a shard's entries: the
// whole one back, the others refused or read without a panic.
func TestDecodeShardEntries(t *testing.T) {
	files := &mapMemo{m: map[[32]byte][]byte{}}
	_, shards := writeFiles(t, recordDocs(3*format.Tier0), nil, files)
	b, ok := files.Get(entriesSum(0, shards))
	if !ok {
		t.Fatal("no entries kept")
	}
	whole := decodeShardEntries(b)
	if len(whole) == 0 {
		t.Fatal("entries not read back")
	}
	for n := range len(b) {
		if e := decodeShardEntries(b[:n]); e != nil {
			t.Errorf("%d of %d bytes read as %d entries", n, len(b), len(e))
		}
	}
}
