package build

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"testing"

	"handbook/internal/site"
)

// TestRenderCodec decodes what encodeRecords wrote (the sections' texts
// apart, joined again by joinTexts) of records whose every
// field, at every depth, holds a value of its own (a field added to the
// record, a result, a heading, a reference or a diagnostic that the codec
// does not carry comes back zero, and fails it), with an empty record
// beside them (empty lists come back nil); and checks that every cut or
// damaged copy of the bytes is an error or other records, never a panic.
func TestRenderCodec(t *testing.T) {
	var full renderRecord
	n := 0
	fill(reflect.ValueOf(&full).Elem(), &n)
	full.Result.HTML = nil // stored apart (HTMLLen)
	recs := []renderRecord{full, {Path: "content/empty.md"}}
	b, text, err := encodeRecords(nil, nil, recs)
	if err != nil {
		t.Fatal(err)
	}
	got, texts, err := decodeRecords(b)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(recs) {
		t.Fatalf("decoded %d records, want %d", len(got), len(recs))
	}
	if len(text) > 0 && joinTexts(got, texts, string(text[1:])) {
		t.Error("the sections' texts joined with a byte missing")
	}
	if !joinTexts(got, texts, string(text)) {
		t.Fatal("the sections' texts do not join")
	}
	for i := range recs {
		if !reflect.DeepEqual(*got[i], recs[i]) {
			t.Errorf("record %d:\n got %+v\nwant %+v", i, *got[i], recs[i])
		}
	}
	for cut := range len(b) {
		if _, _, err := decodeRecords(b[:cut]); !errors.Is(err, errRecords) {
			t.Fatalf("cut at %d of %d bytes: %v, want errRecords", cut, len(b), err)
		}
	}
	for i := range b {
		damaged := append([]byte(nil), b...)
		damaged[i] ^= 0xff
		decodeRecords(damaged) // must not panic
	}
}

// fill sets every field of v to a value of its own, numbering them with
// n: strings, numbers, arrays, two elements in each slice, pointers to
// filled values.
func fill(v reflect.Value, n *int) {
	*n++
	switch v.Kind() {
	case reflect.String:
		v.SetString("s" + strconv.Itoa(*n))
	case reflect.Int, reflect.Int64, reflect.Int32:
		v.SetInt(int64(*n))
	case reflect.Uint8:
		v.SetUint(uint64(*n % 256))
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Array:
		for i := range v.Len() {
			fill(v.Index(i), n)
		}
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 2, 2))
		for i := range 2 {
			fill(v.Index(i), n)
		}
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		fill(v.Elem(), n)
	case reflect.Struct:
		for i := range v.NumField() {
			fill(v.Field(i), n)
		}
	default:
		panic("fill: a field of kind " + v.Kind().String())
	}
}

// TestWriteSource checks that writeSource writes a document with a load
// sum as fmt's "%q %x\n" did (the keys that hold it keep their meaning).
func TestWriteSource(t *testing.T) {
	for _, p := range []string{"content/a.md", `content/quote "and" back\slash.md`, "content/é ü\t.md", "content/\x00bad\xff.md"} {
		d := &site.Document{Path: p, MetaSum: sha256.Sum256([]byte(p))}
		var got bytes.Buffer
		if err := writeSource(&got, nil, d); err != nil {
			t.Fatal(err)
		}
		if want := fmt.Sprintf("%q %x\n", d.Path, d.MetaSum); got.String() != want {
			t.Errorf("%q: wrote %q, want %q", p, got.String(), want)
		}
	}
}
