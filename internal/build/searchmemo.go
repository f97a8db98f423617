package build

import (
	"encoding/hex"
	"fmt"
	"io"
	"maps"
	"slices"
	"sync"

	"handbook/internal/cache"
	"handbook/internal/par"
	"handbook/internal/search/index"
)

// Cache entries of the search index's memos (index.Memo), when the search
// step is not replayed whole: each document's analysis and compressed
// document file, by a hash of the document (a body edit analyses one
// document again), and the other compressed files of the static index, by
// their bytes (a body edit compresses the term files it changed).
const (
	searchDocsEntry   = "search-docs"
	searchDocsShards  = 32
	searchFilesEntry  = "search-files"
	searchFilesShards = 8
)

// searchMemos loads the search index's memos, side by side: nil when the
// build has no cache.
func (st *state) searchMemos() (docs, files *memoStore) {
	loaded := make(chan struct{})
	go func() {
		defer close(loaded)
		files = st.newMemoStore(searchFilesEntry, searchFilesShards)
	}()
	docs = st.newMemoStore(searchDocsEntry, searchDocsShards)
	<-loaded
	return docs, files
}

// memoStore is an index.Memo kept in the build cache, in shards entries
// NAME-00, NAME-01 ... by the first byte of a result's sum, each result a
// file named by its sum. The key of every shard is the cache format and
// the binary's identity (cacheKey): a sum names everything else a result
// depends on. What a build gets or puts is kept for the next build, the
// rest dropped; a shard is written again only when that changed. A nil
// *memoStore keeps nothing.
type memoStore struct {
	st   *state
	name string
	key  string
	// prev holds the results loaded, by shard; next those this build
	// used or made, dirty the shards it made any in.
	prev  []map[[32]byte][]byte
	mu    sync.Mutex
	next  []map[[32]byte][]byte
	dirty []bool
	hits  int
}

// newMemoStore loads the memo name of shards shards; nil when the build
// has no cache.
func (st *state) newMemoStore(name string, shards int) *memoStore {
	key := st.cacheKey(name, func(io.Writer) error { return nil })
	if key == "" {
		return nil
	}
	m := &memoStore{st: st, name: name, key: key, prev: make([]map[[32]byte][]byte, shards),
		next: make([]map[[32]byte][]byte, shards), dirty: make([]bool, shards)}
	par.For(shards, func(i int) {
		m.prev[i] = m.load(i)
		m.next[i] = map[[32]byte][]byte{}
	})
	return m
}

func (m *memoStore) shardName(i int) string { return fmt.Sprintf("%s-%02d", m.name, i) }

func (m *memoStore) shardOf(sum [32]byte) int { return int(sum[0]) % len(m.prev) }

// load reads shard i; empty when it is missing, of another key or damaged.
func (m *memoStore) load(i int) map[[32]byte][]byte {
	out := map[[32]byte][]byte{}
	e, ok := cache.Load(m.st.Opts.Cache, m.shardName(i), m.key)
	if !ok {
		return out
	}
	for name, data := range e.Files {
		var sum [32]byte
		if n, err := hex.Decode(sum[:], []byte(name)); err != nil || n != len(sum) || m.shardOf(sum) != i {
			return map[[32]byte][]byte{}
		}
		out[sum] = data
	}
	return out
}

// memo is m as an index.Memo: nil (no memo) when m is nil.
func (m *memoStore) memo() index.Memo {
	if m == nil {
		return nil
	}
	return m
}

// Get returns the result of sum that an earlier build stored.
func (m *memoStore) Get(sum [32]byte) ([]byte, bool) {
	i := m.shardOf(sum)
	data, ok := m.prev[i][sum]
	if !ok {
		return nil, false
	}
	m.mu.Lock()
	m.next[i][sum] = data
	m.hits++
	m.mu.Unlock()
	return data, true
}

// Put keeps the result of sum for the next build.
func (m *memoStore) Put(sum [32]byte, data []byte) {
	i := m.shardOf(sum)
	m.mu.Lock()
	m.next[i][sum] = data
	m.dirty[i] = true
	m.mu.Unlock()
}

// store writes the shards whose results changed; a cache that cannot be
// written is logged.
func (m *memoStore) store() {
	if m == nil {
		return
	}
	if m.hits > 0 {
		m.st.count(func(s *Stats) { s.Cached = append(s.Cached, m.name) })
	}
	par.For(len(m.next), func(i int) {
		if !m.dirty[i] && len(m.next[i]) == len(m.prev[i]) { // next holds only results of prev
			return
		}
		var files []cacheFile
		for _, sum := range slices.SortedFunc(maps.Keys(m.next[i]), func(a, b [32]byte) int { return slices.Compare(a[:], b[:]) }) {
			files = append(files, cacheFile{hex.EncodeToString(sum[:]), m.next[i][sum]})
		}
		m.st.storeFiles(m.shardName(i), m.key, files...)
	})
}
