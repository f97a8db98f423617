//go:build unix

package tempdir

import (
	"os"
	"syscall"
)

// lock takes an exclusive lock on the open folder f without waiting: it
// fails when another process (or another open file) holds one. The
// kernel releases it when the process ends, however it ends.
func lock(f *os.File, _ bool) error {
	return syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
}
