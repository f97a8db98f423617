package index

import (
	"crypto/sha256"
	"strconv"

	"handbook/internal/search/format"
)

// Domains of the term shards' memo sums.
const (
	sumShard   = "handbook term shard v2\n"
	sumTerm    = "handbook term entry v1\n"
	sumEntries = "handbook term shard entries v1\n"
)

// putShard writes term shard sh, which holds the terms keys, and its
// overflow tiers, and returns how many files that is. With a memo, a
// shard whose terms and postings are those of an earlier build is
// written from that build's compressed files, neither encoded nor
// compressed again: the memo keeps, by shardSum, the shard's files' paths
// and the sums of their compressed bytes (zippers.compressed). A shard
// that changed is encoded again, but each of its terms whose postings did
// not change is copied from the shard's entries of the build before
// (shardEntries): only the terms an edit touched are sorted into tiers
// and encoded.
func (s *staticIndex) putShard(put func(string, []byte) error, z *zippers, sh, shards int, keys []string) (int, error) {
	if z.memo == nil {
		files := s.shardFiles(sh, keys)
		s.encoded.Add(int64(len(keys)))
		return len(files), z.putEach(put, files)
	}
	slot := entriesSum(sh, shards)
	if files, ok := s.delta.replayed(sh); ok { // checked by the plan
		for _, f := range files {
			if err := put(f.path, f.data); err != nil {
				return 0, err
			}
		}
		z.memo.Get(slot) // both kept for the next build
		z.memo.Get(stateSum(sh, shards))
		s.shards[sh] = s.delta.prev.shards[sh]
		return len(files), nil
	}
	var sums [][32]byte
	var blobs [][]byte
	if s.delta != nil {
		sums, blobs = s.delta.sums[sh], s.delta.blobs[sh]
	} else {
		sums, blobs = s.termSums(keys)
	}
	sum := shardSum(sh, sums)
	if s.keep {
		s.keepState(z.memo, sh, shards, sum, keys, sums, blobs)
	}
	if list, ok := z.memo.Get(sum); ok {
		if n, ok, err := z.replay(put, list); ok {
			z.memo.Get(slot) // kept for the next build that changes the shard
			return n, err
		}
	}
	var prev shardEntries
	if s.delta != nil {
		prev = s.delta.entries[sh]
	} else if b, ok := z.memo.Get(slot); ok {
		prev = decodeShardEntries(b)
	}
	var e format.Encoder
	next := shardEntries{}
	var list []namedSum
	e.Uint(uint32(len(keys)))
	for ei, k := range keys {
		ent, ok := prev.reuse(z, sums[ei])
		if ok {
			e.B = append(e.B, ent.entry...)
		} else {
			start := len(e.B)
			over := s.entryTo(&e, k)
			s.encoded.Add(1)
			ent = termEntry{entry: e.B[start:len(e.B):len(e.B)]}
			for _, o := range over {
				gz, gzSum := z.compressedSum(o.data, bulkLevel)
				ent.over = append(ent.over, overflowSum{o.field, o.tier, gzSum})
				ent.gz = append(ent.gz, gz)
			}
		}
		for i, o := range ent.over {
			path := format.OverflowPath(sh, ei, o.field, o.tier)
			if err := put(path, ent.gz[i]); err != nil {
				return 0, err
			}
			list = append(list, namedSum{path, o.sum})
		}
		next[sums[ei]] = ent
	}
	gz, gzSum := z.compressedSum(e.B, termLevel)
	path := "t/" + strconv.Itoa(sh) + ".bin"
	if err := put(path, gz); err != nil {
		return 0, err
	}
	list = append(list, namedSum{path, gzSum})
	z.memo.Put(sum, encodeList(list))
	z.memo.Put(slot, next.encode(sums))
	return len(list), nil
}

// termSums hashes, for each key, all that entryTo reads: the key and its
// document frequency and postings in every field (termSum), and returns
// the postings so hashed too (appendLists), which the shard's state keeps.
func (s *staticIndex) termSums(keys []string) ([][32]byte, [][]byte) {
	sums, blobs := make([][32]byte, len(keys)), make([][]byte, len(keys))
	for i, k := range keys {
		sums[i], blobs[i] = termSum(k, s.terms[k])
	}
	return sums, blobs
}

// termSum is the sum of one term (termSums) and its postings as
// appendLists encodes them.
func termSum(k string, lists *[format.NumStaticFields]postingList) ([32]byte, []byte) {
	var e format.Encoder
	e.Str(sumTerm)
	e.Str(k)
	start := len(e.B)
	appendLists(&e, lists)
	return sha256.Sum256(e.B), e.B[start:len(e.B):len(e.B)]
}

// blobSum is termSum of the postings that appendLists encoded as blob.
func blobSum(e *format.Encoder, k string, blob []byte) [32]byte {
	e.B = e.B[:0]
	e.Str(sumTerm)
	e.Str(k)
	e.B = append(e.B, blob...)
	return sha256.Sum256(e.B)
}

// appendLists encodes a term's postings in every field: its document
// frequency, number of postings and each posting's numbers.
func appendLists(e *format.Encoder, lists *[format.NumStaticFields]postingList) {
	for _, l := range lists {
		e.Uint(uint32(l.df))
		e.Uint(uint32(l.len()))
		l.each(func(p format.Posting) {
			e.Uint(p.Doc)
			e.Uint(p.Sec)
			e.Uint(p.Freq)
			e.Uint(p.Len)
		})
	}
}

// shardSum is the memo sum of term shard sh: its number and its terms'
// sums (termSums) in order.
func shardSum(sh int, terms [][32]byte) [32]byte {
	var e format.Encoder
	e.Str(sumShard)
	e.Uint(uint32(sh))
	e.Uint(uint32(len(terms)))
	for _, t := range terms {
		e.B = append(e.B, t[:]...)
	}
	return sha256.Sum256(e.B)
}

