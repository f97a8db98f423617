package cache

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"runtime"
	"runtime/debug"
)

// Binary identifies the running handbook binary, for cache keys: the
// commit it was built from when the build information has one and the
// tree was clean, else the SHA-256 of the executable itself (a build from
// a modified tree, a test binary, -buildvcs=false).
func Binary() (string, error) {
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
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return "sha256 " + hex.EncodeToString(h.Sum(nil)), nil
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
