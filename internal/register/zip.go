package register

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"io/fs"
	"maps"
	"slices"
	"strings"

	"github.com/xuri/excelize/v2"
)

// orderedZip is the workbook's ZIP writer: it holds each part until Close,
// then writes them all in one fixed order (reverse name order, as excelize
// writes the parts it keeps in memory). excelize writes the sheets of its
// stream writers in the order of a map, so that, without it, the same
// workbook would come out with its parts in a different order each time.
type orderedZip struct {
	w     *zip.Writer
	parts map[string]*bytes.Buffer
}

func newOrderedZip(w io.Writer) excelize.ZipWriter {
	return &orderedZip{w: zip.NewWriter(w), parts: map[string]*bytes.Buffer{}}
}

// Create starts the part name; a second part of the same name replaces it.
func (z *orderedZip) Create(name string) (io.Writer, error) {
	b := new(bytes.Buffer)
	z.parts[name] = b
	return b, nil
}

// AddFS is not used by excelize when it saves a workbook.
func (z *orderedZip) AddFS(fs.FS) error {
	return errors.New("orderedZip: AddFS is not supported")
}

// Close writes the parts and the ZIP's directory.
func (z *orderedZip) Close() error {
	names := slices.SortedFunc(maps.Keys(z.parts), func(a, b string) int { return strings.Compare(b, a) })
	for _, n := range names {
		fw, err := z.w.Create(n)
		if err != nil {
			return err
		}
		if _, err := z.parts[n].WriteTo(fw); err != nil {
			return err
		}
	}
	return z.w.Close()
}
