// Package binrec writes and reads the build cache's records in a binary
// form of their own: lengths and numbers as varints, strings as their
// bytes, fields in the order the record's codec puts them. A Reader takes
// every string out of one copy of the bytes: no allocation per string,
// where gob made one for each.
package binrec

import (
	"encoding/binary"
	"errors"

	"handbook/internal/diag"
)

// AppendString appends s: its length, then its bytes.
func AppendString(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

// AppendStrings appends ss: their number, then each; a nil list and an
// empty one are the same.
func AppendStrings(b []byte, ss []string) []byte {
	b = binary.AppendUvarint(b, uint64(len(ss)))
	for _, s := range ss {
		b = AppendString(b, s)
	}
	return b
}

// AppendInt appends n.
func AppendInt(b []byte, n int) []byte { return binary.AppendVarint(b, int64(n)) }

// AppendCount appends a number of elements that follow.
func AppendCount(b []byte, n int) []byte { return binary.AppendUvarint(b, uint64(n)) }

// AppendDiags appends ds: each one's path, message, line and severity.
// A nil diagnostic is an error.
func AppendDiags(b []byte, ds []*diag.Diagnostic) ([]byte, error) {
	b = AppendCount(b, len(ds))
	for _, d := range ds {
		if d == nil {
			return nil, errors.New("binrec: a nil diagnostic")
		}
		b = AppendString(AppendString(b, d.Path), d.Msg)
		b = AppendInt(AppendInt(b, d.Line), int(d.Severity))
	}
	return b, nil
}

// Reader decodes what the Append functions wrote. Its strings are
// substrings of one copy of the bytes; the first error stops it, and
// every later read returns a zero value.
type Reader struct {
	b       []byte
	s       string // the same bytes as b
	off     int
	err     error
	damaged error
}

// NewReader reads data; damaged is the error a read past its end or a
// bad number gives.
func NewReader(data []byte, damaged error) *Reader {
	return &Reader{b: data, s: string(data), damaged: damaged}
}

// ReadAll reads what an encoder wrote as a count and that many records:
// read reads one. It fails with damaged when the bytes end early, hold a
// bad number or have more after the last record.
func ReadAll[T any](data []byte, damaged error, read func(*Reader) T) ([]T, error) {
	r := NewReader(data, damaged)
	n := r.Count()
	out := make([]T, 0, n)
	for range n {
		out = append(out, read(r))
	}
	if err := r.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// Err is the reader's error, if any: damaged, when a read failed or
// bytes are left after the last read.
func (r *Reader) Err() error {
	if r.err == nil && r.off != len(r.b) {
		return r.damaged
	}
	return r.err
}

// Failed reports whether a read failed.
func (r *Reader) Failed() bool { return r.err != nil }

// Count reads a number of elements: at most the bytes left, each
// element taking one at least.
func (r *Reader) Count() int {
	n, k := binary.Uvarint(r.b[min(r.off, len(r.b)):])
	if k <= 0 || n > uint64(len(r.b)-r.off-k) {
		r.fail()
		return 0
	}
	r.off += k
	return int(n)
}

// Int reads a number.
func (r *Reader) Int() int {
	n, k := binary.Varint(r.b[min(r.off, len(r.b)):])
	if k <= 0 {
		r.fail()
		return 0
	}
	r.off += k
	return int(n)
}

// Str reads a string.
func (r *Reader) Str() string {
	n := r.Count()
	if r.err != nil {
		return ""
	}
	s := r.s[r.off : r.off+n]
	r.off += n
	return s
}

// Sum reads 32 bytes.
func (r *Reader) Sum() (s [32]byte) {
	r.Bytes(s[:])
	return s
}

// Bytes fills dst with the next len(dst) bytes.
func (r *Reader) Bytes(dst []byte) {
	if r.err == nil && len(r.b)-r.off >= len(dst) {
		copy(dst, r.b[r.off:])
		r.off += len(dst)
	} else {
		r.fail()
	}
}

// Len reads the length of something stored elsewhere (AppendCount): at
// most max, which the caller checks against what it is read from.
func (r *Reader) Len(max int) int {
	n, k := binary.Uvarint(r.b[min(r.off, len(r.b)):])
	if k <= 0 || n > uint64(max) {
		r.fail()
		return 0
	}
	r.off += k
	return int(n)
}

// Strs reads a list of strings; an empty one is nil.
func (r *Reader) Strs() []string {
	n := r.Count()
	if n == 0 {
		return nil
	}
	out := make([]string, n)
	for i := range out {
		out[i] = r.Str()
	}
	return out
}

// Diags reads what AppendDiags wrote; an empty list is nil.
func (r *Reader) Diags() []*diag.Diagnostic {
	n := r.Count()
	if n == 0 {
		return nil
	}
	out := make([]*diag.Diagnostic, n)
	for i := range out {
		d := &diag.Diagnostic{Path: r.Str(), Msg: r.Str()}
		d.Line, d.Severity = r.Int(), diag.Severity(r.Int())
		out[i] = d
	}
	return out
}

// fail stops the reader.
func (r *Reader) fail() {
	if r.err == nil {
		r.err = r.damaged
	}
	r.off = len(r.b)
}
