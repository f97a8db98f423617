package index

import (
	"syscall"

	"handbook/internal/tempdir"
)

// MemoryScratch returns a new folder in memory (/dev/shm) with room for
// about need bytes, and the function that deletes it; "" when there is
// none. bleve's builder syncs every segment and merge it writes to disk; a
// build output needs no such durability, and on a busy disk the syncs cost
// seconds. An index built in memory is copied into the output with plain
// writes. The folders that killed processes left (which would hold memory
// until a reboot) are deleted first.
func MemoryScratch(need int64) (string, func()) {
	const shm, prefix = "/dev/shm", "handbook-index-"
	_, _ = tempdir.Sweep(shm, prefix)
	var fs syscall.Statfs_t
	if err := syscall.Statfs(shm, &fs); err != nil || int64(fs.Bavail)*fs.Bsize < need {
		return "", func() {} // none, or too small (a container's default is 64 MB)
	}
	dir, err := tempdir.New(shm, prefix)
	if err != nil {
		return "", func() {}
	}
	return dir.Path, func() { _ = dir.Remove() }
}
