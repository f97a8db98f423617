package query

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"

	"github.com/blevesearch/bleve/v2"

	"handbook/internal/search"
	"handbook/internal/search/format"
	"handbook/internal/search/index"
)

// The bleve index ranks the server's answers (serve, `handbook search`)
// and the text's word pairs check its phrases (pairs.go); a browser reads
// neither. So `handbook build` writes the static index alone
// (index.Output with no IndexDir), and Open makes both from the static index's
// document files, which hold every word they are made of, the first time
// it opens an output: into the cache folder beside the output
// (cache.Beside), under the SHA-256 of those files, where every later Open
// of the same content finds them. An entry is only reused for
// byte-identical documents and the same bleve, and is written to a
// temporary folder and renamed in, so it cannot answer for other content;
// one that does not open is made again.

// serverIndexFormat names the layout of what this package builds for the
// server (the mapping and record keys of package index, pairs.go); change it
// when they change.
const serverIndexFormat = "handbook server index v1"

// serverCache is the folder of the built server indexes in a cache folder:
// one folder per content key, holding the bleve index (index/) and the
// word pairs (pairs.bin).
const serverCache = "search-server"

// openServer opens what the server searches with besides the static
// index: bleve's index and the word pairs. Those the build wrote beside
// the static index (_search/index, static/pairs.bin: index.Output.IndexDir),
// else those made from the static index in the cache folder cacheRoot,
// made there when the cache has none for these documents. A cache that
// cannot be written gets them in a temporary folder, removed by Close.
func (ix *Index) openServer(cacheRoot string) (bleve.Index, []byte, error) {
	if built := filepath.Join(ix.dir, format.IndexDir); isDir(built) {
		return openEntry(built, filepath.Join(ix.dir, format.StaticDir, "pairs.bin"))
	}
	raw, key, err := ix.serverKey()
	if err != nil {
		return nil, nil, err
	}
	dir := filepath.Join(cacheRoot, serverCache)
	entry := filepath.Join(dir, key)
	if b, pairs, err := openEntry(filepath.Join(entry, format.IndexDir), filepath.Join(entry, "pairs.bin")); err == nil {
		return b, pairs, nil
	}
	_ = os.RemoveAll(entry) // damaged, or none: made again
	if err := os.MkdirAll(dir, 0o755); err != nil {
		if dir, err = os.MkdirTemp("", "handbook-search-"); err != nil {
			return nil, nil, err
		}
		ix.temp, entry = dir, filepath.Join(dir, key)
	}
	if err := ix.buildServerIndex(dir, entry, raw); err != nil {
		return nil, nil, err
	}
	pruneServerCache(dir, key)
	return openEntry(filepath.Join(entry, format.IndexDir), filepath.Join(entry, "pairs.bin"))
}

// openEntry opens the bleve index at index read-only and reads the pairs
// file.
func openEntry(index, pairs string) (bleve.Index, []byte, error) {
	pb, err := os.ReadFile(pairs)
	if err != nil {
		return nil, nil, err
	}
	b, err := bleve.OpenUsing(index, map[string]any{"read_only": true})
	if err != nil {
		return nil, nil, err
	}
	return b, pb, nil
}

func isDir(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.IsDir()
}

// serverKey reads the static index's document files and clause table as
// written (compressed), and returns them with the key of the bleve index
// made from them: the SHA-256 of their bytes, the format and bleve's
// versions.
func (ix *Index) serverKey() ([][]byte, string, error) {
	h := sha256.New()
	fmt.Fprintf(h, "%s\n%s\n", serverIndexFormat, bleveVersions())
	raw := make([][]byte, ix.meta.Docs)
	for n := range raw {
		b, err := os.ReadFile(filepath.Join(ix.dir, format.StaticDir, "d", strconv.Itoa(n)+".bin"))
		if err != nil {
			return nil, "", err
		}
		fmt.Fprintf(h, "%d\n", len(b))
		h.Write(b)
		raw[n] = b
	}
	cb, err := os.ReadFile(filepath.Join(ix.dir, format.StaticDir, "clauses.bin"))
	if err != nil {
		return nil, "", err
	}
	h.Write(cb)
	mb, _ := json.Marshal(ix.meta.Clauses)
	h.Write(mb)
	return raw, hex.EncodeToString(h.Sum(nil))[:32], nil
}

// bleveVersions are the versions of the modules that write and read the
// index's files, from the binary's build information.
func bleveVersions() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return ""
	}
	var b strings.Builder
	for _, m := range info.Deps {
		if strings.HasPrefix(m.Path, "github.com/blevesearch/") {
			fmt.Fprintf(&b, "%s@%s ", m.Path, m.Version)
		}
	}
	return b.String()
}

// buildServerIndex makes the bleve index and the word pairs of the
// documents whose static files are raw, as the entry folder: in a folder
// of dir first, renamed once complete (another process may have put the
// same there meanwhile).
func (ix *Index) buildServerIndex(dir, entry string, raw [][]byte) error {
	docs, err := ix.serverDocs(raw)
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(dir, "building-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	if err := index.WriteServer(context.Background(), tmp, docs); err != nil {
		return err
	}
	if err := os.Rename(tmp, entry); err != nil && !isDir(entry) {
		return err
	}
	return nil
}

// serverDocs decodes the documents of the static files raw: what the
// bleve index is made of (their text, title, tags, id, type, clauses and
// language), as the build indexed them.
func (ix *Index) serverDocs(raw [][]byte) ([]search.Document, error) {
	docs := make([]search.Document, len(raw))
	for n, b := range raw {
		data, err := inflate(b)
		if err != nil {
			return nil, fmt.Errorf("d/%d.bin: %w", n, err)
		}
		var sd format.StaticDoc
		if err := json.Unmarshal(data, &sd); err != nil {
			return nil, fmt.Errorf("d/%d.bin: %w", n, err)
		}
		d := search.Document{ID: sd.ID, Title: sd.Title, Type: sd.Type, URL: sd.URL, Tags: sd.Tags, Lang: sd.Lang}
		for _, s := range sd.Sections {
			d.Sections = append(d.Sections, search.Section{Anchor: s[0], Heading: s[1], Text: s[2]})
		}
		for _, c := range ix.tables.clauses[n] {
			if int(c) >= len(ix.meta.Clauses) {
				return nil, format.ErrFormat
			}
			d.Clauses = append(d.Clauses, ix.meta.Clauses[c])
		}
		docs[n] = d
	}
	return docs, nil
}

// pruneServerCache removes the indexes in dir other than keep: those of
// earlier content (an index still open elsewhere stays readable until
// closed, on the systems serve runs on).
func pruneServerCache(dir, keep string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		if e.Name() != keep && !strings.HasPrefix(e.Name(), "building-") {
			_ = os.RemoveAll(filepath.Join(dir, e.Name()))
		}
	}
}

// removeTemp removes the temporary folder of an index whose cache could
// not be written.
func (ix *Index) removeTemp() error {
	if ix.temp == "" {
		return nil
	}
	err := os.RemoveAll(ix.temp)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return err
}
