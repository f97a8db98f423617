package index

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"
)

// TestGzippedReadableAndDeterministic compresses texts of several sizes
// at every level the index uses: the standard library's gzip reader (the
// server's, as browsers' DecompressionStream) reads back the input, the
// header has no name or time, and a writer reused after other inputs or
// used on several goroutines gives the same bytes as a fresh one.
func TestGzippedReadableAndDeterministic(t *testing.T) {
	inputs := [][]byte{
		{},
		[]byte("incident"),
		[]byte(strings.Repeat("The service desk logs every incident and request. ", 400)),
		bytes.Repeat([]byte{0, 1, 2, 3, 200, 17, 17, 17}, 20000),
	}
	for _, level := range []int{termLevel, bulkLevel} {
		want := make([][]byte, len(inputs))
		for i, in := range inputs {
			want[i] = (&zippers{}).gzipped(in, level)
			zr, err := gzip.NewReader(bytes.NewReader(want[i]))
			if err != nil {
				t.Fatalf("level %d, input %d: %v", level, i, err)
			}
			got, err := io.ReadAll(zr)
			if err != nil || !bytes.Equal(got, in) {
				t.Fatalf("level %d, input %d: read back %d bytes (%v), want %d", level, i, len(got), err, len(in))
			}
			if zr.Name != "" || !zr.ModTime.IsZero() {
				t.Errorf("level %d, input %d: header has name %q, time %v", level, i, zr.Name, zr.ModTime)
			}
		}
		z := &zippers{}
		var wg sync.WaitGroup
		errs := make([]error, 4)
		for g := range errs {
			wg.Go(func() {
				for round := range 3 {
					for i := range inputs {
						j := (i + g + round) % len(inputs)
						if got := z.gzipped(inputs[j], level); !bytes.Equal(got, want[j]) {
							errs[g] = fmt.Errorf("level %d, input %d: a reused writer gave other bytes", level, j)
						}
					}
				}
			})
		}
		wg.Wait()
		for _, err := range errs {
			if err != nil {
				t.Error(err)
			}
		}
	}
}
