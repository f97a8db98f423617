package output

import (
	"maps"
	"os"
	"path/filepath"
	"slices"
)

// Patch replaces some files of a committed output folder in place, for an
// incremental rebuild that changed a few pages of a folder being served:
// each file is written beside its place and renamed over it, so a reader
// gets the old bytes or the new, never half of a page. Files whose bytes
// did not change are left alone. The manifest is updated, so that the
// next full build into the folder still skips the unchanged files.
func Patch(final string, files map[string][]byte) error {
	old := readManifest(final)
	changed := false
	for _, name := range slices.Sorted(maps.Keys(files)) {
		data := files[name]
		rel, e, err := entryOf(name, data)
		if err != nil {
			return err
		}
		if cur, ok := old[rel]; ok && cur == e {
			continue
		}
		p := filepath.Join(final, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := writeAtomic(p, data); err != nil {
			return err
		}
		if old != nil {
			old[rel] = e
		}
		changed = true
	}
	if old == nil || !changed { // no manifest: the next build replaces the folder whole
		return nil
	}
	marker, err := old.marker()
	if err != nil {
		return err
	}
	return writeAtomic(filepath.Join(final, Marker), marker)
}
