// Package output writes a build so that a reader of the output folder —
// a person, a web server, serve — sees either the whole previous build or
// the whole new one, whatever fails and whenever the process is killed.
//
// Every file goes to a staging folder beside the output folder, and Commit
// exchanges the two folders in one step (renameat2 RENAME_EXCHANGE on
// Linux; elsewhere, or on a file system without it, two renames, between
// which the output folder is briefly missing but never mixed). The
// previous build, now at the staging path, is deleted after the exchange;
// a staging folder left by a killed build is deleted by the next build of
// the same output (they are tempdir folders, locked while their build
// lives).
//
// Only files whose bytes changed are written. The marker file of an output
// folder lists every file it holds with its size and SHA-256 (the first
// 128 bits of it: the manifest); Write does not write a file whose bytes
// match the manifest but hard-links the output folder's file into the staging folder. A
// repeat build of an unchanged site therefore writes no page, and
// unchanged files keep their inode and modification time. An output folder without a manifest (the first
// build, or one not written by this version) is replaced whole.
//
// A build begun with BeginTwin (every handbook build, --no-cache too:
// without Keep, which only the build cache calls, the twin reuses a file
// only where Write's bytes hash as its manifest lists, as a staging tree
// links one) does not even make a staging tree: it keeps the previous build, which the exchange put at the
// staging path, as the output's twin, and the next build writes into the
// twin only the files that differ from it, then exchanges the twin with
// the output folder (twin.go). Linking every unchanged file, making every
// folder and deleting the previous tree cost seconds on a large site; the
// twin costs what changed.
package output

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"handbook/internal/tempdir"
)

// Marker is written into every output folder; a folder without it that is
// not empty is never replaced, so a mistaken -o cannot delete a user's files.
const Marker = ".handbook-output"

// Dir is an output folder being written.
type Dir struct {
	final   string
	staging *tempdir.Dir
	old     manifest // of the output folder; nil when it has none

	mu  sync.Mutex
	new manifest // every file of this build written with Write
	// external holds the output paths handed out by Path: folders and
	// files that other writers fill themselves (the search index).
	external map[string]bool
	// linked holds the paths that are hard links to the output folder's
	// files (unchanged since the previous build).
	linked map[string]bool

	// twin, when set, is the output's twin this build brings up to date
	// instead of filling the staging folder (twin.go); place then maps
	// each path whose bytes the twin lacks to the file Commit renames in,
	// numbered by seq.
	twin  *twin
	place map[string]string
	seq   atomic.Int64
	// oldMark is when the output folder's manifest was written.
	oldMark time.Time
	// makeTwin says that Commit, without a twin, keeps the previous build
	// as the output's twin (BeginTwin).
	makeTwin bool

	// fault, when set (by tests), is called before each step of Commit
	// and the error it returns is that step's failure.
	fault func(step string) error
	// exchange swaps two folders atomically (the system's exchange).
	exchange func(a, b string) error
}

// errExchangeUnsupported is exchange's answer where the system or the
// file system cannot exchange two folders.
var errExchangeUnsupported = errors.New("exchanging folders is not supported here")

// Begin starts writing the output folder final, and deletes the staging
// folders that builds of it killed earlier left beside it. It neither
// uses nor makes the output's twin (BeginTwin).
func Begin(final string) (*Dir, error) { return begin(final, false) }

// BeginTwin is Begin for a build that may reuse the output's twin (the
// build before the current one, kept beside it; twin.go): it writes into
// the twin only what differs from it. Without a twin it writes as Begin
// does, and its Commit keeps the build it replaces as the twin, where the
// system can exchange two folders (Linux).
func BeginTwin(final string) (*Dir, error) { return begin(final, true) }

func begin(final string, useTwin bool) (*Dir, error) {
	final = resolveLink(filepath.Clean(final))
	if err := checkReplaceable(final); err != nil {
		return nil, err
	}
	parent := filepath.Dir(final)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	if _, err := tempdir.Sweep(parent, stagingPrefix(final)); err != nil {
		return nil, fmt.Errorf("removing a killed build's staging folder: %w", err)
	}
	staging, err := tempdir.New(parent, stagingPrefix(final))
	if err != nil {
		return nil, err
	}
	// The staging folder becomes the output folder, which a web server
	// running as another user must read (a temporary folder is 0700).
	if err := os.Chmod(staging.Path, 0o755); err != nil {
		staging.Remove()
		return nil, err
	}
	old := readManifest(final)
	// A build has about the files of the last: its manifest is made at
	// that size (40,000 entries at 10,000 documents), not grown to it.
	d := &Dir{final: final, staging: staging, old: old, new: make(manifest, len(old)), external: map[string]bool{}, linked: map[string]bool{}, exchange: exchange, makeTwin: useTwin}
	if useTwin {
		d.twin = holdTwin(final, staging.Path+"-twin")
	}
	if d.twin != nil {
		d.place = map[string]string{}
		if fi, err := os.Lstat(filepath.Join(final, Marker)); err == nil {
			d.oldMark = fi.ModTime()
		}
		if err := os.Mkdir(filepath.Join(staging.Path, scratch), 0o755); err != nil {
			d.Abort()
			return nil, err
		}
	}
	return d, nil
}

