package format

import (
	"encoding/binary"
	"slices"
)

// Phrases in the text of a section are checked without bleve's positions,
// which for a phrase of common words means reading the positions of every
// section that has all its words (a tenth of a second on the 10,000
// documents of the benchmark corpus). The index keeps, for each record,
// the set of its text's word pairs instead: a pair is two terms and how
// far apart they stand (stop words between count), hashed. A phrase is in
// a text when all its pairs are: exactly bleve's phrase for two words;
// for longer phrases the pairs might come from different places, which
// the check of the hits shown word by word in their documents catches
// (query's checkPhrases).
// The file, pairs.bin, is for the server (beside its bleve index: the
// query package makes both from the static index, server.go); the
// browser checks phrases in the documents it fetches.

// pairHash hashes two terms and their distance (FNV-1a, 32 bits).
func pairHash(a string, gap int, b string) uint32 {
	h := uint32(2166136261)
	add := func(c byte) {
		h ^= uint32(c)
		h *= 16777619
	}
	for i := 0; i < len(a); i++ {
		add(a[i])
	}
	add(0)
	add(byte(min(gap, 255)))
	add(0)
	for i := 0; i < len(b); i++ {
		add(b[i])
	}
	return h
}

// PairSet collects the pairs of one text.
type PairSet struct {
	prev    string
	prevPos int
	hashes  []uint32
}

func (s *PairSet) Add(stem string, pos int) {
	if s.prev != "" {
		s.hashes = append(s.hashes, pairHash(s.prev, pos-s.prevPos, stem))
	}
	s.prev, s.prevPos = stem, pos
}

// Sorted returns the distinct pairs in order.
func (s *PairSet) Sorted() []uint32 {
	slices.Sort(s.hashes)
	return slices.Compact(s.hashes)
}

// EncodePairs writes pairs.bin: the number of records, the offset of each
// record's pairs (and the end), then the pairs, all little-endian uint32.
func EncodePairs(records [][]uint32) []byte {
	n := 0
	for _, r := range records {
		n += len(r)
	}
	b := make([]byte, 0, 4*(2+len(records)+n))
	b = binary.LittleEndian.AppendUint32(b, uint32(len(records)))
	off := uint32(0)
	for _, r := range records {
		b = binary.LittleEndian.AppendUint32(b, off)
		off += uint32(len(r))
	}
	b = binary.LittleEndian.AppendUint32(b, off)
	for _, r := range records {
		for _, h := range r {
			b = binary.LittleEndian.AppendUint32(b, h)
		}
	}
	return b
}

// TextPairs are the pairs of every record's text, as the server reads them.
type TextPairs struct {
	Offsets []uint32
	hashes  []uint32
}

func DecodePairs(b []byte) (TextPairs, error) {
	if len(b) < 4 {
		return TextPairs{}, ErrFormat
	}
	n := int(binary.LittleEndian.Uint32(b))
	if len(b) < 4*(2+n) {
		return TextPairs{}, ErrFormat
	}
	words := make([]uint32, len(b)/4-1)
	for i := range words {
		words[i] = binary.LittleEndian.Uint32(b[4+4*i:])
	}
	p := TextPairs{Offsets: words[:n+1], hashes: words[n+1:]}
	if int(p.Offsets[n]) != len(p.hashes) {
		return TextPairs{}, ErrFormat
	}
	return p, nil
}

// has reports whether record r's text has the pair.
func (p *TextPairs) has(r uint32, h uint32) bool {
	_, ok := slices.BinarySearch(p.hashes[p.Offsets[r]:p.Offsets[r+1]], h)
	return ok
}

// phrasePairs are the pairs a phrase needs, each with its alternatives
// (a corrected word may stand for several stems).
func phrasePairs(ph [][]string) [][]uint32 {
	var out [][]uint32
	prev := -1
	for i, alts := range ph {
		if len(alts) == 1 && alts[0] == "" {
			continue
		}
		if prev >= 0 {
			var hs []uint32
			for _, a := range ph[prev] {
				for _, b := range alts {
					hs = append(hs, pairHash(a, i-prev, b))
				}
			}
			out = append(out, hs)
		}
		prev = i
	}
	return out
}

// InText marks the records whose text has all the phrase's pairs.
func (p *TextPairs) InText(ph [][]string, out []bool) {
	need := phrasePairs(ph)
	for r := range len(p.Offsets) - 1 {
		ok := len(need) > 0
		for _, alts := range need {
			if !slices.ContainsFunc(alts, func(h uint32) bool { return p.has(uint32(r), h) }) {
				ok = false
				break
			}
		}
		if ok {
			out[r] = true
		}
	}
}
