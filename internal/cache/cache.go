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
// key, the size and checksum of every file and a checksum of itself. Load
// checks all of it before it hands out anything, and reports anything
// unexpected as a miss, after which the caller computes the result afresh.
//
// The checksums are CRC-32C (Castagnoli): they find a damaged or cut
// entry, which is what they are for (the key, not the checksum, tells a
// stale entry from a current one), at some 15 times the speed of SHA-256
// on the hundreds of megabytes a large handbook's build reads back.
//
// An entry's files are stored one after the other in a single data file
// (an index holds thousands of small files: one write instead of
// thousands, on every build that stores one).
package cache

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/crc32"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
)

// Format is the version of the cache's layout and of the results' meaning;
// raise it whenever either changes.
const Format = "handbook-cache v2"

// Beside is the cache folder of the output folder out:
// .handbook-cache/NAME in out's parent, NAME being out's base name, so
// that outputs side by side (public, public-staff) keep their own.
func Beside(out string) string {
	out = filepath.Clean(out)
	return filepath.Join(filepath.Dir(out), ".handbook-cache", filepath.Base(out))
}

// indexName and dataName are the files of an entry's folder: the index
// that describes it, and its files' bytes one after the other, in the
// index's order.
const (
	indexName = "entry"
	dataName  = "data"
)

// Entry is a verified entry: its files' bytes, by slash path, and the
// metadata stored with it.
type Entry struct {
	Files map[string][]byte
	Meta  string
}

// file is an index line: a file's place, size and checksum.
type file struct {
	rel  string
	size int64
	sum  uint32
}

// castagnoli is the CRC-32C table (computed with the CPU's instruction
// where it has one).
var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// checksum is the CRC-32C of b.
func checksum(b []byte) uint32 { return crc32.Checksum(b, castagnoli) }

// Load returns the entry name of the cache folder root, read whole, if it
// was stored with key and every file matches its index; ok is false
// otherwise (no entry, another key, anything missing or damaged).
func Load(root, name, key string) (e *Entry, ok bool) {
	dir := filepath.Join(root, name)
	files, meta, err := readIndex(dir, key)
	if err != nil {
		return nil, false
	}
	data, err := os.ReadFile(filepath.Join(dir, dataName))
	if err != nil {
		return nil, false
	}
	e = &Entry{Files: make(map[string][]byte, len(files)), Meta: meta}
	for _, f := range files {
		if int64(len(data)) < f.size {
			return nil, false
		}
		b := data[:f.size:f.size]
		data = data[f.size:]
		if _, dup := e.Files[f.rel]; dup || checksum(b) != f.sum {
			return nil, false
		}
		e.Files[f.rel] = b
	}
	if len(data) > 0 {
		return nil, false
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
func readIndex(dir, key string) ([]file, string, error) {
	b, err := os.ReadFile(filepath.Join(dir, indexName))
	if err != nil {
		return nil, "", err
	}
	body, sum, ok := bytes.Cut(b, []byte("\nsum "))
	if !ok || string(bytes.TrimSpace(sum)) != fmt.Sprintf("%08x", checksum(body)) {
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
	var files []file
	for sc.Scan() {
		f, err := parseFile(sc.Text())
		if err != nil {
			return nil, "", err
		}
		files = append(files, f)
	}
	return files, meta, sc.Err()
}

func parseFile(line string) (file, error) {
	sum, rest, _ := strings.Cut(line, " ")
	size, rel, _ := strings.Cut(rest, " ")
	n, err := strconv.ParseInt(size, 10, 64)
	b, herr := hex.DecodeString(sum)
	if err != nil || herr != nil || n < 0 || len(b) != 4 || !filepath.IsLocal(filepath.FromSlash(rel)) {
		return file{}, fmt.Errorf("cache: bad entry line %q", line)
	}
	return file{rel: rel, size: n, sum: binary.BigEndian.Uint32(b)}, nil
}

// Writer stores a new entry. Its files go to a temporary folder in the
// cache; Commit puts it in place of the entry of the same name.
type Writer struct {
	root, name, tmp string

	mu    sync.Mutex
	data  *bufio.Writer
	out   *os.File
	files []file
	err   error // the first write error: Commit fails with it
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
	out, err := os.Create(filepath.Join(tmp, dataName))
	if err != nil {
		os.RemoveAll(tmp)
		return nil, err
	}
	return &Writer{root: root, name: name, tmp: tmp, out: out, data: bufio.NewWriterSize(out, 1<<20)}, nil
}

// Put adds a file to the entry. It is safe for concurrent use.
func (w *Writer) Put(rel string, data []byte) error {
	if !filepath.IsLocal(filepath.FromSlash(rel)) || strings.ContainsAny(rel, "\n\r") {
		return fmt.Errorf("cache: bad file name %q", rel)
	}
	sum := checksum(data)
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.err == nil {
		_, w.err = w.data.Write(data)
	}
	w.files = append(w.files, file{rel: rel, size: int64(len(data)), sum: sum})
	return w.err
}

// Commit writes the entry's index, with key and meta, and puts the entry
// in place of the previous one of its name.
func (w *Writer) Commit(key, meta string) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if err := errors.Join(w.err, w.data.Flush(), w.out.Close()); err != nil {
		return err
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "%s\nkey %s\nmeta %s\n", Format, key, strconv.Quote(meta))
	for _, f := range w.files {
		fmt.Fprintf(&b, "%08x %d %s\n", f.sum, f.size, f.rel)
	}
	fmt.Fprintf(&b, "\nsum %08x\n", checksum(b.Bytes()))
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

// Abort removes the unfinished entry; after Commit it does nothing.
func (w *Writer) Abort() {
	w.out.Close()
	_ = os.RemoveAll(w.tmp)
}
