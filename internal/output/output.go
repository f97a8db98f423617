// Package output writes a build so that a failed build leaves the previous
// output exactly as it was: every file goes to a staging folder beside the
// output folder, and only Commit moves it into place.
//
// Only files whose bytes changed are written. The marker file of an output
// folder lists every file it holds with its size and SHA-256 (the
// manifest); Write skips a file whose bytes match the manifest, and Commit
// moves the staged files into the output folder and deletes the files this
// build did not produce. A repeat build of an unchanged site therefore
// writes, creates and deletes nothing but the marker, and unchanged files
// keep their modification times. An output folder without a manifest (the
// first build, or one whose Commit was interrupted) is replaced whole.
package output

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// Marker is written into every output folder; a folder without it that is
// not empty is never replaced, so a mistaken -o cannot delete a user's files.
const Marker = ".handbook-output"

// Dir is an output folder being written.
type Dir struct {
	final, staging string
	old            manifest // of the output folder; nil when it has none

	mu  sync.Mutex
	new manifest // every file of this build written with Write
	// external holds the output paths handed out by Path: folders and
	// files that other writers fill themselves (the search index).
	external map[string]bool
}

// Begin starts writing the output folder final.
func Begin(final string) (*Dir, error) {
	final = filepath.Clean(final)
	if err := checkReplaceable(final); err != nil {
		return nil, err
	}
	parent := filepath.Dir(final)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	staging, err := os.MkdirTemp(parent, "."+filepath.Base(final)+".staging-")
	if err != nil {
		return nil, err
	}
	return &Dir{final: final, staging: staging, old: readManifest(final), new: manifest{}, external: map[string]bool{}}, nil
}

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
func (d *Dir) Root() string { return d.staging }

// Path returns the staging path of a slash-separated output path, for
// writers (such as the search index) that need a real path. Whatever they
// write there is moved into the output folder whole by Commit.
func (d *Dir) Path(rel string) string {
	d.mu.Lock()
	d.external[filepath.ToSlash(filepath.Clean(filepath.FromSlash(rel)))] = true
	d.mu.Unlock()
	return d.stagingPath(rel)
}

func (d *Dir) stagingPath(rel string) string {
	return filepath.Join(d.staging, filepath.FromSlash(rel))
}

// Write writes one file, creating its folders, unless the output folder
// already holds these exact bytes at rel. It is safe for concurrent use.
func (d *Dir) Write(rel string, data []byte) error {
	rel, e, err := entryOf(rel, data)
	if err != nil {
		return err
	}
	d.mu.Lock()
	d.new[rel] = e
	d.mu.Unlock()
	if old, ok := d.old[rel]; ok && old == e {
		return nil
	}
	return writeFile(d.stagingPath(rel), data)
}

// entryOf checks an output path and returns it clean, with the manifest
// entry of the bytes to be written there.
func entryOf(rel string, data []byte) (string, entry, error) {
	if !filepath.IsLocal(filepath.FromSlash(rel)) || rel == Marker {
		return "", entry{}, fmt.Errorf("output path %q escapes the output folder", rel)
	}
	return filepath.ToSlash(filepath.Clean(filepath.FromSlash(rel))), entry{size: int64(len(data)), sum: sha256.Sum256(data)}, nil
}

// writeFile writes p, making its folder first: one mkdir in the common case
// of a new folder per page, MkdirAll only when its parent is missing too.
func writeFile(p string, data []byte) error {
	dir := filepath.Dir(p)
	if err := os.Mkdir(dir, 0o755); err != nil && !errors.Is(err, os.ErrExist) {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
	}
	return os.WriteFile(p, data, 0o644)
}

// Commit puts the build in place of the output folder: whole, by renaming
// the staging folder, when the output folder has no manifest; otherwise by
// moving in the staged (changed) files and deleting the files this build
// did not produce. The manifest is removed first and written last, so an
// interrupted Commit makes the next build replace the folder whole.
func (d *Dir) Commit() error {
	if err := d.addExternal(); err != nil {
		return err
	}
	marker, err := d.new.marker()
	if err != nil {
		return err
	}
	if d.old == nil {
		if err := os.WriteFile(filepath.Join(d.staging, Marker), marker, 0o644); err != nil {
			return err
		}
		return d.swap()
	}
	if err := writeAtomic(filepath.Join(d.final, Marker), []byte(markerText)); err != nil {
		return err
	}
	if err := moveTree(d.staging, d.final); err != nil {
		return err
	}
	if err := removeStale(d.final, d.old, d.new); err != nil {
		return err
	}
	if err := writeAtomic(filepath.Join(d.final, Marker), marker); err != nil {
		return err
	}
	return os.RemoveAll(d.staging)
}

// swap renames the staging folder in place of the output folder.
func (d *Dir) swap() error {
	old := ""
	if _, err := os.Stat(d.final); err == nil {
		old = d.staging + ".old"
		if err := os.Rename(d.final, old); err != nil {
			return err
		}
	}
	if err := os.Rename(d.staging, d.final); err != nil {
		if old != "" {
			_ = os.Rename(old, d.final)
		}
		return err
	}
	if old != "" {
		return os.RemoveAll(old)
	}
	return nil
}

// addExternal adds the files written under the paths handed out by Path
// to the manifest, without a checksum: they are always moved in.
func (d *Dir) addExternal() error {
	for rel := range d.external {
		err := filepath.WalkDir(d.stagingPath(rel), func(p string, e os.DirEntry, err error) error {
			if errors.Is(err, os.ErrNotExist) && p == d.stagingPath(rel) {
				return nil // handed out but not written
			}
			if err != nil || e.IsDir() {
				return err
			}
			fi, err := e.Info()
			if err != nil {
				return err
			}
			r, err := filepath.Rel(d.staging, p)
			d.new[filepath.ToSlash(r)] = entry{size: fi.Size(), external: true}
			return err
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// Abort removes the staging folder; the output folder is untouched.
func (d *Dir) Abort() { _ = os.RemoveAll(d.staging) }

// IsStaging reports whether a folder name is a leftover staging folder.
func IsStaging(name string) bool { return strings.Contains(name, ".staging-") }
