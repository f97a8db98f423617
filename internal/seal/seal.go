// Package seal keeps the build inside the site folder: a symbolic link in
// content/, layouts/, static/ or handbook.yaml may point to another file
// of the site, never outside it (static/passwd.txt -> /etc/passwd would
// publish the system's file; layouts/_footer.html -> /etc/passwd would put
// it into every page).
package seal

import (
	"io/fs"
	"os"
	"path/filepath"

	"handbook/internal/diag"
)

// Check returns an error at p's path (relative to the site folder dir)
// when p is a symbolic link that resolves to a file outside dir, naming
// where it points; nil for any other file, and for a link that cannot be
// resolved (reading it reports that).
func Check(dir, p string) *diag.Diagnostic {
	fi, err := os.Lstat(p)
	if err != nil || fi.Mode()&fs.ModeSymlink == 0 {
		return nil
	}
	return CheckLink(dir, p)
}

// CheckLink is Check for a p known to be a symbolic link (a directory
// entry's type says so), without another lstat.
func CheckLink(dir, p string) *diag.Diagnostic {
	target, err := filepath.EvalSymlinks(p)
	if err != nil {
		return nil
	}
	root, err := filepath.EvalSymlinks(dir)
	if err != nil {
		root = dir
	}
	if rel, err := filepath.Rel(root, target); err == nil && filepath.IsLocal(rel) {
		return nil
	}
	if link, err := os.Readlink(p); err == nil && filepath.IsAbs(link) {
		target = link // as the site's author wrote it
	}
	return diag.Errorf(relPath(dir, p), 0, "symbolic link to %s, outside the site folder: not read", target)
}

// IsLink reports whether a directory entry is a symbolic link.
func IsLink(e fs.DirEntry) bool { return e.Type()&fs.ModeSymlink != 0 }

func relPath(dir, p string) string {
	if r, err := filepath.Rel(dir, p); err == nil {
		return filepath.ToSlash(r)
	}
	return filepath.ToSlash(p)
}
