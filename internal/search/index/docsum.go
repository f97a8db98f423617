package index

import (
	"crypto/sha256"

	"handbook/internal/search"
)

// DocSum is one document's sums (Sums holds them in order) as bytes, for
// a caller that keeps them with what the document was made of (the
// build's render cache) and makes Sums of them again (SumsOf) without
// hashing the document's text once more.
type DocSum [3 * sha256.Size]byte

// SumDocument is the DocSum of d: its entry in SumDocuments.
func SumDocument(d *search.Document) DocSum {
	s := sumsOf(d)
	var b DocSum
	copy(b[:], s.analysis[:])
	copy(b[sha256.Size:], s.file[:])
	copy(b[2*sha256.Size:], s.meta[:])
	return b
}

// SumsOf is the Sums of documents whose DocSums are each, in order.
func SumsOf(each []DocSum) Sums {
	sums := make(Sums, len(each))
	for i, b := range each {
		s := &sums[i]
		copy(s.analysis[:], b[:])
		copy(s.file[:], b[sha256.Size:])
		copy(s.meta[:], b[2*sha256.Size:])
	}
	return sums
}
