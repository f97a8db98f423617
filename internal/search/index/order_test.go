package index

import (
	"encoding/binary"
	"math/rand/v2"
	"testing"

	zapv17 "github.com/blevesearch/zapx/v17"
)

// TestSortSectionTablesRejectsDamage: damaged segment bytes give an
// error, never a panic or a write out of bounds.
func TestSortSectionTablesRejectsDamage(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 2000 {
		b := make([]byte, r.IntN(200))
		for j := range b {
			b[j] = byte(r.Uint32())
		}
		if len(b) >= zapFooter && i%2 == 0 {
			binary.BigEndian.PutUint32(b[len(b)-8:], zapv17.Version)
			binary.BigEndian.PutUint64(b[len(b)-20:], uint64(r.IntN(len(b))))
		}
		_ = sortSectionTables(b) // must not panic
	}
}
