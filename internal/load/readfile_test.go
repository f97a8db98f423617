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
// for a missing file and a folder; a file over MaxFileSize is refused, and
// a symbolic link is followed only when asked.
func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	for _, size := range []int{0, 1, 511, 4096, 70000} {
		p := filepath.Join(dir, "f.md")
		want := bytes.Repeat([]byte("ab\n"), size)[:size]
		if err := os.WriteFile(p, want, 0o644); err != nil {
			t.Fatal(err)
		}
		got, err := readFile(p, true)
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
		_, err := readFile(tc.path, true)
		_, osErr := os.ReadFile(tc.path)
		var pe *fs.PathError
		if !errors.As(err, &pe) || pe.Path != tc.path || unwrapPath(err).Error() != unwrapPath(osErr).Error() {
			t.Errorf("%s: %v, want the error of os.ReadFile, %v", tc.name, err, osErr)
		}
	}
	if _, err := readFile(filepath.Join(dir, "none.md"), true); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: %v is not fs.ErrNotExist", err)
	}
	big := filepath.Join(dir, "big.md")
	if err := os.WriteFile(big, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(big, MaxFileSize+1); err != nil { // sparse: no disk used
		t.Fatal(err)
	}
	if _, err := readFile(big, true); err == nil || !strings.Contains(err.Error(), "limit") {
		t.Errorf("a file over the limit: %v", err)
	}
	link := filepath.Join(dir, "link.md")
	if err := os.Symlink(filepath.Join(dir, "f.md"), link); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	if b, err := readFile(link, false); err != nil || len(b) != 70000 {
		t.Errorf("a link followed: %d bytes, %v", len(b), err)
	}
	if b, err := readFile(link, true); err == nil {
		t.Errorf("a link not to be followed was read: %d bytes", len(b))
	}
}
