//go:build unix

package load

import (
	"errors"
	"io/fs"
	"syscall"
)

// readFile reads the file path whole, in one buffer of the file's size
// (and room to see the end), with the fewest system calls: open, fstat,
// read until the end, close. os.Open hands every file to the runtime's
// poller, four fcntl calls and an epoll_ctl that a regular file refuses,
// which was half the system calls of reading a content folder of 10,000
// small files. A file larger than MaxFileSize is an error, and so is a
// symbolic link when nofollow is set. Errors are *fs.PathError, as the os
// package's.
func readFile(path string, nofollow bool) ([]byte, error) {
	flags := syscall.O_RDONLY | syscall.O_CLOEXEC
	if nofollow {
		flags |= syscall.O_NOFOLLOW
	}
	var fd int
	err := retry(func() (err error) {
		fd, err = syscall.Open(path, flags, 0)
		return err
	})
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: path, Err: err}
	}
	defer syscall.Close(fd)
	var st syscall.Stat_t
	if err := retry(func() error { return syscall.Fstat(fd, &st) }); err != nil {
		return nil, &fs.PathError{Op: "stat", Path: path, Err: err}
	}
	if err := tooLarge(st.Size); err != nil {
		return nil, err
	}
	b := make([]byte, 0, st.Size+512)
	for {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		var n int
		err := retry(func() (err error) {
			n, err = syscall.Read(fd, b[len(b):cap(b)])
			return err
		})
		if err != nil {
			return nil, &fs.PathError{Op: "read", Path: path, Err: err}
		}
		if n == 0 {
			return b, nil
		}
		b = b[:len(b)+n]
	}
}

// retry calls f again while it is interrupted by a signal (the runtime
// sends some to preempt goroutines).
func retry(f func() error) error {
	for {
		if err := f(); !errors.Is(err, syscall.EINTR) {
			return err
		}
	}
}
