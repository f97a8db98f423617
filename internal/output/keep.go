package output

import "path/filepath"

// Keep declares that this build produces at rel the bytes whose SHA-256 is
// sum, which the output folder already holds there by its manifest: the
// file is linked into the staging folder as it is, as Write does with
// unchanged bytes, without the caller making them. It reports false,
// declaring nothing, when the manifest does not have those bytes at rel or
// the file cannot be linked (then the caller writes). It is safe for
// concurrent use.
func (d *Dir) Keep(rel string, sum [32]byte) bool {
	rel = filepath.ToSlash(filepath.Clean(filepath.FromSlash(rel)))
	if d.twin != nil {
		return d.keepTwin(rel, sum)
	}
	old, ok := d.old[rel]
	if !ok || old.external || old.sum != digestOf(sum) {
		return false
	}
	// The output is made in a staging folder: the kept file is linked
	// into it, as Write does with unchanged bytes (or written by the
	// caller where linking fails).
	if d.linkPrevious(rel, d.stagingPath(rel)) != nil {
		return false
	}
	d.mu.Lock()
	d.new[rel] = old
	d.mu.Unlock()
	return true
}

// Sum returns, for the bytes this build has at rel (written by Write or
// declared by Keep), the sum Keep takes for them: their SHA-256 as far as
// the manifest holds it (its digest), the rest zero. False when it has
// none there (yet). It is safe for concurrent use.
func (d *Dir) Sum(rel string) ([32]byte, bool) {
	rel = filepath.ToSlash(filepath.Clean(filepath.FromSlash(rel)))
	d.mu.Lock()
	defer d.mu.Unlock()
	e, ok := d.new[rel]
	var sum [32]byte
	copy(sum[:], e.sum[:])
	return sum, ok && !e.external
}
