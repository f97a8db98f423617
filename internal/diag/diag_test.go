package diag

import (
	"errors"
	"slices"
	"sync"
	"testing"
)

func TestError(t *testing.T) {
	if got := Errorf("content/a.md", 12, "bad %s", "thing").Error(); got != "content/a.md:12: bad thing" {
		t.Errorf("with a line: %q", got)
	}
	if got := Warnf("content/a.md", 0, "empty").Error(); got != "content/a.md: empty" {
		t.Errorf("without a line: %q", got)
	}
}

func TestListSortsAndCounts(t *testing.T) {
	var l List
	var wg sync.WaitGroup
	for _, d := range []*Diagnostic{
		Errorf("b.md", 2, "z"), Warnf("a.md", 10, "w"), Errorf("a.md", 9, "y"),
		Errorf("a.md", 9, "x"), nil, Errorf("a.md", 0, "file"),
	} {
		wg.Add(1)
		go func() { defer wg.Done(); l.Add(d) }()
	}
	wg.Wait()
	var got []string
	for _, d := range l.All() {
		got = append(got, d.Error())
	}
	// Lines sort as numbers: 9 before 10.
	want := []string{"a.md: file", "a.md:9: x", "a.md:9: y", "a.md:10: w", "b.md:2: z"}
	if !slices.Equal(got, want) {
		t.Errorf("All = %q, want %q", got, want)
	}
	got = got[:0]
	for _, d := range l.Errors() {
		got = append(got, d.Error())
	}
	if want := slices.DeleteFunc(want, func(s string) bool { return s == "a.md:10: w" }); !slices.Equal(got, want) {
		t.Errorf("Errors = %q, want %q (All without the warning)", got, want)
	}
	if e, w := l.Count(); e != 4 || w != 1 {
		t.Errorf("Count = %d, %d", e, w)
	}
	err := l.Err()
	var d *Diagnostic
	if !errors.As(err, &d) || err.Error() != "a.md: file\na.md:9: x\na.md:9: y\nb.md:2: z" {
		t.Errorf("Err = %q (warnings left out, sorted)", err)
	}
	var other List
	other.Merge(&l)
	if e, w := other.Count(); e != 4 || w != 1 {
		t.Errorf("Merge counted %d, %d", e, w)
	}
	l.Promote()
	if e, w := l.Count(); e != 5 || w != 0 {
		t.Errorf("after Promote %d, %d", e, w)
	}
	if (&List{}).Err() != nil {
		t.Errorf("an empty list has an error")
	}
}
