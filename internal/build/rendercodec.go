package build

import (
	"encoding/binary"
	"errors"

	"handbook/internal/diag"
	"handbook/internal/link"
	"handbook/internal/markdown"
)

// The render cache's records (renderRecord, their HTML aside) are stored
// in a binary form of their own: lengths and numbers as varints, strings
// as their bytes, each field in the order below. Decoding it takes every
// string of a shard out of one copy of the shard's bytes; gob, which made
// a string of each, took 0.09 s of CPU per build at 10,000 documents.
// An empty list decodes as nil, as gob's did. TestRenderCodec fails when
// a field is added that the codec does not carry. The sections' texts,
// like the HTML, are stored apart, end to end (the records hold their
// lengths): a build reads them only for the documents it indexes again.

// errRecords is a shard whose records cannot be decoded.
var errRecords = errors.New("render cache: damaged records")

// encodeRecords appends recs to b, and their sections' texts to text.
func encodeRecords(b, text []byte, recs []renderRecord) ([]byte, []byte, error) {
	b = binary.AppendUvarint(b, uint64(len(recs)))
	for i := range recs {
		r := &recs[i]
		b = appendString(b, r.Path)
		b = append(append(append(b, r.Sum[:]...), r.HTMLSum[:]...), r.SearchSum[:]...)
		b = binary.AppendVarint(b, int64(r.HTMLLen))
		res := &r.Result
		b = binary.AppendUvarint(b, uint64(len(res.Headings)))
		for _, h := range res.Headings {
			b = binary.AppendVarint(binary.AppendVarint(b, int64(h.Level)), int64(h.Line))
			b = appendString(appendString(b, h.Text), h.ID)
		}
		b = binary.AppendUvarint(b, uint64(len(res.Sections)))
		for _, s := range res.Sections {
			b = binary.AppendUvarint(appendString(appendString(b, s.Anchor), s.Heading), uint64(len(s.Text)))
			text = append(text, s.Text...)
		}
		b = appendStrings(appendStrings(b, res.Shortcodes), res.Anchors)
		b = appendString(b, res.TitleID)
		b = binary.AppendUvarint(b, uint64(len(r.Refs)))
		for _, l := range r.Refs {
			for _, s := range []string{l.From, l.To, l.Anchor, string(l.Kind), l.Path} {
				b = appendString(b, s)
			}
			b = binary.AppendVarint(b, int64(l.Line))
		}
		var err error
		if b, err = appendDiags(b, res.Problems); err != nil {
			return nil, nil, err
		}
		if b, err = appendDiags(b, r.Errs); err != nil {
			return nil, nil, err
		}
	}
	return b, text, nil
}

func appendStrings(b []byte, ss []string) []byte {
	b = binary.AppendUvarint(b, uint64(len(ss)))
	for _, s := range ss {
		b = appendString(b, s)
	}
	return b
}

func appendDiags(b []byte, ds []*diag.Diagnostic) ([]byte, error) {
	b = binary.AppendUvarint(b, uint64(len(ds)))
	for _, d := range ds {
		if d == nil {
			return nil, errors.New("render cache: a nil diagnostic")
		}
		b = appendString(appendString(b, d.Path), d.Msg)
		b = binary.AppendVarint(binary.AppendVarint(b, int64(d.Line)), int64(d.Severity))
	}
	return b, nil
}

// recordReader decodes what encodeRecords wrote. Its strings are
// substrings of s, one copy of the bytes; the first error stops it.
type recordReader struct {
	b   []byte
	s   string // the same bytes as b
	off int
	err error
	// texts are the lengths of the sections' texts of each record read.
	texts [][]int
}

// decodeRecords decodes the records of data, their sections' texts left
// empty: texts[i] are the lengths of recs[i]'s (joinTexts).
func decodeRecords(data []byte) (recs []*renderRecord, texts [][]int, err error) {
	r := &recordReader{b: data, s: string(data)}
	n := r.count()
	recs = make([]*renderRecord, 0, n)
	for range n {
		recs = append(recs, r.record())
	}
	if r.err == nil && r.off != len(r.b) {
		r.err = errRecords
	}
	if r.err != nil {
		return nil, nil, r.err
	}
	return recs, r.texts, nil
}

// maxText bounds a section's text length as decoded: the texts are
// checked against the bytes they are read from later (joinTexts).
const maxText = 1 << 30

