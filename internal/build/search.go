package build

import (
	"context"

	"handbook/internal/output"
)

// writeSearch builds the search index into the output (filled in by the
// search work: bleve index under _search/, static shards, /search/ page).
func writeSearch(_ context.Context, _ *State, _ *output.Dir) error { return nil }
