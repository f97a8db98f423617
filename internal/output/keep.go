package output

import "path/filepath"

// Keep declares that this build produces at rel the bytes whose SHA-256 is
// sum, which the output folder already holds there by its manifest: the
// file is left as it is, as Write would leave it, without the caller
// making the bytes. It reports false, declaring nothing, when the
// manifest does not have those bytes at rel (then the caller writes).
// It is safe for concurrent use.
func (d *Dir) Keep(rel string, sum [32]byte) bool {
	rel = filepath.ToSlash(filepath.Clean(filepath.FromSlash(rel)))
	old, ok := d.old[rel]
	if !ok || old.external || old.sum != sum {
		return false
	}
	d.mu.Lock()
	d.new[rel] = old
	d.mu.Unlock()
	return true
}
