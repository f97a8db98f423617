package output

import (
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"handbook/internal/par"
	"handbook/internal/tempdir"
)

// The twin of an output folder is the build before the current one, kept
// beside it (".public.twin" for "public") instead of being deleted after
// the exchange. A build started with BeginTwin brings the twin from that
// build to the new one — it writes the files whose bytes differ from the
// twin's manifest, each as a new file renamed over its place, and removes
// the files the new build does not have — then exchanges the twin with
// the output folder, which becomes the next build's twin. Its cost is
// what changed between the two builds, not the site's size: no folder is
// made and no file linked for what stayed.
//
// The twin and the output share the inodes of the files that did not
// change, so neither is ever written into: every file is replaced by a
// rename. A twin is trusted only with its manifest, taken out of its
// marker before the twin is touched and put back once it holds the new
// build, so a build killed in between leaves a twin without one, which
// the next build deletes (and then makes the output in a staging folder).
// A twin is used by one build at a time (tempdir.Hold); another build of
// the same output meanwhile goes without.

// twinSuffix ends the name of an output folder's twin.
const twinSuffix = ".twin"

// twinPath is the twin of the output folder final: beside it, never in it
// (the output folder is what gets uploaded).
func twinPath(final string) string {
	return filepath.Join(filepath.Dir(final), "."+filepath.Base(final)+twinSuffix)
}

// isMarked reports whether the folder dir has a marker written by
// handbook, with a manifest or without.
func isMarked(dir string) bool {
	f, err := os.Open(filepath.Join(dir, Marker))
	if err != nil {
		return false
	}
	defer f.Close()
	b := make([]byte, len(markerText))
	_, err = io.ReadFull(f, b)
	return err == nil && string(b) == markerText
}

// scratch is the folder, in the staging folder, where a build with a twin
// writes the bytes of changed files, under numbers, until Commit renames
// them into the twin. No output path can be under it: Marker is a file of
// every output.
const scratch = Marker

// twin is an output folder's twin held by this build.
type twin struct {
	dir   *tempdir.Dir // locked while this build uses it
	files manifest     // its manifest, less the files that failed checkFiles
	// doubtful are paths listed in the manifest whose file is missing or
	// not as listed (changed by hand while it was the output): removed, or
	// written again, whatever this build has there.
	doubtful []string
}

// holdTwin locks the twin of the output folder final and reads it: nil
// when there is none, another build holds it, or its marker has no
// manifest (a build bringing it up to date was killed), in which case it
// is deleted; aside is a path with the staging folders' prefix, where it
// goes first (swept by the next build should this one be killed while
// deleting it). A folder there without a marker is not handbook's, and
// left alone.
func holdTwin(final, aside string) *twin {
	dir, err := tempdir.Hold(twinPath(final))
	if err != nil {
		return nil
	}
	files := readManifest(dir.Path)
	if files == nil {
		if isMarked(dir.Path) && os.Rename(dir.Path, aside) == nil {
			_ = os.RemoveAll(aside)
		}
		dir.Release()
		return nil
	}
	t := &twin{dir: dir, files: files}
	t.checkFiles()
	return t
}

// checkFiles takes out of the manifest the files that are missing, are not
// regular files of the listed size, or were modified after the marker was
// written: what a person changed in the folder while it was the output
// (the checksums are not read again, as in the output folder's manifest).
func (t *twin) checkFiles() {
	var mark time.Time // without it, no file is trusted
	if fi, err := os.Lstat(filepath.Join(t.dir.Path, Marker)); err == nil {
		mark = fi.ModTime()
	}
	paths := slices.Collect(maps.Keys(t.files))
	stat, done, err := statUnder(t.dir.Path)
	if err != nil { // cannot look: no file is trusted
		stat, done = func(string) (fileState, error) { return fileState{}, err }, func() {}
	}
	defer done()
	const chunk = 512
	bad := make([][]string, (len(paths)+chunk-1)/chunk)
	par.For(len(bad), func(c int) {
		for _, rel := range paths[c*chunk : min((c+1)*chunk, len(paths))] {
			f, err := stat(rel)
			if err != nil || !asListed(f, t.files[rel], mark) {
				bad[c] = append(bad[c], rel)
			}
		}
	})
	for _, rel := range slices.Concat(bad...) {
		delete(t.files, rel)
		t.doubtful = append(t.doubtful, rel)
	}
}

