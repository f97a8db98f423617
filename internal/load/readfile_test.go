package load

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReadFile: readFile gives a file's bytes as os.ReadFile does, empty,
// small or larger than a page, and the same errors, with the file's path,
// for a missing file and a folder; a file over MaxFileSize is refused.
func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	for _, size := range []int{0, 1, 511, 4096, 70000} {
		p := filepath.Join(dir, "f.md")
		want := bytes.Repeat([]byte("ab\n"), size)[:size]
		if err := os.WriteFile(p, want, 0o644); err != nil {
			t.Fatal(err)
		}
		got, err := readFile(p)
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("%d bytes: got %d bytes, %v", size, len(got), err)
		}
	}
	for _, tc := range []struct {
		name, path string
	}{
		{"missing", filepath.Join(dir, "none.md")},
		{"folder", dir},
	} {
		_, err := readFile(tc.path)
		_, osErr := os.ReadFile(tc.path)
		var pe *fs.PathError
		if !errors.As(err, &pe) || pe.Path != tc.path || unwrapPath(err).Error() != unwrapPath(osErr).Error() {
			t.Errorf("%s: %v, want the error of os.ReadFile, %v", tc.name, err, osErr)
		}
	}
	if _, err := readFile(filepath.Join(dir, "none.md")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: %v is not fs.ErrNotExist", err)
	}
	big := filepath.Join(dir, "big.md")
	if err := os.WriteFile(big, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(big, MaxFileSize+1); err != nil { // sparse: no disk used
		t.Fatal(err)
	}
	if _, err := readFile(big); err == nil || !strings.Contains(err.Error(), "limit") {
		t.Errorf("a file over the limit: %v", err)
	}
}
