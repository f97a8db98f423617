package binrec

import (
	"errors"
	"reflect"
	"testing"

	"handbook/internal/diag"
)

var errDamaged = errors.New("damaged")

// TestRoundTrip reads back each kind of value as written, an empty list as
// nil, and fails on bytes cut short or left over.
func TestRoundTrip(t *testing.T) {
	ds := []*diag.Diagnostic{{Path: "a.md", Line: 3, Msg: "m", Severity: diag.Warning}}
	b := AppendString(AppendInt(AppendCount(nil, 7), -42), "héllo")
	b = AppendStrings(AppendStrings(b, []string{"x", ""}), []string{})
	b = append(b, make([]byte, 32)...)
	b[len(b)-1] = 9
	b, err := AppendDiags(b, ds)
	if err != nil {
		t.Fatal(err)
	}
	r := NewReader(b, errDamaged)
	got := []any{r.Count(), r.Int(), r.Str(), r.Strs(), r.Strs(), r.Sum(), r.Diags()}
	want := []any{7, -42, "héllo", []string{"x", ""}, []string(nil), [32]byte{31: 9}, ds}
	if !reflect.DeepEqual(got, want) || r.Err() != nil {
		t.Errorf("read %v (%v), want %v", got, r.Err(), want)
	}
	for _, tc := range []struct {
		name string
		data []byte
	}{
		{"cut", b[:len(b)-1]},
		{"left over", append(b[:len(b):len(b)], 0)},
		{"a count past the end", AppendCount(nil, 5)},
	} {
		r := NewReader(tc.data, errDamaged)
		r.Count()
		r.Int()
		r.Str()
		r.Strs()
		r.Strs()
		r.Sum()
		r.Diags()
		if !errors.Is(r.Err(), errDamaged) {
			t.Errorf("%s: %v, want the damaged error", tc.name, r.Err())
		}
	}
	if _, err := AppendDiags(nil, []*diag.Diagnostic{nil}); err == nil {
		t.Error("a nil diagnostic was written")
	}
}

// TestLenAndBytes: a length read for bytes stored elsewhere may pass the
// bytes left but not its bound; Bytes fills what it is given.
func TestLenAndBytes(t *testing.T) {
	b := append(AppendCount(AppendCount(nil, 1000), 1001), 1, 2, 3)
	r := NewReader(b, errDamaged)
	dst := make([]byte, 3)
	if n := r.Len(1000); n != 1000 {
		t.Errorf("Len = %d, want 1000", n)
	}
	if r.Len(1000); !r.Failed() {
		t.Error("a length over its bound was read")
	}
	r = NewReader(b[len(b)-3:], errDamaged)
	if r.Bytes(dst); r.Err() != nil || !reflect.DeepEqual(dst, []byte{1, 2, 3}) {
		t.Errorf("Bytes: %v, %v", dst, r.Err())
	}
	if r.Bytes(dst); !r.Failed() {
		t.Error("bytes read past the end")
	}
}

// TestReadAll reads a count of records, and no record of damaged bytes.
func TestReadAll(t *testing.T) {
	b := AppendString(AppendString(AppendCount(nil, 2), "a"), "b")
	got, err := ReadAll(b, errDamaged, (*Reader).Str)
	if err != nil || !reflect.DeepEqual(got, []string{"a", "b"}) {
		t.Errorf("got %q, %v", got, err)
	}
	if got, err := ReadAll(b[:len(b)-1], errDamaged, (*Reader).Str); !errors.Is(err, errDamaged) || got != nil {
		t.Errorf("cut: got %q, %v", got, err)
	}
}
