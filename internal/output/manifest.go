package output

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/hex"
	"errors"
	"fmt"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// markerText opens the marker file; the manifest follows it.
const markerText = "written by handbook build; this folder is replaced on every build\n"

// manifestHeader starts the manifest in the marker file; a marker without
// it (an older build, or an interrupted Commit) means "no manifest".
const manifestHeader = "manifest v1: sha256 size path\n"

// manifest maps the slash path of every file of an output folder to what
// it holds.
type manifest map[string]entry

type entry struct {
	size     int64
	sum      [32]byte
	external bool // written by another writer through Path: no checksum
}

// marker renders the marker file: the text, then one line per file,
// sorted, so that equal builds give equal markers.
func (m manifest) marker() ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(markerText + manifestHeader)
	for _, p := range slices.Sorted(maps.Keys(m)) {
		if strings.ContainsAny(p, "\n\r") {
			return nil, fmt.Errorf("output path %q has a line break", p)
		}
		sum := "-"
		if e := m[p]; !e.external {
			sum = hex.EncodeToString(e.sum[:])
		}
		fmt.Fprintf(&b, "%s %d %s\n", sum, m[p].size, p)
	}
	return b.Bytes(), nil
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

// moveTree moves everything under the folder src into the folder dst:
// a file or folder dst lacks is renamed in whole, a folder both have is
// merged, and a file replaces what dst has at its place.
func moveTree(src, dst string) error {
	entries, err := os.ReadDir(src)
	if err != nil {
		return err
	}
	for _, e := range entries {
		from, to := filepath.Join(src, e.Name()), filepath.Join(dst, e.Name())
		fi, err := os.Lstat(to)
		switch {
		case errors.Is(err, os.ErrNotExist):
		case err != nil:
			return err
		case e.IsDir() && fi.IsDir():
			if err := moveTree(from, to); err != nil {
				return err
			}
			continue
		case e.IsDir() || fi.IsDir():
			if err := os.RemoveAll(to); err != nil { // a file became a folder, or the reverse
				return err
			}
		}
		if err := os.Rename(from, to); err != nil {
			return err
		}
	}
	return nil
}

// removeStale deletes from dir the files of the old manifest that the new
// one lacks, then the folders that left empty. A stale path that is now a
// folder, or lies under what is now a file, was already replaced by moveTree.
func removeStale(dir string, old, new manifest) error {
	var folders []string
	for p := range old {
		if _, ok := new[p]; ok {
			continue
		}
		target := filepath.Join(dir, filepath.FromSlash(p))
		if fi, err := os.Lstat(target); err != nil || fi.IsDir() {
			continue
		}
		if err := os.Remove(target); err != nil {
			return err
		}
		for f := path.Dir(p); f != "."; f = path.Dir(f) {
			folders = append(folders, f)
		}
	}
	// deepest first, so that a parent is tried after its children
	slices.SortFunc(folders, func(a, b string) int {
		return cmp.Or(strings.Count(b, "/")-strings.Count(a, "/"), strings.Compare(a, b))
	})
	for _, f := range slices.Compact(folders) {
		_ = os.Remove(filepath.Join(dir, filepath.FromSlash(f))) // fails, rightly, unless empty
	}
	return nil
}
