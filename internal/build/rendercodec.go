package build

import (
	"errors"

	"handbook/internal/binrec"
	"handbook/internal/link"
	"handbook/internal/markdown"
)

// The render cache's records (renderRecord, their HTML aside) are stored
// in a binary form of their own (package binrec): lengths and numbers as
// varints, strings as their bytes, each field in the order below.
// Decoding it takes every string of a shard out of one copy of the
// shard's bytes; gob, which made a string of each, took 0.09 s of CPU per
// build at 10,000 documents. An empty list decodes as nil, as gob's did.
// TestRenderCodec fails when a field is added that the codec does not
// carry. The sections' texts, like the HTML, are stored apart, end to end
// (the records hold their lengths): a build reads them only for the
// documents it indexes again.

// errRecords is a shard whose records cannot be decoded.
var errRecords = errors.New("render cache: damaged records")

// encodeRecords appends recs to b, and their sections' texts to text.
func encodeRecords(b, text []byte, recs []renderRecord) ([]byte, []byte, error) {
	b = binrec.AppendCount(b, len(recs))
	for i := range recs {
		r := &recs[i]
		b = binrec.AppendString(b, r.Path)
		b = append(append(append(b, r.Sum[:]...), r.HTMLSum[:]...), r.SearchSum[:]...)
		b = binrec.AppendInt(b, r.HTMLLen)
		res := &r.Result
		b = binrec.AppendCount(b, len(res.Headings))
		for _, h := range res.Headings {
			b = binrec.AppendInt(binrec.AppendInt(b, h.Level), h.Line)
			b = binrec.AppendString(binrec.AppendString(b, h.Text), h.ID)
		}
		b = binrec.AppendCount(b, len(res.Sections))
		for _, s := range res.Sections {
			b = binrec.AppendCount(binrec.AppendString(binrec.AppendString(b, s.Anchor), s.Heading), len(s.Text))
			text = append(text, s.Text...)
		}
		b = binrec.AppendStrings(binrec.AppendStrings(b, res.Shortcodes), res.Anchors)
		b = binrec.AppendString(b, res.TitleID)
		b = binrec.AppendCount(b, len(r.Refs))
		for _, l := range r.Refs {
			for _, s := range []string{l.From, l.To, l.Anchor, string(l.Kind), l.Path} {
				b = binrec.AppendString(b, s)
			}
			b = binrec.AppendInt(b, l.Line)
		}
		var err error
		if b, err = binrec.AppendDiags(b, res.Problems); err != nil {
			return nil, nil, err
		}
		if b, err = binrec.AppendDiags(b, r.Errs); err != nil {
			return nil, nil, err
		}
	}
	return b, text, nil
}

// decodeRecords decodes the records of data, their sections' texts left
// empty: texts[i] are the lengths of recs[i]'s (joinTexts).
func decodeRecords(data []byte) (recs []*renderRecord, texts [][]int, err error) {
	recs, err = binrec.ReadAll(data, errRecords, func(r *binrec.Reader) *renderRecord {
		rec, lens := record(r)
		texts = append(texts, lens)
		return rec
	})
	if err != nil {
		return nil, nil, err
	}
	return recs, texts, nil
}

// maxText bounds a section's text length as decoded: the texts are
// checked against the bytes they are read from later (joinTexts).
const maxText = 1 << 30

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

// record reads one record, with its sections' texts' lengths.
func record(r *binrec.Reader) (*renderRecord, []int) {
	rec := &renderRecord{Path: r.Str()}
	r.Bytes(rec.Sum[:])
	r.Bytes(rec.HTMLSum[:])
	r.Bytes(rec.SearchSum[:])
	rec.HTMLLen = r.Int()
	res := &rec.Result
	if n := r.Count(); n > 0 {
		res.Headings = make([]markdown.Heading, n)
		for i := range res.Headings {
			h := &res.Headings[i]
			h.Level, h.Line = r.Int(), r.Int()
			h.Text, h.ID = r.Str(), r.Str()
		}
	}
	var lens []int
	if n := r.Count(); n > 0 {
		res.Sections, lens = make([]markdown.Section, n), make([]int, n)
		for i := range res.Sections {
			res.Sections[i] = markdown.Section{Anchor: r.Str(), Heading: r.Str()}
			lens[i] = r.Len(maxText)
		}
	}
	res.Shortcodes, res.Anchors = r.Strs(), r.Strs()
	res.TitleID = r.Str()
	if n := r.Count(); n > 0 {
		rec.Refs = make([]link.Ref, n)
		for i := range rec.Refs {
			rec.Refs[i] = link.Ref{From: r.Str(), To: r.Str(), Anchor: r.Str(), Kind: link.Kind(r.Str()), Path: r.Str(), Line: r.Int()}
		}
	}
	res.Problems, rec.Errs = r.Diags(), r.Diags()
	return rec, lens
}