// fileState is what asListed looks at of a file, as Lstat describes it.
type fileState struct {
	regular bool
	size    int64
	mod     time.Time
}

func stateOf(fi os.FileInfo) fileState {
	return fileState{regular: fi.Mode().IsRegular(), size: fi.Size(), mod: fi.ModTime()}
}

// asListed reports whether a file may still hold the bytes its manifest
// entry e lists: a regular file of that size, not modified after the
// manifest was written at mark.
func asListed(f fileState, e entry, mark time.Time) bool {
	return f.regular && f.size == e.size && !f.mod.After(mark)
}

// has reports whether the twin holds the bytes of e at rel.
func (t *twin) has(rel string, e entry) bool {
	f, ok := t.files[rel]
	return ok && f.size == e.size && f.sum == e.sum
}

// writeTwin is Write for a build with a twin: nothing when the twin holds
// these bytes at rel; else a link to the output folder's file when it
// holds them, or the bytes written, in the scratch folder, for Commit to
// rename into the twin.
func (d *Dir) writeTwin(rel string, e entry, data []byte) error {
	if d.twin.has(rel, e) {
		d.record(rel, e, "")
		return nil
	}
	src := d.scratchFile()
	if old, ok := d.old[rel]; !ok || old != e || d.linkOutput(rel, src) != nil {
		if err := os.WriteFile(src, data, 0o644); err != nil {
			return err
		}
	}
	d.record(rel, e, src)
	return nil
}

// keepTwin is Keep for a build with a twin.
func (d *Dir) keepTwin(rel string, sum [32]byte) bool {
	if t, ok := d.twin.files[rel]; ok && t.sum == digestOf(sum) {
		d.record(rel, entry{size: t.size, sum: t.sum}, "")
		return true
	}
	old, ok := d.old[rel]
	if !ok || old.external || old.sum != digestOf(sum) {
		return false
	}
	src := d.scratchFile()
	if d.linkOutput(rel, src) != nil {
		return false
	}
	d.record(rel, old, src)
	return true
}

// linkOutput links the output folder's file at rel to p, unless it is not
// as the output's manifest lists it (changed by hand; checkFiles).
func (d *Dir) linkOutput(rel, p string) error {
	if err := os.Link(filepath.Join(d.final, filepath.FromSlash(rel)), p); err != nil {
		return err
	}
	fi, err := os.Lstat(p)
	if err == nil && !asListed(stateOf(fi), d.old[rel], d.oldMark) {
		err = fmt.Errorf("%s changed since the output's manifest was written", rel)
	}
	if err != nil {
		_ = os.Remove(p)
	}
	return err
}

// scratchFile names a new file of the scratch folder.
func (d *Dir) scratchFile() string {
	return filepath.Join(d.staging.Path, scratch, strconv.FormatInt(d.seq.Add(1), 10))
}

// record notes that this build has e at rel, to be renamed into the twin
// from src ("" when the twin holds it already). The last call for a path
// wins, as the last Write of it does.
func (d *Dir) record(rel string, e entry, src string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.new[rel] = e
	if src == "" {
		delete(d.place, rel)
	} else {
		d.place[rel] = src
	}
}

