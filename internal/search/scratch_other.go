//go:build !linux

package search

// memoryScratch has no memory file system to offer here: the index is
// built in place.
func memoryScratch(need int64) string { return "" }