// resolveLink returns the folder an output path that is a symbolic link
// names (made or not yet), so that the folder is replaced and the link
// kept; any other path as it is.
func resolveLink(p string) string {
	if r, err := filepath.EvalSymlinks(p); err == nil {
		return r
	}
	target, err := os.Readlink(p)
	if err != nil {
		return p
	}
	if !filepath.IsAbs(target) {
		target = filepath.Join(filepath.Dir(p), target)
	}
	return filepath.Clean(target)
}

// stagingPrefix starts the names of the staging folders of the output
// folder final.
func stagingPrefix(final string) string { return "." + filepath.Base(final) + ".staging-" }

func checkReplaceable(final string) error {
	entries, err := os.ReadDir(final)
	if errors.Is(err, os.ErrNotExist) || (err == nil && len(entries) == 0) {
		return nil
	}
	if err != nil {
		return err
	}
	if _, err := os.Stat(filepath.Join(final, Marker)); err != nil {
		return fmt.Errorf("output folder %s exists and was not written by handbook (no %s file); refusing to replace it", final, Marker)
	}
	return nil
}

// Root is the staging folder. Files written under it other than through
// Write or Path are not part of the build; use Path.
func (d *Dir) Root() string { return d.staging.Path }

// Path returns the staging path of a slash-separated output path, for
// writers (such as the search index) that need a real path. Whatever they
// write there is moved into the output folder whole by Commit. Like
// Write's, rel must stay inside and not be the marker's (a build with a
// twin keeps its scratch files under that name).
func (d *Dir) Path(rel string) string {
	d.mu.Lock()
	d.external[filepath.ToSlash(filepath.Clean(filepath.FromSlash(rel)))] = true
	d.mu.Unlock()
	return d.stagingPath(rel)
}

func (d *Dir) stagingPath(rel string) string {
	return filepath.Join(d.staging.Path, filepath.FromSlash(rel))
}

// Write writes one file, creating its folders, unless the output folder
// already holds these exact bytes at rel. It is safe for concurrent use.
func (d *Dir) Write(rel string, data []byte) error {
	rel, e, err := entryOf(rel, data)
	if err != nil {
		return err
	}
	if d.twin != nil {
		return d.writeTwin(rel, e, data)
	}
	d.mu.Lock()
	d.new[rel] = e
	relinked := d.linked[rel]
	d.mu.Unlock()
	p := d.stagingPath(rel)
	if old, ok := d.old[rel]; ok && old == e && !relinked && d.linkPrevious(rel, p) == nil {
		return nil
	}
	if relinked { // never write through a link into the output folder's file
		if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
	}
	return writeFile(p, data)
}

// linkPrevious puts the output folder's file at rel into the staging
// folder at p as a hard link: no bytes copied, and the file keeps its
// inode and modification time. Where that fails (the file is gone, or
// the file system cannot link), Write writes the bytes instead.
func (d *Dir) linkPrevious(rel, p string) error {
	if err := makeDir(filepath.Dir(p)); err != nil {
		return err
	}
	if err := os.Link(filepath.Join(d.final, filepath.FromSlash(rel)), p); err != nil {
		return err
	}
	d.mu.Lock()
	d.linked[rel] = true
	d.mu.Unlock()
	return nil
}

// entryOf checks an output path and returns it clean, with the manifest
// entry of the bytes to be written there.
func entryOf(rel string, data []byte) (string, entry, error) {
	if !filepath.IsLocal(filepath.FromSlash(rel)) {
		return "", entry{}, fmt.Errorf("output path %q escapes the output folder", rel)
	}
	rel = filepath.ToSlash(filepath.Clean(filepath.FromSlash(rel)))
	if rel == Marker || strings.HasPrefix(rel, Marker+"/") {
		return "", entry{}, fmt.Errorf("output path %q is the output marker's", rel)
	}
	return rel, entry{size: int64(len(data)), sum: digestOf(sha256.Sum256(data))}, nil
}

