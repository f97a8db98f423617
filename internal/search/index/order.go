package index

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/util"
	index "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
	zapv17 "github.com/blevesearch/zapx/v17"
	bolt "go.etcd.io/bbolt"
)

// orderedPlugin is bleve's default segment format (zap v17) with one
// change: the documents of a new segment are numbered in the order of
// their ids. bleve's offline builder hands a batch over in the iteration
// order of a Go map (index.Batch.IndexOps), which differs from run to run,
// and the documents' numbers are written into the segment and its
// postings: two builds of the same handbook gave different index files.
// In id order they are byte-identical, and the format is zap's own
// (bleve and older builds of handbook read it unchanged).
type orderedPlugin struct{ *zapv17.ZapPlugin }

// New builds a segment of results in id order.
func (p orderedPlugin) New(results []index.Document) (segment.Segment, uint64, error) {
	sortByID(results)
	return p.ZapPlugin.New(results)
}

// NewUsing is New with a configuration.
func (p orderedPlugin) NewUsing(results []index.Document, config map[string]any) (segment.Segment, uint64, error) {
	sortByID(results)
	return p.ZapPlugin.NewUsing(results, config)
}

func sortByID(docs []index.Document) {
	slices.SortFunc(docs, func(a, b index.Document) int { return strings.Compare(a.ID(), b.ID()) })
}

// bleve keeps its segment formats in a registry of its own; this replaces
// the default one (same type and version) for every index the process
// writes.
func init() {
	scorch.RegisterSegmentPlugin(orderedPlugin{&zapv17.ZapPlugin{}}, true)
}

// canonicalZap rewrites a zap v17 segment file so that its bytes depend
// only on its content: zap writes each field's table of sections (pairs
// of a uint16 section type and a uint64 address) in the iteration order
// of a Go map (zapx write.go, persistFieldsSection), so two builds of the
// same documents differ there. The pairs are sorted by type in place (the
// table keeps its size, nothing else moves; zap reads the pairs in any
// order) and the footer's CRC-32 is computed again.
func canonicalZap(path string) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if err := sortSectionTables(b); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	binary.BigEndian.PutUint32(b[len(b)-4:], crc32.ChecksumIEEE(b[:len(b)-4]))
	return os.WriteFile(path, b, 0o644)
}

// zapFooter is the size of a zap v17 footer after the writer id: id
// length, documents, stored index, sections index, chunk mode, version, CRC.
const zapFooter = 4 + 8 + 8 + 8 + 4 + 4 + 4

var errZap = errors.New("not a zap v17 segment as expected")

func sortSectionTables(b []byte) error {
	if len(b) < zapFooter || binary.BigEndian.Uint32(b[len(b)-8:]) != zapv17.Version {
		return errZap
	}
	pos := binary.BigEndian.Uint64(b[len(b)-20:]) // the sections index
	if pos >= uint64(len(b)) {
		return errZap
	}
	numFields, n := binary.Uvarint(b[pos:])
	if n <= 0 || numFields > (uint64(len(b))-pos)/8 {
		return errZap
	}
	offsets := b[pos+uint64(n):]
	for f := range numFields {
		if err := sortSectionTable(b, binary.BigEndian.Uint64(offsets[8*f:])); err != nil {
			return err
		}
	}
	return nil
}

// sortSectionTable sorts the section pairs of the field described at pos:
// name length and name, options, number of sections, then the pairs.
func sortSectionTable(b []byte, pos uint64) error {
	next := func() (uint64, bool) {
		if pos >= uint64(len(b)) {
			return 0, false
		}
		v, n := binary.Uvarint(b[pos:])
		pos += uint64(max(n, 0))
		return v, n > 0
	}
	nameLen, ok := next()
	pos += nameLen
	_, ok2 := next() // options
	count, ok3 := next()
	const pair = 2 + 8
	if !ok || !ok2 || !ok3 || pos > uint64(len(b)) || count > (uint64(len(b))-pos)/pair {
		return errZap
	}
	table := b[pos : pos+count*pair]
	pairs := make([][pair]byte, count)
	for i := range pairs {
		copy(pairs[i][:], table[i*pair:])
	}
	slices.SortFunc(pairs, func(x, y [pair]byte) int { return bytes.Compare(x[:2], y[:2]) })
	for i := range pairs {
		copy(table[i*pair:], pairs[i][:])
	}
	return nil
}

// canonicalIndex makes the files of the index at path canonical: its
// segments (canonicalZap) and its root (canonicalRoot).
func canonicalIndex(path string) error {
	segs, err := filepath.Glob(filepath.Join(path, "store", "*.zap"))
	if err != nil {
		return err
	}
	for _, s := range segs {
		if err := canonicalZap(s); err != nil {
			return err
		}
	}
	return canonicalRoot(path)
}

// canonicalRoot rewrites the index's root.bolt so that its bytes depend
// only on its content: bleve's persister stores the moment it wrote the
// snapshot (time.Now(), scorch persister.go) under the snapshot's
// "timeStamp" key, which only rollback to older snapshots reads; an
// offline build has one snapshot and none to roll back to. The time is
// set to the Unix epoch and the file compacted into a new one (bbolt
// leaves the replaced value in a free page otherwise).
func canonicalRoot(path string) error {
	file := filepath.Join(path, "store", "root.bolt")
	src, err := bolt.Open(file, 0o600, nil)
	if err != nil {
		return err
	}
	epoch, _ := time.Unix(0, 0).UTC().MarshalText()
	err = src.Update(func(tx *bolt.Tx) error {
		snaps := tx.Bucket(util.BoltSnapshotsBucket)
		if snaps == nil {
			return errors.New("root.bolt without snapshots")
		}
		return snaps.ForEachBucket(func(k []byte) error {
			if meta := snaps.Bucket(k).Bucket(util.BoltMetaDataKey); meta != nil {
				return meta.Put(util.BoltMetaDataTimeStamp, epoch)
			}
			return nil
		})
	})
	tmp := file + ".compact"
	if err == nil {
		var dst *bolt.DB
		if dst, err = bolt.Open(tmp, 0o600, nil); err == nil {
			err = errors.Join(bolt.Compact(dst, src, 0), dst.Close())
		}
	}
	if err = errors.Join(err, src.Close()); err != nil {
		os.Remove(tmp)
		return err
	}
	return os.Rename(tmp, file)
}
