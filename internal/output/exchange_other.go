//go:build !linux

package output

// exchange is not offered by this system's rename: swap falls back to
// two renames.
func exchange(a, b string) error { return errExchangeUnsupported }

// renameNoReplace is not offered either: the output has no twin here.
func renameNoReplace(a, b string) error { return errExchangeUnsupported }
