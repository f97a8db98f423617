package index

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"handbook/internal/search"
	"handbook/internal/search/analysis"
	"handbook/internal/search/format"
)

// WriteServer writes into the folder dir what the server searches with
// besides the static index, which Write writes without them when its
// Output has no IndexDir: the bleve index (dir/index) and the text's word
// pairs (dir/pairs.bin), exactly as Write would have written them for
// docs. The query package makes them from a static index (its server.go).
func WriteServer(ctx context.Context, dir string, docs []search.Document) error {
	var pairs [][]uint32 // documents are visited in order
	_, finish, err := writeBleve(ctx, filepath.Join(dir, format.IndexDir), docs, func(_ int, a *analysis.Analysed) {
		for i := range a.Sections {
			pairs = append(pairs, a.Sections[i].Pairs)
		}
	})
	if err == nil {
		err = finish()
	}
	if err == nil {
		err = os.WriteFile(filepath.Join(dir, "pairs.bin"), format.EncodePairs(pairs), 0o644)
	}
	if err != nil {
		return fmt.Errorf("the server's search index: %w", err)
	}
	return nil
}