// textLen is a section's text length.
func (r *recordReader) textLen() int {
	n, k := binary.Uvarint(r.b[min(r.off, len(r.b)):])
	if k <= 0 || n > maxText {
		r.fail()
		return 0
	}
	r.off += k
	return int(n)
}

// sectionsText sets the texts of secs, whose lengths are lens, from text
// (theirs end to end) and returns the rest of it; ok is false when text
// is too short.
func sectionsText(secs []markdown.Section, lens []int, text string) (rest string, ok bool) {
	for i, n := range lens {
		if n > len(text) {
			return text, false
		}
		secs[i].Text, text = text[:n], text[n:]
	}
	return text, true
}

// joinTexts gives the sections of recs their texts, text being theirs
// end to end in order and texts their lengths (decodeRecords); false
// when they do not add up.
func joinTexts(recs []*renderRecord, texts [][]int, text string) bool {
	for i, r := range recs {
		var ok bool
		if text, ok = sectionsText(r.Result.Sections, texts[i], text); !ok {
			return false
		}
	}
	return text == ""
}

func (r *recordReader) record() *renderRecord {
	rec := &renderRecord{Path: r.str()}
	r.bytes(rec.Sum[:])
	r.bytes(rec.HTMLSum[:])
	r.bytes(rec.SearchSum[:])
	rec.HTMLLen = r.int()
	res := &rec.Result
	if n := r.count(); n > 0 {
		res.Headings = make([]markdown.Heading, n)
		for i := range res.Headings {
			h := &res.Headings[i]
			h.Level, h.Line = r.int(), r.int()
			h.Text, h.ID = r.str(), r.str()
		}
	}
	var lens []int
	if n := r.count(); n > 0 {
		res.Sections, lens = make([]markdown.Section, n), make([]int, n)
		for i := range res.Sections {
			res.Sections[i] = markdown.Section{Anchor: r.str(), Heading: r.str()}
			lens[i] = r.textLen()
		}
	}
	r.texts = append(r.texts, lens)
	res.Shortcodes, res.Anchors = r.strs(), r.strs()
	res.TitleID = r.str()
	if n := r.count(); n > 0 {
		rec.Refs = make([]link.Ref, n)
		for i := range rec.Refs {
			rec.Refs[i] = link.Ref{From: r.str(), To: r.str(), Anchor: r.str(), Kind: link.Kind(r.str()), Path: r.str(), Line: r.int()}
		}
	}
	res.Problems, rec.Errs = r.diags(), r.diags()
	return rec
}

// count is a length: at most the bytes left, each element taking one.
func (r *recordReader) count() int {
	n, k := binary.Uvarint(r.b[min(r.off, len(r.b)):])
	if k <= 0 || n > uint64(len(r.b)-r.off-k) {
		r.fail()
		return 0
	}
	r.off += k
	return int(n)
}

func (r *recordReader) int() int {
	n, k := binary.Varint(r.b[min(r.off, len(r.b)):])
	if k <= 0 {
		r.fail()
		return 0
	}
	r.off += k
	return int(n)
}

func (r *recordReader) str() string {
	n := r.count()
	if r.err != nil {
		return ""
	}
	s := r.s[r.off : r.off+n]
	r.off += n
	return s
}

// bytes fills s with the next len(s) bytes.
func (r *recordReader) bytes(s []byte) {
	if r.err == nil && len(r.b)-r.off >= len(s) {
		copy(s, r.b[r.off:])
		r.off += len(s)
	} else {
		r.fail()
	}
}

func (r *recordReader) strs() []string {
	n := r.count()
	if n == 0 {
		return nil
	}
	out := make([]string, n)
	for i := range out {
		out[i] = r.str()
	}
	return out
}

func (r *recordReader) diags() []*diag.Diagnostic {
	n := r.count()
	if n == 0 {
		return nil
	}
	out := make([]*diag.Diagnostic, n)
	for i := range out {
		d := &diag.Diagnostic{Path: r.str(), Msg: r.str()}
		d.Line, d.Severity = r.int(), diag.Severity(r.int())
		out[i] = d
	}
	return out
}

// fail stops the reader: every later read returns zero values.
func (r *recordReader) fail() {
	if r.err == nil {
		r.err = errRecords
	}
	r.off = len(r.b)
}
