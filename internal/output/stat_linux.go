package output

import (
	"time"

	"golang.org/x/sys/unix"
)

// statUnder returns a function that describes files under the folder
// root by their slash paths, as Lstat does, and a function that lets go
// of root. Each file is looked up from root's descriptor (fstatat): a
// twin's check stats every file of the output, and walking root's own
// path again for each, and allocating its name and FileInfo, was half
// of the cost.
func statUnder(root string) (func(rel string) (fileState, error), func(), error) {
	fd, err := unix.Open(root, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, nil, err
	}
	stat := func(rel string) (fileState, error) {
		var st unix.Stat_t
		if err := unix.Fstatat(fd, rel, &st, unix.AT_SYMLINK_NOFOLLOW); err != nil {
			return fileState{}, err
		}
		return fileState{regular: st.Mode&unix.S_IFMT == unix.S_IFREG, size: st.Size,
			mod: time.Unix(st.Mtim.Unix())}, nil
	}
	return stat, func() { unix.Close(fd) }, nil
}
