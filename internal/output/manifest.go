package output

import (
	"bufio"
	"encoding/hex"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// markerText opens the marker file; the manifest follows it.
const markerText = "written by handbook build; this folder is replaced on every build\n"

// manifestHeader starts the manifest in the marker file; a marker without
// it (an older build, or an interrupted Commit) means "no manifest".
// Version 1 listed whole SHA-256 sums; a folder with one is replaced whole
// by the first build of this version.
const manifestHeader = "manifest v2: sha256/128 size path\n"

// manifest maps the slash path of every file of an output folder to what
// it holds.
type manifest map[string]entry

// digest is what a manifest keeps of a file's SHA-256: its first 16
// bytes (128 bits, as many as a random collision needs 2^64 files for),
// written as 32 hex digits, the start of what sha256sum prints. The
// manifest is in the output folder, so it is uploaded with the site: half
// the digits are 1.4 MB less at 10,000 documents.
type digest [16]byte

// digestOf is the manifest's digest of the bytes whose SHA-256 is sum.
func digestOf(sum [32]byte) digest { return digest(sum[:len(digest{})]) }

type entry struct {
	size     int64
	sum      digest
	external bool // written by another writer through Path (a "-" checksum in older manifests)
}

// marker renders the marker file: the text, then one line per file,
// sorted, so that equal builds give equal markers. It runs once per build
// after the last file is written, with nothing beside it: the lines are
// appended to one buffer sized up front, and each entry is looked up once.
func (m manifest) marker() ([]byte, error) {
	paths := slices.Sorted(maps.Keys(m))
	size := len(markerText + manifestHeader)
	for _, p := range paths {
		size += len(p) + 2*len(digest{}) + 23 // " ", a size of up to 20 digits, " ", "\n"
	}
	b := make([]byte, 0, size)
	b = append(b, markerText+manifestHeader...)
	for _, p := range paths {
		if strings.ContainsAny(p, "\n\r") {
			return nil, fmt.Errorf("output path %q has a line break", p)
		}
		e := m[p]
		b = hex.AppendEncode(b, e.sum[:])
		b = append(b, ' ')
		b = strconv.AppendInt(b, e.size, 10)
		b = append(append(append(b, ' '), p...), '\n')
	}
	return b, nil
}

// readManifest reads the manifest of the output folder dir; nil when there
// is none or it cannot be read (then the folder is replaced whole).
func readManifest(dir string) manifest {
	f, err := os.Open(filepath.Join(dir, Marker))
	if err != nil {
		return nil
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	if !sc.Scan() || sc.Text()+"\n" != markerText || !sc.Scan() || sc.Text()+"\n" != manifestHeader {
		return nil
	}
	m := manifest{}
	for sc.Scan() {
		p, e, ok := parseLine(sc.Text())
		if !ok {
			return nil
		}
		m[p] = e
	}
	if sc.Err() != nil {
		return nil
	}
	return m
}

func parseLine(line string) (string, entry, bool) {
	sum, rest, _ := strings.Cut(line, " ")
	size, p, _ := strings.Cut(rest, " ")
	n, err := strconv.ParseInt(size, 10, 64)
	if err != nil || !filepath.IsLocal(filepath.FromSlash(p)) {
		return "", entry{}, false
	}
	e := entry{size: n, external: sum == "-"}
	if !e.external {
		b, err := hex.DecodeString(sum)
		if err != nil || len(b) != len(e.sum) {
			return "", entry{}, false
		}
		copy(e.sum[:], b)
	}
	return p, e, true
}

// writeAtomic replaces the file p by data, never leaving half of it.
func writeAtomic(p string, data []byte) error {
	tmp := p + ".tmp"
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, p)
}
