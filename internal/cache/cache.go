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
const Format = "handbook-cache v3"

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
	// data is the entry's data file and left the files LoadFiles left
	// there unread, by slash path (ReadPart).
	data string
	left map[string]part
}

// part is where a file lies in an entry's data file, and its checksum.
type part struct {
	off, size int64
	sum       uint32
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
	return load(root, name, key, nil)
}

// LoadFiles is Load reading only the files named: the others are left on
// disk, unread and unchecked, for ReadPart. Files named that the entry
// does not have are missing from Files, as with Load.
func LoadFiles(root, name, key string, names ...string) (e *Entry, ok bool) {
	want := make(map[string]bool, len(names))
	for _, n := range names {
		want[n] = true
	}
	return load(root, name, key, want)
}

// load is Load of the files in want, or of all when want is nil.
func load(root, name, key string, want map[string]bool) (*Entry, bool) {
	dir := filepath.Join(root, name)
	files, meta, err := readIndex(dir, key)
	if err != nil {
		return nil, false
	}
	e := &Entry{Files: make(map[string][]byte, len(files)), Meta: meta, data: filepath.Join(dir, dataName), left: map[string]part{}}
	data, err := readData(e.data, files, want)
	if err != nil {
		return nil, false
	}
	var off int64
	for _, f := range files {
		_, dup := e.Files[f.rel]
		_, dupLeft := e.left[f.rel]
		if dup || dupLeft {
			return nil, false
		}
		if want != nil && !want[f.rel] {
			e.left[f.rel] = part{off, f.size, f.sum}
			off += f.size
			continue
		}
		b := data[:f.size:f.size]
		data = data[f.size:]
		if checksum(b) != f.sum {
			return nil, false
		}
		e.Files[f.rel] = b
		off += f.size
	}
	return e, true
}

// readData reads the files of an entry's data file p that want names
// (all when nil), end to end in the index's order; an error when the data
// file is not as long as its index says.
func readData(p string, files []file, want map[string]bool) ([]byte, error) {
	var total, wanted int64
	for _, f := range files {
		total += f.size
		if want == nil || want[f.rel] {
			wanted += f.size
		}
	}
	if want == nil {
		data, err := os.ReadFile(p)
		if err == nil && int64(len(data)) != total {
			err = errDamaged
		}
		return data, err
	}
	fd, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	defer fd.Close()
	if fi, err := fd.Stat(); err != nil || fi.Size() != total {
		return nil, errors.Join(err, errDamaged)
	}
	data := make([]byte, 0, wanted)
	var off int64
	for _, f := range files {
		if want[f.rel] {
			n := len(data)
			data = data[:n+int(f.size)]
			if _, err := fd.ReadAt(data[n:], off); err != nil {
				return nil, err
			}
		}
		off += f.size
	}
	return data, nil
}

// ReadFile reads the file rel that LoadFiles left unread, whole, and
// checks it against its checksum in the index the entry was loaded with:
// an error if it does not match (damaged, or the entry replaced since).
func (e *Entry) ReadFile(rel string) ([]byte, error) {
	p, ok := e.left[rel]
	if !ok {
		return nil, fmt.Errorf("cache: no file %s left to read", rel)
	}
	b, err := e.ReadPart(rel, 0, p.size)
	if err == nil && checksum(b) != p.sum {
		err = errDamaged
	}
	return b, err
}

// errDamaged is an entry whose data file does not match its index.
var errDamaged = errors.New("cache: damaged entry")

// ReadPart reads n bytes at off in the file rel that LoadFiles left
// unread. They are not checked against the file's checksum, and the
// entry may have been replaced since it was loaded: the caller checks
// what it reads by a sum of its own (a document's HTML by its SHA-256),
// and treats a mismatch as a miss.
func (e *Entry) ReadPart(rel string, off, n int64) ([]byte, error) {
	p, ok := e.left[rel]
	if !ok || off < 0 || n < 0 || off > p.size || n > p.size-off {
		return nil, fmt.Errorf("cache: no part %d+%d of %s", off, n, rel)
	}
	fd, err := os.Open(e.data)
	if err != nil {
		return nil, err
	}
	defer fd.Close()
	b := make([]byte, n)
	if _, err := fd.ReadAt(b, p.off+off); err != nil {
		return nil, err
	}
	return b, nil
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

// writeBuffer is the size of a Writer's buffer: files as large go to the
// data file directly. A build writes some 40 entries at once as it goes
// (the search index's memos, replayed steps' files).
const writeBuffer = 128 << 10

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
	return &Writer{root: root, name: name, tmp: tmp, out: out, data: bufio.NewWriterSize(out, writeBuffer)}, nil
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
