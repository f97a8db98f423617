//go:build !linux

package index

// MemoryScratch has no memory file system to offer here: the index is
// built in place.
func MemoryScratch(need int64) (string, func()) { return "", func() {} }