// writeFile writes p, making its folder first: one mkdir in the common case
// of a new folder per page, MkdirAll only when its parent is missing too.
func writeFile(p string, data []byte) error {
	if err := makeDir(filepath.Dir(p)); err != nil {
		return err
	}
	return os.WriteFile(p, data, 0o644)
}

// makeDir makes the folder dir and its parents.
func makeDir(dir string) error {
	if err := os.Mkdir(dir, 0o755); err != nil && !errors.Is(err, os.ErrExist) {
		return os.MkdirAll(dir, 0o755)
	}
	return nil
}

// Commit puts the build in place of the output folder: it completes the
// staging folder with the marker and its manifest, exchanges it with the
// output folder and deletes the previous build, or keeps it as the twin
// (BeginTwin). With a twin, the twin is completed and exchanged instead
// (commitTwin). On an error the output folder is as it was; call Abort.
func (d *Dir) Commit() error {
	if err := d.addExternal(); err != nil {
		return err
	}
	marker, err := d.new.marker()
	if err != nil {
		return err
	}
	if d.twin != nil {
		return d.commitTwin(marker)
	}
	if err := d.step("marker"); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(d.staging.Path, Marker), marker, 0o644); err != nil {
		return err
	}
	// The previous build, held from now on so that no sweep deletes it
	// once the swap puts it at the staging path, may become the twin.
	var prev *tempdir.Dir
	if d.makeTwin {
		prev, _ = tempdir.Hold(d.final)
	}
	defer prev.Release()
	exchanged, err := d.swap(d.staging.Path)
	if err != nil {
		return err
	}
	if exchanged && prev.HeldAt(d.staging.Path) && d.step("twin") == nil && renameNoReplace(d.staging.Path, twinPath(d.final)) == nil {
		d.staging.Release()
		return nil
	}
	// The new build is in place: the previous one, now at the staging
	// path, goes. Should that fail, the next build's sweep deletes it.
	if d.step("remove") == nil {
		_ = d.staging.Remove()
	}
	d.staging.Release()
	return nil
}

// step reports the failure injected at step, if any.
func (d *Dir) step(name string) error {
	if d.fault == nil {
		return nil
	}
	return d.fault(name)
}

// swap puts the folder staging (the staging folder, or the twin) at the
// output folder's place, and the output folder (if any) at staging's: in
// one step where the system can, else with two renames (the output folder
// is missing in between, and put back if the second fails). It reports
// whether it exchanged the two in one step.
func (d *Dir) swap(staging string) (exchanged bool, err error) {
	if err := d.step("exchange"); err != nil {
		return false, err
	}
	if _, err := os.Lstat(d.final); errors.Is(err, os.ErrNotExist) {
		return false, os.Rename(staging, d.final) // nothing to replace: one step too
	}
	err = d.exchange(staging, d.final)
	if !errors.Is(err, errExchangeUnsupported) {
		return err == nil, err
	}
	aside := d.staging.Path + "-previous" // swept like the staging folder if left
	if err := d.step("rename aside"); err != nil {
		return false, err
	}
	if err := os.Rename(d.final, aside); err != nil {
		return false, err
	}
	if err = d.step("rename in"); err == nil {
		err = os.Rename(staging, d.final)
	}
	if err != nil {
		return false, errors.Join(err, os.Rename(aside, d.final))
	}
	_ = os.Rename(aside, staging) // where Commit deletes the previous build; else swept later
	return false, nil
}

// addExternal adds the files written under the paths handed out by Path
// to the manifest, with their checksums (they are in the staging folder
// already: nothing is linked for them).
func (d *Dir) addExternal() error {
	for rel := range d.external {
		err := filepath.WalkDir(d.stagingPath(rel), func(p string, e os.DirEntry, err error) error {
			if errors.Is(err, os.ErrNotExist) && p == d.stagingPath(rel) {
				return nil // handed out but not written
			}
			if err != nil || e.IsDir() {
				return err
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			r, err := filepath.Rel(d.staging.Path, p)
			f := entry{size: int64(len(data)), sum: digestOf(sha256.Sum256(data)), external: true}
			d.new[filepath.ToSlash(r)] = f
			if d.twin != nil && !d.twin.has(filepath.ToSlash(r), f) {
				d.place[filepath.ToSlash(r)] = p // renamed into the twin by Commit
			}
			return err
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// Abort removes the staging folder and lets go of the twin; the output
// folder is untouched.
func (d *Dir) Abort() {
	_ = d.staging.Remove()
	if d.twin != nil {
		d.twin.dir.Release()
	}
}

// IsStaging reports whether a folder name is a leftover staging folder.
func IsStaging(name string) bool { return strings.Contains(name, ".staging-") }
