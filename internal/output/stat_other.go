//go:build !linux

package output

import (
	"os"
	"path/filepath"
)

// statUnder returns a function that describes files under the folder
// root by their slash paths, as Lstat does, and a function that lets go
// of root.
func statUnder(root string) (func(rel string) (fileState, error), func(), error) {
	stat := func(rel string) (fileState, error) {
		fi, err := os.Lstat(filepath.Join(root, filepath.FromSlash(rel)))
		if err != nil {
			return fileState{}, err
		}
		return stateOf(fi), nil
	}
	return stat, func() {}, nil
}
