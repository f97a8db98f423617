package load

import (
	"errors"
	"reflect"
	"testing"
	"time"

	"handbook/internal/diag"
	"handbook/internal/site"
)

// TestMemoCodec decodes what appendFronts wrote of a record whose every
// field, at every depth, holds a value of its own (a field added to the
// record, the front matter, a revision or a diagnostic that the codec
// does not carry comes back zero, and fails it), with an empty record
// beside it; and checks that every cut or damaged copy of the bytes is an
// error or other records, never a panic.
func TestMemoCodec(t *testing.T) {
	day := func(d int) site.Date { return site.Date{Time: time.Date(2026, 1, d, 0, 0, 0, 0, time.UTC)} }
	full := &front{
		Sum: [32]byte{1}, OK: true, MetaSum: [32]byte{2}, BodyLine: 3, BodyAt: 4, Flat: true, Empty: 5,
		Meta: site.Meta{
			ID: "X-1", Title: "T", Type: "policy", Version: "2", Status: "approved", Owner: "O", Approver: "A",
			Approved: day(1), Review: day(2), Classification: "public", Clauses: []string{"4.1", "8.2"},
			Parent: "X-0", Related: []string{"X-2"}, Aliases: []string{"old/x"}, Tags: []string{"a"},
			History:     []site.Revision{{Version: "1", Date: day(3), Author: "B", Summary: "First", Line: 9}},
			Acknowledge: true, Lang: "de", Extra: map[string]string{"cost": "42", "area": "x"},
		},
		Lines: map[string]int{"": 1, "id": 2},
		Diags: []*diag.Diagnostic{{Path: "x.md", Line: 6, Msg: "m", Severity: diag.Warning}},
	}
	assertFilled(t, reflect.ValueOf(*full), "front")
	recs := []*front{full, {Sum: [32]byte{7}}}
	b, err := appendFronts(nil, recs)
	if err != nil {
		t.Fatal(err)
	}
	got, err := readFronts(b)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, recs) {
		t.Errorf("decoded\n got %+v\nwant %+v", got, recs)
	}
	for cut := range len(b) {
		if _, err := readFronts(b[:cut]); !errors.Is(err, errMemo) {
			t.Fatalf("cut at %d of %d bytes: %v, want errMemo", cut, len(b), err)
		}
	}
	for i := range b {
		damaged := append([]byte(nil), b...)
		damaged[i] ^= 0xff
		readFronts(damaged) // must not panic
	}
	local := *full
	local.Meta.Review = site.Date{Time: time.Date(2026, 1, 2, 0, 0, 0, 0, time.FixedZone("X", 3600))}
	if _, err := appendFronts(nil, []*front{&local}); err == nil {
		t.Error("a date outside UTC was written")
	}
}

// assertFilled fails for each field of v, at any depth, that holds its
// zero value (the unexported fields of a time are the time's own).
func assertFilled(t *testing.T, v reflect.Value, path string) {
	t.Helper()
	if v.IsZero() {
		t.Errorf("%s is zero: give it a value (and carry it in the codec)", path)
		return
	}
	switch v.Kind() {
	case reflect.Struct:
		if _, ok := v.Interface().(site.Date); ok {
			return
		}
		for i := range v.NumField() {
			assertFilled(t, v.Field(i), path+"."+v.Type().Field(i).Name)
		}
	case reflect.Slice:
		for i := range v.Len() {
			assertFilled(t, v.Index(i), path+"[]")
		}
	case reflect.Pointer:
		assertFilled(t, v.Elem(), path)
	}
}
