package search

import (
	"os"
	"syscall"
)

// MemoryScratch returns a new folder in memory (/dev/shm) with room for
// about need bytes, or "" when there is none. bleve's builder syncs every
// segment and merge it writes to disk; a build output needs no such
// durability, and on a busy disk the syncs cost seconds. An index built
// in memory is copied into the output with plain writes.
func MemoryScratch(need int64) string {
	const shm = "/dev/shm"
	var fs syscall.Statfs_t
	if err := syscall.Statfs(shm, &fs); err != nil || int64(fs.Bavail)*fs.Bsize < need {
		return "" // none, or too small (a container's default is 64 MB)
	}
	dir, err := os.MkdirTemp(shm, "handbook-index-")
	if err != nil {
		return ""
	}
	return dir
}
