package load

import (
	"errors"
	"maps"
	"slices"
	"time"

	"handbook/internal/binrec"
	"handbook/internal/site"
)

// A memo part holds its records (front) in a binary form of their own
// (package binrec), each field in the order below; gob took 0.05 s of
// CPU per build at 10,000 documents to decode them, a string and a map at
// a time. Empty lists come back nil, as gob's did (front.Empty tells them
// apart). TestMemoCodec fails when a field is added that the codec does
// not carry.

// errMemo is a memo part that cannot be decoded.
var errMemo = errors.New("load memo: damaged part")

// Flags of a record, in one number.
const (
	flagOK = 1 << iota
	flagFlat
	flagAcknowledge
)

// appendFronts appends recs to b.
func appendFronts(b []byte, recs []*front) ([]byte, error) {
	b = binrec.AppendCount(b, len(recs))
	for _, f := range recs {
		var err error
		if b, err = appendFront(b, f); err != nil {
			return nil, err
		}
	}
	return b, nil
}

func appendFront(b []byte, f *front) ([]byte, error) {
	flags := 0
	if f.OK {
		flags |= flagOK
	}
	if f.Flat {
		flags |= flagFlat
	}
	if f.Meta.Acknowledge {
		flags |= flagAcknowledge
	}
	b = append(b, f.Sum[:]...)
	b = binrec.AppendInt(binrec.AppendInt(b, flags), int(f.Empty))
	m := &f.Meta
	for _, s := range []string{m.ID, m.Title, m.Type, m.Version, m.Status, m.Owner, m.Approver} {
		b = binrec.AppendString(b, s)
	}
	var err error
	if b, err = appendDates(b, m.Approved, m.Review); err != nil {
		return nil, err
	}
	b = binrec.AppendStrings(binrec.AppendString(b, m.Classification), m.Clauses)
	b = binrec.AppendStrings(binrec.AppendStrings(binrec.AppendString(b, m.Parent), m.Related), m.Aliases)
	b = binrec.AppendCount(b, len(m.History))
	for _, h := range m.History {
		b = binrec.AppendString(b, h.Version)
		if b, err = appendDates(b, h.Date); err != nil {
			return nil, err
		}
		b = binrec.AppendInt(binrec.AppendString(binrec.AppendString(b, h.Author), h.Summary), h.Line)
	}
	b = binrec.AppendString(binrec.AppendStrings(b, m.Tags), m.Lang)
	b = binrec.AppendCount(b, len(m.Extra))
	for _, k := range slices.Sorted(maps.Keys(m.Extra)) {
		b = binrec.AppendString(binrec.AppendString(b, k), m.Extra[k])
	}
	b = append(b, f.MetaSum[:]...)
	b = binrec.AppendCount(b, len(f.Lines))
	for _, k := range slices.Sorted(maps.Keys(f.Lines)) {
		b = binrec.AppendInt(binrec.AppendString(b, k), f.Lines[k])
	}
	b = binrec.AppendInt(binrec.AppendInt(b, f.BodyLine), f.BodyAt)
	return binrec.AppendDiags(b, f.Diags)
}

// appendDates appends each date: 0 for none, else 1, its Unix seconds and
// nanoseconds. A date is a day in UTC (site.Day); one in another zone
// cannot be written.
func appendDates(b []byte, ds ...site.Date) ([]byte, error) {
	for _, d := range ds {
		if d.IsZero() {
			b = binrec.AppendCount(b, 0)
			continue
		}
		if d.Location() != time.UTC {
			return nil, errors.New("load memo: a date not in UTC")
		}
		b = binrec.AppendInt(binrec.AppendInt(binrec.AppendCount(b, 1), int(d.Unix())), d.Nanosecond())
	}
	return b, nil
}

// readFronts decodes what appendFronts wrote.
func readFronts(data []byte) ([]*front, error) {
	return binrec.ReadAll(data, errMemo, readFront)
}

func readFront(r *binrec.Reader) *front {
	f := &front{Sum: r.Sum()}
	flags := r.Int()
	f.OK, f.Flat = flags&flagOK != 0, flags&flagFlat != 0
	f.Empty = uint8(r.Int())
	m := &f.Meta
	m.Acknowledge = flags&flagAcknowledge != 0
	m.ID, m.Title, m.Type, m.Version, m.Status, m.Owner, m.Approver = r.Str(), r.Str(), r.Str(), r.Str(), r.Str(), r.Str(), r.Str()
	m.Approved, m.Review = readDate(r), readDate(r)
	m.Classification, m.Clauses = r.Str(), r.Strs()
	m.Parent, m.Related, m.Aliases = r.Str(), r.Strs(), r.Strs()
	if n := r.Count(); n > 0 {
		m.History = make([]site.Revision, n)
		for i := range m.History {
			m.History[i] = site.Revision{Version: r.Str(), Date: readDate(r), Author: r.Str(), Summary: r.Str(), Line: r.Int()}
		}
	}
	m.Tags, m.Lang = r.Strs(), r.Str()
	if n := r.Count(); n > 0 {
		m.Extra = make(map[string]string, n)
		for range n {
			k := r.Str()
			m.Extra[k] = r.Str()
		}
	}
	f.MetaSum = r.Sum()
	if n := r.Count(); n > 0 {
		f.Lines = make(map[string]int, n)
		for range n {
			k := r.Str()
			f.Lines[k] = r.Int()
		}
	}
	f.BodyLine, f.BodyAt = r.Int(), r.Int()
	f.Diags = r.Diags()
	return f
}

func readDate(r *binrec.Reader) site.Date {
	if r.Count() == 0 {
		return site.Date{}
	}
	sec := r.Int()
	return site.Date{Time: time.Unix(int64(sec), int64(r.Int())).UTC()}
}
