package index

import (
	"crypto/sha256"
	"hash"
	"strconv"

	"handbook/internal/binrec"
	"handbook/internal/search"
	"handbook/internal/search/analysis"
)

// Memo keeps what an earlier Write computed, by the SHA-256 of everything
// it was computed from (the build's cache, package build). Get answers
// what Put was given for the same sum, or nothing: a Memo that forgets
// costs time, never bytes. Both are safe for concurrent use. A few sums
// name a place rather than a content (entriesSum): what is kept there is
// checked piece by piece before it is used.
type Memo interface {
	Get(sum [32]byte) ([]byte, bool)
	Put(sum [32]byte, data []byte)
}

// Domains of the sums, so that no two kinds of result share one.
const (
	sumAnalysis = "handbook analysis v2\n"
	sumDocFile  = "handbook document file v2\n"
	sumGzip     = "handbook gzip v2\n"
	sumDocMeta  = "handbook document postings v1\n"
)

// docSums are the memo sums of a document: its analysis (its language's
// analyser, title, tags, headings and texts: all Analyser.Document reads)
// and its document file d/<n>.bin (all docEncoder.json reads, the level it is
// compressed at being fixed).
// meta hashes what else its postings depend on: its id, title and
// clauses (delta.go).
type docSums struct{ analysis, file, meta [32]byte }

// sumsOf hashes the text of d once for both sums.
func sumsOf(d *search.Document) docSums {
	h := hasher{h: sha256.New()}
	h.strings(d.Title)
	h.count(len(d.Tags))
	h.strings(d.Tags...)
	h.count(len(d.Sections))
	for _, sec := range d.Sections {
		h.strings(sec.Heading, sec.Text)
	}
	text := string(h.h.Sum(nil))
	lang, ok := analysis.LangOf(d.Lang)
	var s docSums
	h.h.Reset()
	h.strings(sumAnalysis, lang, strconv.FormatBool(ok), text)
	h.h.Sum(s.analysis[:0])
	h.h.Reset()
	h.strings(sumDocFile, d.ID, d.Type, d.URL, d.Lang, text)
	for _, sec := range d.Sections {
		h.strings(sec.Anchor)
	}
	h.h.Sum(s.file[:0])
	h.h.Reset()
	h.strings(sumDocMeta, d.ID, d.Title)
	h.count(len(d.Clauses))
	h.strings(d.Clauses...)
	h.h.Sum(s.meta[:0])
	return s
}

// gzipSum is the memo sum of data compressed at level.
func gzipSum(data []byte, level int) [32]byte {
	h := hasher{h: sha256.New()}
	h.strings(sumGzip)
	h.count(level)
	h.h.Write(data)
	return [32]byte(h.h.Sum(nil))
}

// hasher writes lists of strings to a hash unambiguously: each string
// with its length before it.
type hasher struct {
	h   hash.Hash
	buf []byte
}

func (h *hasher) strings(ss ...string) {
	for _, s := range ss {
		h.buf = binrec.AppendString(h.buf[:0], s)
		h.h.Write(h.buf)
	}
}

func (h *hasher) count(n int) {
	h.buf = binrec.AppendCount(h.buf[:0], n)
	h.h.Write(h.buf)
}
