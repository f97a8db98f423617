package build

import (
	"fmt"
	"io"

	"handbook/internal/cache"
	"handbook/internal/config"
	"handbook/internal/diag"
	"handbook/internal/load"
	"handbook/internal/par"
	"handbook/internal/site"
)

// loadEntry names the cache entries of load's memo (load.Memo): what
// decoding each document's front matter gave, by the SHA-256 of its path,
// bytes and the configuration's extra fields, in loadParts entries by
// that sum's first byte, so that an edit rewrites two (the sums gone and
// new) rather than all 10,000 documents'. Decoding YAML was most of a
// build's reading time; after a small edit every other document's bytes
// are the same.
const (
	loadEntry = "load"
	loadParts = 16
)

func loadPartName(i int) string { return fmt.Sprintf("%s-%02d", loadEntry, i) }

// inLoadPart says which sums part i holds.
func inLoadPart(i int) func([32]byte) bool {
	return func(sum [32]byte) bool { return int(sum[0])%loadParts == i }
}

// load loads the site's documents with cfg, as load.WithConfig does,
// taking the front matter of each unchanged document from the cache when
// the build has one. The memo is read while the files are, and the parts
// of it that changed are stored in the background (st.storing).
func (st *state) load(cfg *config.Config) (*site.Site, *diag.List, error) {
	key := st.cacheKey(loadEntry, func(io.Writer) error { return nil })
	if key == "" {
		return load.WithConfig(st.Opts.Site, cfg)
	}
	parts := make([][]byte, loadParts)
	var memo *load.Memo
	read := make(chan struct{})
	go func() {
		defer close(read)
		par.For(loadParts, func(i int) {
			if e, ok := cache.Load(st.Opts.Cache, loadPartName(i), key); ok {
				parts[i] = e.Files["data"]
			}
		})
		memo = load.ReadMemo(parts...)
	}()
	s, list, err := load.WithMemo(st.Opts.Site, cfg, func() *load.Memo { <-read; return memo })
	<-read
	if err != nil {
		return s, list, err
	}
	if memo.Reused() > 0 {
		st.count(func(s *Stats) { s.Cached = append(s.Cached, loadEntry) })
	}
	st.storing.Go(func() { st.storeMemo(memo, parts, key) })
	return s, list, nil
}

// storeMemo stores the parts of memo that changed from those read
// (parts, nil where none was).
func (st *state) storeMemo(memo *load.Memo, parts [][]byte, key string) {
	par.For(loadParts, func(i int) {
		if parts[i] != nil && !memo.Changed(inLoadPart(i)) {
			return
		}
		b, err := memo.Bytes(inLoadPart(i))
		if err != nil {
			st.Opts.Logger.Warn("build cache", "entry", loadPartName(i), "error", err)
			return
		}
		st.storeFile(loadPartName(i), key, "data", b)
	})
}
