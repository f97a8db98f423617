package index

import (
	"crypto/sha256"

	"handbook/internal/search/format"
)

// sumShard is the domain of a term shard's memo sum.
const sumShard = "handbook term shard v1\n"

// putShard writes term shard sh, which holds the terms keys, and its
// overflow tiers, and returns how many files that is. With a memo, a
// shard whose terms and postings are those of an earlier build is
// written from that build's compressed files, neither encoded nor
// compressed again: the memo keeps, by shardSum, the shard's files' paths
// and the sums of their compressed bytes (zippers.compressed).
func (s *staticIndex) putShard(put func(string, []byte) error, z *zippers, sh int, keys []string) (int, error) {
	if z.memo == nil {
		files := s.shardFiles(sh, keys)
		return len(files), z.putEach(put, files)
	}
	sum := s.shardSum(sh, keys)
	if list, ok := z.memo.Get(sum); ok {
		if n, ok, err := z.replay(put, list); ok {
			return n, err
		}
	}
	files := s.shardFiles(sh, keys)
	var list format.Encoder
	list.Uint(uint32(len(files)))
	for _, f := range files {
		gz, gzSum := z.compressedSum(f.Data, levelOf(f))
		list.Str(f.Path)
		list.B = append(list.B, gzSum[:]...)
		if err := put(f.Path, gz); err != nil {
			return 0, err
		}
	}
	z.memo.Put(sum, list.B)
	return len(files), nil
}

// shardSum hashes all that shardFiles reads of term shard sh: its number,
// its keys in order, and each key's document frequency and postings in
// every field.
func (s *staticIndex) shardSum(sh int, keys []string) [32]byte {
	var e format.Encoder
	e.Str(sumShard)
	e.Uint(uint32(sh))
	e.Uint(uint32(len(keys)))
	for _, k := range keys {
		e.Str(k)
		for _, l := range s.terms[k] {
			e.Uint(uint32(l.df))
			e.Uint(uint32(len(l.postings)))
			for _, p := range l.postings {
				e.Uint(p.Doc)
				e.Uint(p.Sec)
				e.Uint(p.Freq)
				e.Uint(p.Len)
			}
		}
	}
	return sha256.Sum256(e.B)
}

// replay writes the files a shard's memo list names, if the memo still
// has every one's compressed bytes (ok); nothing is written otherwise.
func (z *zippers) replay(put func(string, []byte) error, list []byte) (n int, ok bool, err error) {
	d := &format.Decoder{B: list}
	type named struct {
		path string
		data []byte
	}
	count := int(d.Uint())
	if count > len(d.B) { // each file takes more than a byte
		return 0, false, nil
	}
	files := make([]named, count)
	for i := range files {
		size := int(d.Uint())
		if d.Err != nil || size+sha256.Size > len(d.B) {
			return 0, false, nil
		}
		files[i].path = string(d.B[:size])
		gz, ok := z.memo.Get([32]byte(d.B[size : size+sha256.Size]))
		if !ok {
			return 0, false, nil
		}
		files[i].data, d.B = gz, d.B[size+sha256.Size:]
	}
	if d.Err != nil || len(d.B) > 0 {
		return 0, false, nil
	}
	for _, f := range files {
		if err := put(f.path, f.data); err != nil {
			return 0, true, err
		}
	}
	return len(files), true, nil
}
