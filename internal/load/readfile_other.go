//go:build !unix

package load

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
)

// readFile reads the file path whole, in one buffer of the file's size
// (and room to read the end), not one grown by doubling: 2.5 times less
// garbage over the content folder. A file larger than MaxFileSize is an
// error, and so is a symbolic link when nofollow is set.
func readFile(path string, nofollow bool) ([]byte, error) {
	if fi, err := os.Lstat(path); nofollow && err == nil && fi.Mode()&fs.ModeSymlink != 0 {
		return nil, &fs.PathError{Op: "open", Path: path, Err: errors.New("a symbolic link, not followed")}
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var size int64
	if fi, err := f.Stat(); err == nil {
		if err := tooLarge(fi.Size()); err != nil {
			return nil, err
		}
		size = fi.Size()
	}
	b := bytes.NewBuffer(make([]byte, 0, size+bytes.MinRead))
	_, err = b.ReadFrom(f)
	return b.Bytes(), err
}
