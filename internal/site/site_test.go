package site

import (
	"testing"
	"time"
)

func TestDate(t *testing.T) {
	var zero Date
	if zero.String() != "" || zero.Overdue(time.Now()) {
		t.Errorf("the zero date is absent and never overdue")
	}
	d := Date{Time: time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)}
	if d.String() != "2026-06-01" {
		t.Errorf("String = %q", d.String())
	}
	for _, tc := range []struct {
		today time.Time
		want  bool
	}{
		{time.Date(2026, 5, 31, 23, 59, 0, 0, time.UTC), false},
		{time.Date(2026, 6, 1, 23, 0, 0, 0, time.UTC), false}, // due today is not overdue
		{time.Date(2026, 6, 2, 0, 0, 1, 0, time.UTC), true},
	} {
		if got := d.Overdue(tc.today); got != tc.want {
			t.Errorf("Overdue(%v) = %v", tc.today, got)
		}
	}
}

func TestDocument(t *testing.T) {
	d := &Document{Meta: Meta{ID: "SMS-PROC-004"}, Lines: map[string]int{"": 3, "title": 5}}
	if d.URLPath() != "docs/sms-proc-004/" || DocPath("A-1") != "docs/a-1/" {
		t.Errorf("URLPath = %q", d.URLPath())
	}
	if d.Line("title") != 5 || d.Line("review") != 3 {
		t.Errorf("Line: title %d, absent key %d (want the front matter's line)", d.Line("title"), d.Line("review"))
	}
}
