package pack

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
)

// ManifestName is the pack's list of files and their hashes.
const ManifestName = "MANIFEST.txt"

// Manifest is the pack's MANIFEST.txt: a header of "Key: value" lines
// (title, date, source revision...), then a line per file in the form
// sha256sum writes and checks: the SHA-256 in hex, two spaces, the name.
func Manifest(header [][2]string, files map[string][]byte) []byte {
	var b strings.Builder
	for _, h := range header {
		fmt.Fprintf(&b, "%s: %s\n", h[0], h[1])
	}
	b.WriteString("\nSHA-256 of each file (check with: sha256sum --ignore-missing -c MANIFEST.txt):\n")
	for _, name := range slices.Sorted(maps.Keys(files)) {
		sum := sha256.Sum256(files[name])
		fmt.Fprintf(&b, "%s  %s\n", hex.EncodeToString(sum[:]), name)
	}
	return []byte(b.String())
}

// Zip writes the files as a zip archive whose bytes depend on the files
// and modified alone: entries sorted by name, every time stamp modified.
func Zip(files map[string][]byte, modified time.Time) ([]byte, error) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, name := range slices.Sorted(maps.Keys(files)) {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: modified.UTC()})
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(files[name]); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Verify checks a pack's files against its MANIFEST.txt: every hash line
// matches its file, and every other file is listed. It reports every
// mismatch.
func Verify(files map[string][]byte) error {
	manifest, ok := files[ManifestName]
	if !ok {
		return errors.New("no " + ManifestName)
	}
	var errs []error
	listed := map[string]bool{}
	for line := range strings.Lines(string(manifest)) {
		sum, name, ok := strings.Cut(strings.TrimRight(line, "\r\n"), "  ")
		if !ok || len(sum) != 2*sha256.Size {
			continue // a header line
		}
		listed[name] = true
		data, ok := files[name]
		if h := sha256.Sum256(data); !ok || hex.EncodeToString(h[:]) != sum {
			errs = append(errs, fmt.Errorf("%s: %s is missing or has another SHA-256", ManifestName, name))
		}
	}
	for _, name := range slices.Sorted(maps.Keys(files)) {
		if name != ManifestName && !listed[name] {
			errs = append(errs, fmt.Errorf("%s does not list %s", ManifestName, name))
		}
	}
	return errors.Join(errs...)
}
