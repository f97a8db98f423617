//go:build !linux

package output

// exchange is not offered by this system's rename: swap falls back to
// two renames.
func exchange(a, b string) error { return errExchangeUnsupported }