// commitTwin brings the twin to this build and exchanges it with the
// output folder: the twin's manifest goes first (a build killed from then
// on leaves a twin the next one deletes), then the files this build does
// not have and the folders they leave empty, then the changed files are
// renamed in, and the marker with the new manifest written last. The
// output folder is not touched until the exchange; after it, the previous
// build, now at the twin's path, is the next build's twin.
func (d *Dir) commitTwin(marker []byte) error {
	root := d.twin.dir.Path
	for _, s := range []struct {
		name string
		run  func() error
	}{
		{"untrust", func() error { return d.replaceMarker([]byte(markerText)) }},
		{"unlink", d.removeStale},
		{"place", d.placeChanged},
		{"marker", func() error { return d.replaceMarker(marker) }},
	} {
		if err := d.step(s.name); err != nil {
			return err
		}
		if err := s.run(); err != nil {
			return err
		}
	}
	if _, err := d.swap(root); err != nil {
		return err
	}
	d.twin.dir.Release()
	if d.step("remove") == nil {
		_ = d.staging.Remove() // the scratch folder; else swept later
	}
	d.staging.Release()
	return nil
}

// replaceMarker replaces the twin's marker by one holding b, written in
// the scratch folder first (a build killed meanwhile leaves nothing in
// the twin but the marker before or after).
func (d *Dir) replaceMarker(b []byte) error {
	tmp := d.scratchFile()
	if err := os.WriteFile(tmp, b, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, filepath.Join(d.twin.dir.Path, Marker))
}

// removeStale removes from the twin the files this build does not have,
// and those doubtful, then the folders left empty.
func (d *Dir) removeStale() error {
	var gone []string
	for rel := range d.twin.files {
		if _, ok := d.new[rel]; !ok {
			gone = append(gone, rel)
		}
	}
	for _, rel := range d.twin.doubtful {
		if _, ok := d.new[rel]; !ok {
			gone = append(gone, rel)
		}
	}
	folders := map[string]bool{}
	for _, rel := range gone {
		if err := os.RemoveAll(filepath.Join(d.twin.dir.Path, filepath.FromSlash(rel))); err != nil {
			return err
		}
		for dir := filepath.Dir(filepath.FromSlash(rel)); dir != "."; dir = filepath.Dir(dir) {
			folders[dir] = true
		}
	}
	// Deepest first: a folder's path sorts before its contents'. One
	// that is not empty stays.
	for _, dir := range slices.Backward(slices.Sorted(maps.Keys(folders))) {
		_ = os.Remove(filepath.Join(d.twin.dir.Path, dir))
	}
	return nil
}

// placeChanged renames the changed files into the twin, in path order,
// making their folders (and clearing the way) where the plain rename
// fails.
func (d *Dir) placeChanged() error {
	for _, rel := range slices.Sorted(maps.Keys(d.place)) {
		dst := filepath.Join(d.twin.dir.Path, filepath.FromSlash(rel))
		if os.Rename(d.place[rel], dst) == nil {
			continue
		}
		if err := d.clearWay(rel); err != nil {
			return err
		}
		if err := os.Rename(d.place[rel], dst); err != nil {
			return err
		}
	}
	return nil
}

// clearWay makes the folders of the file rel in the twin, removing what
// stands in the way and is not this build's: a file where a folder goes,
// a folder where the file goes (whatever it holds cannot be this build's
// either).
func (d *Dir) clearWay(rel string) error {
	parts := strings.Split(rel, "/")
	p := d.twin.dir.Path
	for i, part := range parts {
		p = filepath.Join(p, part)
		last := i == len(parts)-1
		fi, err := os.Lstat(p)
		switch {
		case errors.Is(err, os.ErrNotExist):
		case err != nil:
			return err
		case last == fi.IsDir():
			if _, ok := d.new[strings.Join(parts[:i+1], "/")]; ok && !last {
				return fmt.Errorf("output path %s is a file and a folder", strings.Join(parts[:i+1], "/"))
			}
			if err := os.RemoveAll(p); err != nil {
				return err
			}
		default:
			continue // a folder where a folder goes
		}
		if !last {
			if err := os.Mkdir(p, 0o755); err != nil {
				return err
			}
		}
	}
	return nil
}