// entriesSum is where the memo keeps the entries of shard sh of shards
// (shardEntries): a place, not a hash of its content, so that the next
// build finds it after an edit. What it holds is checked term by term.
func entriesSum(sh, shards int) [32]byte { return placeSum(sumEntries, sh, shards) }

// placeSum is the memo sum of a place: what the memo keeps of domain for
// shard sh of shards.
func placeSum(domain string, sh, shards int) [32]byte {
	var e format.Encoder
	e.Str(domain)
	e.Uint(uint32(shards))
	e.Uint(uint32(sh))
	return sha256.Sum256(e.B)
}

// shardEntries are the encoded terms of a shard by their sums (termSums):
// each one's entry in the shard file and its overflow tiers' compressed
// bytes (by their sums in the memo). An entry is taken only for a term
// of the same sum, that is the same key and postings; a stale or damaged
// set of entries costs encoding, never a byte of output.
type shardEntries map[[32]byte]termEntry

type termEntry struct {
	entry []byte
	over  []overflowSum
	gz    [][]byte // the overflow files' compressed bytes, when known
}

type overflowSum struct {
	field, tier int
	sum         [32]byte
}

// reuse returns the entry of the term of sum, with its overflow files'
// compressed bytes from z's memo; not ok when either is missing.
func (p shardEntries) reuse(z *zippers, sum [32]byte) (termEntry, bool) {
	ent, ok := p[sum]
	if !ok {
		return termEntry{}, false
	}
	ent.gz = make([][]byte, len(ent.over))
	for i, o := range ent.over {
		if ent.gz[i], ok = z.memo.Get(o.sum); !ok {
			return termEntry{}, false
		}
	}
	return ent, true
}

// encode writes the entries in the order of sums: the count, then each
// term's sum, entry, and overflow tiers (field, tier, compressed sum).
func (p shardEntries) encode(sums [][32]byte) []byte {
	var e format.Encoder
	e.Uint(uint32(len(sums)))
	for _, sum := range sums {
		ent := p[sum]
		e.B = append(e.B, sum[:]...)
		e.Uint(uint32(len(ent.entry)))
		e.B = append(e.B, ent.entry...)
		e.Uint(uint32(len(ent.over)))
		for _, o := range ent.over {
			e.Uint(uint32(o.field))
			e.Uint(uint32(o.tier))
			e.B = append(e.B, o.sum[:]...)
		}
	}
	return e.B
}

// decodeShardEntries reads what encode wrote; nil when it is damaged.
func decodeShardEntries(b []byte) shardEntries {
	d := &format.Decoder{B: b}
	sum := func() ([32]byte, bool) {
		if d.Err != nil || len(d.B) < sha256.Size {
			return [32]byte{}, false
		}
		s := [32]byte(d.B)
		d.B = d.B[sha256.Size:]
		return s, true
	}
	n := int(d.Uint())
	if n > len(d.B) {
		return nil
	}
	out := make(shardEntries, n)
	for range n {
		s, ok := sum()
		size := int(d.Uint())
		if !ok || d.Err != nil || size > len(d.B) {
			return nil
		}
		ent := termEntry{entry: d.B[:size:size]}
		d.B = d.B[size:]
		count := int(d.Uint())
		if d.Err != nil || count > len(d.B) {
			return nil
		}
		for range count {
			o := overflowSum{field: int(d.Uint()), tier: int(d.Uint())}
			if o.sum, ok = sum(); !ok {
				return nil
			}
			ent.over = append(ent.over, o)
		}
		out[s] = ent
	}
	if d.Err != nil || len(d.B) > 0 {
		return nil
	}
	return out
}

// namedSum is a file of a shard's memo list: its path and the sum of its
// compressed bytes.
type namedSum struct {
	path string
	sum  [32]byte
}

// encodeList writes a shard's memo list, which replay reads.
func encodeList(files []namedSum) []byte {
	var list format.Encoder
	list.Uint(uint32(len(files)))
	for _, f := range files {
		list.Str(f.path)
		list.B = append(list.B, f.sum[:]...)
	}
	return list.B
}

// replay writes the files a shard's memo list names, if the memo still
// has every one's compressed bytes (ok); nothing is written otherwise.
func (z *zippers) replay(put func(string, []byte) error, list []byte) (n int, ok bool, err error) {
	files, ok := z.listed(list)
	if !ok {
		return 0, false, nil
	}
	for _, f := range files {
		if err := put(f.path, f.data); err != nil {
			return 0, true, err
		}
	}
	return len(files), true, nil
}

// namedFile is a file of a shard's memo list with its compressed bytes.
type namedFile struct {
	path string
	data []byte
}

// listed reads a shard's memo list: its files with their compressed
// bytes from z's memo; not ok when any is missing or the list is damaged.
func (z *zippers) listed(list []byte) ([]namedFile, bool) {
	d := &format.Decoder{B: list}
	count := int(d.Uint())
	if count > len(d.B) { // each file takes more than a byte
		return nil, false
	}
	files := make([]namedFile, count)
	for i := range files {
		size := int(d.Uint())
		if d.Err != nil || size+sha256.Size > len(d.B) {
			return nil, false
		}
		files[i].path = string(d.B[:size])
		gz, ok := z.memo.Get([32]byte(d.B[size : size+sha256.Size]))
		if !ok {
			return nil, false
		}
		files[i].data, d.B = gz, d.B[size+sha256.Size:]
	}
	if d.Err != nil || len(d.B) > 0 {
		return nil, false
	}
	return files, true
}
