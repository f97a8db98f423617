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
// build at 10,000 documents. An empty list decodes as nil, as gob's did. TestRenderCodec fails when
// a field is added that the codec does not carry.

// errRecords is a shard whose records cannot be decoded.
var errRecords = errors.New("render cache: damaged records")

// encodeRecords appends recs to b.
func encodeRecords(b []byte, recs []renderRecord) ([]byte, error) {
	b = binrec.AppendCount(b, len(recs))
	for i := range recs {
		r := &recs[i]
		b = binrec.AppendString(b, r.Path)
		b = append(append(b, r.Sum[:]...), r.HTMLSum[:]...)
		b = binrec.AppendInt(b, r.HTMLLen)
		res := &r.Result
		b = binrec.AppendCount(b, len(res.Headings))
		for _, h := range res.Headings {
			b = binrec.AppendInt(binrec.AppendInt(b, h.Level), h.Line)
			b = binrec.AppendString(binrec.AppendString(b, h.Text), h.ID)
		}
		b = binrec.AppendCount(b, len(res.Sections))
		for _, s := range res.Sections {
			b = binrec.AppendString(binrec.AppendString(binrec.AppendString(b, s.Anchor), s.Heading), s.Text)
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
			return nil, err
		}
		if b, err = binrec.AppendDiags(b, r.Errs); err != nil {
			return nil, err
		}
	}
	return b, nil
}

// decodeRecords decodes the records of data.
func decodeRecords(data []byte) ([]*renderRecord, error) {
	return binrec.ReadAll(data, errRecords, record)
}

func record(r *binrec.Reader) *renderRecord {
	rec := &renderRecord{Path: r.Str()}
	rec.Sum, rec.HTMLSum = r.Sum(), r.Sum()
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
	if n := r.Count(); n > 0 {
		res.Sections = make([]markdown.Section, n)
		for i := range res.Sections {
			res.Sections[i] = markdown.Section{Anchor: r.Str(), Heading: r.Str(), Text: r.Str()}
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
	return rec
}
