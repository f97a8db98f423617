// Package cache keeps results of a build that the next build may reuse,
// in a folder beside the output folder (never inside it: the output is
// what a user uploads).
//
// The cache holds named entries, one per kind of result (the search index,
// ...). An entry is a set of files stored with the key of the inputs that
// produced them: a build computes the key of its inputs and reuses the
// entry only when the keys are equal. Keys include the binary's identity
// (Binary), so a new handbook never reuses an older one's results.
//
// A wrong entry can never change the output: an entry is written to a
// temporary folder and renamed into place, and its index file carries the
// key, the size and SHA-256 of every file and a checksum of itself. Load
// checks all of it before it hands out anything, and reports anything
// unexpected as a miss, after which the caller computes the result afresh.
package cache

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// Format is the version of the cache's layout and of the results' meaning;
// raise it whenever either changes.
const Format = "handbook-cache v1"

// Beside is the cache folder of the output folder out:
// .handbook-cache/NAME in out's parent, NAME being out's base name, so
// that outputs side by side (public, public-staff) keep their own.
func Beside(out string) string {
	out = filepath.Clean(out)
	return filepath.Join(filepath.Dir(out), ".handbook-cache", filepath.Base(out))
}

// indexName is the file in an entry's folder that describes it.
const indexName = "entry"

// Entry is a verified entry: its files' bytes, by slash path, and the
// metadata stored with it.
type Entry struct {
	Files map[string][]byte
	Meta  string
}

type file struct {
	size int64
	sum  [32]byte
}

// Load returns the entry name of the cache folder root, read whole, if it
// was stored with key and every file matches its index; ok is false
// otherwise (no entry, another key, anything missing or damaged).
func Load(root, name, key string) (e *Entry, ok bool) {
	dir := filepath.Join(root, name)
	files, meta, err := readIndex(dir, key)
	if err != nil {
		return nil, false
	}
	e = &Entry{Files: make(map[string][]byte, len(files)), Meta: meta}
	for rel, f := range files {
		b, err := os.ReadFile(filepath.Join(dir, "files", filepath.FromSlash(rel)))
		if err != nil || int64(len(b)) != f.size || sha256.Sum256(b) != f.sum {
			return nil, false
		}
		e.Files[rel] = b
	}
	return e, true
}

// Has reports whether the cache folder root has an entry name, whatever
// its key: a hint, before the key is known, that Load may find it.
func Has(root, name string) bool {
	_, err := os.Stat(filepath.Join(root, name, indexName))
	return err == nil
}

// readIndex reads and checks the index of the entry folder dir.
func readIndex(dir, key string) (map[string]file, string, error) {
	b, err := os.ReadFile(filepath.Join(dir, indexName))
	if err != nil {
		return nil, "", err
	}
	body, sum, ok := bytes.Cut(b, []byte("\nsum "))
	want := sha256.Sum256(body)
	if !ok || string(bytes.TrimSpace(sum)) != hex.EncodeToString(want[:]) {
		return nil, "", errors.New("cache: damaged entry index")
	}
	sc := bufio.NewScanner(bytes.NewReader(body))
	sc.Buffer(nil, 1<<20)
	line := func() string { sc.Scan(); return sc.Text() }
	if line() != Format || line() != "key "+key {
		return nil, "", errors.New("cache: another key")
	}
	meta, err := strconv.Unquote(strings.TrimPrefix(line(), "meta "))
	if err != nil {
		return nil, "", err
	}
	files := map[string]file{}
	for sc.Scan() {
		f, rel, err := parseFile(sc.Text())
		if err != nil {
			return nil, "", err
		}
		files[rel] = f
	}
	return files, meta, sc.Err()
}

func parseFile(line string) (file, string, error) {
	sum, rest, _ := strings.Cut(line, " ")
	size, rel, _ := strings.Cut(rest, " ")
	n, err := strconv.ParseInt(size, 10, 64)
	b, herr := hex.DecodeString(sum)
	if err != nil || herr != nil || len(b) != sha256.Size || !filepath.IsLocal(filepath.FromSlash(rel)) {
		return file{}, "", fmt.Errorf("cache: bad entry line %q", line)
	}
	f := file{size: n}
	copy(f.sum[:], b)
	return f, rel, nil
}

// Writer stores a new entry. Its files go to a temporary folder in the
// cache; Commit puts it in place of the entry of the same name.
type Writer struct {
	root, name, tmp string
	mu              sync.Mutex
	files           map[string]file
}

// Create starts a new entry name in the cache folder root.
func Create(root, name string) (*Writer, error) {
	if err := os.MkdirAll(root, 0o755); err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp(root, ".new-"+name+"-")
	if err != nil {
		return nil, err
	}
	return &Writer{root: root, name: name, tmp: tmp, files: map[string]file{}}, nil
}

// Put adds a file to the entry. It is safe for concurrent use.
func (w *Writer) Put(rel string, data []byte) error {
	if !filepath.IsLocal(filepath.FromSlash(rel)) || strings.ContainsAny(rel, "\n\r") {
		return fmt.Errorf("cache: bad file name %q", rel)
	}
	p := filepath.Join(w.tmp, "files", filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		return err
	}
	w.mu.Lock()
	w.files[rel] = file{size: int64(len(data)), sum: sha256.Sum256(data)}
	w.mu.Unlock()
	return nil
}

// PutTree adds every file under the folder src, as prefix/RELATIVE-PATH.
func (w *Writer) PutTree(prefix, src string) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		return w.Put(prefix+"/"+filepath.ToSlash(rel), b)
	})
}

// Commit writes the entry's index, with key and meta, and puts the entry
// in place of the previous one of its name.
func (w *Writer) Commit(key, meta string) error {
	var b bytes.Buffer
	fmt.Fprintf(&b, "%s\nkey %s\nmeta %s\n", Format, key, strconv.Quote(meta))
	for _, rel := range slices.Sorted(maps.Keys(w.files)) {
		f := w.files[rel]
		fmt.Fprintf(&b, "%s %d %s\n", hex.EncodeToString(f.sum[:]), f.size, rel)
	}
	sum := sha256.Sum256(b.Bytes())
	fmt.Fprintf(&b, "\nsum %s\n", hex.EncodeToString(sum[:]))
	if err := os.WriteFile(filepath.Join(w.tmp, indexName), b.Bytes(), 0o644); err != nil {
		return err
	}
	final := filepath.Join(w.root, w.name)
	old := w.tmp + ".old"
	if err := os.Rename(final, old); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	if err := os.Rename(w.tmp, final); err != nil {
		return err
	}
	return os.RemoveAll(old)
}

// Abort removes the unfinished entry.
func (w *Writer) Abort() { _ = os.RemoveAll(w.tmp) }
