// Package output writes a build atomically: every file goes to a staging
// folder beside the output folder, and only a successful build swaps it in.
// A failed build leaves the previous output exactly as it was.
package output

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Marker is written into every output folder; a folder without it that is
// not empty is never replaced, so a mistaken -o cannot delete a user's files.
const Marker = ".handbook-output"

// Dir is an output folder being written.
type Dir struct {
	final, staging string
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
	d := &Dir{final: final, staging: staging}
	return d, d.Write(Marker, []byte("written by handbook build; this folder is replaced on every build\n"))
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

// Root is the staging folder (for writers, such as the search index, that
// need a real path).
func (d *Dir) Root() string { return d.staging }

// Path returns the staging path of a slash-separated output path.
func (d *Dir) Path(rel string) string {
	return filepath.Join(d.staging, filepath.FromSlash(rel))
}

// Write writes one file, creating its folders.
func (d *Dir) Write(rel string, data []byte) error {
	if !filepath.IsLocal(filepath.FromSlash(rel)) {
		return fmt.Errorf("output path %q escapes the output folder", rel)
	}
	p := d.Path(rel)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	return os.WriteFile(p, data, 0o644)
}

// Commit swaps the staging folder in place of the output folder.
func (d *Dir) Commit() error {
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

// Abort removes the staging folder; the output folder is untouched.
func (d *Dir) Abort() { _ = os.RemoveAll(d.staging) }

// IsStaging reports whether a folder name is a leftover staging folder.
func IsStaging(name string) bool { return strings.Contains(name, ".staging-") }
