package live

import (
	"os"
	"path/filepath"

	"handbook/internal/search/index"
	"handbook/internal/tempdir"
)

// TempPrefix names the temporary folders of running servers.
const TempPrefix = "handbook-serve-"

// newTemp makes the server's temporary folder (its builds), after deleting
// those of servers that were killed (whose folders nobody holds).
func newTemp() (*tempdir.Dir, error) {
	_, _ = tempdir.Sweep(os.TempDir(), TempPrefix)
	return tempdir.New(os.TempDir(), TempPrefix)
}

// scratchDir makes a folder for the overlay indexes of incremental
// updates: in memory where there is room (index.MemoryScratch: an index
// thrown away by the next edit needs none of the syncs bleve makes, and
// indexing an edit takes half the time), else under tmp.
func scratchDir(tmp string) (string, func()) {
	if d, release := index.MemoryScratch(overlayRoom); d != "" {
		return d, release
	}
	return filepath.Join(tmp, "overlays"), func() {}
}

// overlayRoom is the memory the overlay indexes may take: each indexes at
// most build.MaxEdited documents, and is deleted when the next replaces it.
const overlayRoom = 64 << 20
