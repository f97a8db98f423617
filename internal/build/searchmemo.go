package build

import (
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"sync"
	"sync/atomic"

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
// rest dropped; a shard is written again only when that changed. A
// result put goes to its shard's new entry at once, not kept in memory
// until the index is written: a first build at 10,000 documents puts
// 130 MB. A nil *memoStore keeps nothing.
type memoStore struct {
	st     *state
	name   string
	key    string
	shards []memoShard
	hits   atomic.Int64
}

// memoShard is a shard of a memoStore: the results loaded (prev), those
// of them this build got (kept), and the new entry the results this build
// put are written to (w, made at the first; put holds their sums).
type memoShard struct {
	prev map[[32]byte][]byte
	mu   sync.Mutex
	kept map[[32]byte][]byte
	put  map[[32]byte]bool
	w    *cache.Writer
	err  error // the shard's new entry cannot be written: it is not
}

// newMemoStore loads the memo name of shards shards; nil when the build
// has no cache.
func (st *state) newMemoStore(name string, shards int) *memoStore {
	key := st.cacheKey(name, func(io.Writer) error { return nil })
	if key == "" {
		return nil
	}
	m := &memoStore{st: st, name: name, key: key, shards: make([]memoShard, shards)}
	par.For(shards, func(i int) {
		m.shards[i] = memoShard{prev: m.load(i), kept: map[[32]byte][]byte{}, put: map[[32]byte]bool{}}
	})
	return m
}

func (m *memoStore) shardName(i int) string { return fmt.Sprintf("%s-%02d", m.name, i) }

func (m *memoStore) shardOf(sum [32]byte) int { return int(sum[0]) % len(m.shards) }

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
	sh := &m.shards[m.shardOf(sum)]
	data, ok := sh.prev[sum]
	if !ok {
		return nil, false
	}
	sh.mu.Lock()
	sh.kept[sum] = data
	sh.mu.Unlock()
	m.hits.Add(1)
	return data, true
}

// Put keeps the result of sum for the next build, written to its shard's
// new entry before Put returns (data is not kept). A sum put again keeps
// its first result: a sum names its result's content, or a place put
// once per build (index.Memo).
func (m *memoStore) Put(sum [32]byte, data []byte) {
	i := m.shardOf(sum)
	sh := &m.shards[i]
	sh.mu.Lock()
	defer sh.mu.Unlock()
	if sh.put[sum] || sh.err != nil {
		return
	}
	if sh.w == nil {
		if sh.w, sh.err = cache.Create(m.st.Opts.Cache, m.shardName(i)); sh.err != nil {
			m.st.Opts.Logger.Warn("build cache", "entry", m.shardName(i), "error", sh.err)
			return
		}
	}
	sh.put[sum] = true
	sh.err = sh.w.Put(hex.EncodeToString(sum[:]), data)
}

// store commits the shards' new entries, with the results of the earlier
// build that this one got, where that changed; a cache that cannot be
// written is logged. It is called once the index is written.
func (m *memoStore) store() {
	if m == nil {
		return
	}
	if m.hits.Load() > 0 {
		m.st.count(func(s *Stats) { s.Cached = append(s.Cached, m.name) })
	}
	par.For(len(m.shards), func(i int) {
		sh := &m.shards[i]
		if sh.w == nil && sh.err == nil && len(sh.kept) == len(sh.prev) { // kept holds only results of prev
			return
		}
		err := sh.err
		if err == nil && sh.w == nil {
			sh.w, err = cache.Create(m.st.Opts.Cache, m.shardName(i))
		}
		if err == nil {
			for _, sum := range slices.SortedFunc(maps.Keys(sh.kept), func(a, b [32]byte) int { return slices.Compare(a[:], b[:]) }) {
				if !sh.put[sum] {
					err = errors.Join(err, sh.w.Put(hex.EncodeToString(sum[:]), sh.kept[sum]))
				}
			}
		}
		if err == nil {
			err = sh.w.Commit(m.key, "")
		}
		if err != nil && err != sh.err {
			m.st.Opts.Logger.Warn("build cache", "entry", m.shardName(i), "error", err)
		}
	})
}

// abort removes the new entries that store did not commit (the index
// failed): the shards' entries are those of the earlier build still. It
// is for after store, or instead of it.
func (m *memoStore) abort() {
	if m == nil {
		return
	}
	for i := range m.shards {
		if w := m.shards[i].w; w != nil {
			w.Abort()
		}
	}
}
