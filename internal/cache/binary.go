package cache

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
)

// Binary identifies the running handbook binary, for cache keys: the
// commit it was built from when the build information has one and the
// tree was clean, else the SHA-256 of the executable itself (a build from
// a modified tree, a test binary, -buildvcs=false). Hashing a binary of
// 60 MB costs about 0.2 s of CPU, so the hash is kept in the cache folder
// root (if not "") with the executable's path, size, modification time
// and inode, and hashed again only when one of them changes.
func Binary(root string) (string, error) {
	if info, ok := debug.ReadBuildInfo(); ok {
		if id := vcsID(info); id != "" {
			return id + " " + runtime.Version() + " " + runtime.GOOS + "/" + runtime.GOARCH, nil
		}
	}
	exe, err := os.Executable()
	if err != nil {
		return "", err
	}
	f, err := os.Open(exe)
	if err != nil {
		return "", err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return "", err
	}
	stamp := fmt.Sprintf("%s\n%d %d %d\n", exe, fi.Size(), fi.ModTime().UnixNano(), inode(fi))
	memo := filepath.Join(root, "binary")
	if root != "" {
		if b, err := os.ReadFile(memo); err == nil {
			if sum, ok := strings.CutPrefix(string(b), stamp); ok && len(sum) == 2*sha256.Size {
				return "sha256 " + sum, nil
			}
		}
	}
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	sum := hex.EncodeToString(h.Sum(nil))
	if root != "" && os.MkdirAll(root, 0o755) == nil {
		_ = writeAtomic(memo, []byte(stamp+sum)) // a memo not written is hashed again next time
	}
	return "sha256 " + sum, nil
}

// writeAtomic replaces the file p by data, never leaving half of it.
func writeAtomic(p string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(p), "."+filepath.Base(p)+"-")
	if err != nil {
		return err
	}
	_, err = tmp.Write(data)
	if err = errors.Join(err, tmp.Close()); err == nil {
		err = os.Rename(tmp.Name(), p)
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
	return err
}

// vcsID is "vcs REVISION" for a binary built from a clean checkout, else "".
func vcsID(info *debug.BuildInfo) string {
	var rev, modified string
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			modified = s.Value
		}
	}
	if rev == "" || modified != "false" {
		return ""
	}
	return "vcs " + rev
}
