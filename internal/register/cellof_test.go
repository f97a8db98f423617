package register

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// TestCellOf: dates take the date style, text longer than a cell holds is
// clipped to maxCellChars characters ending in "…" (also when the clipped
// text happens to be as long in bytes as the original), and every other
// value is passed as it is.
func TestCellOf(t *testing.T) {
	st := styles{header: 1, date: 2, overdue: 3}
	day := time.Date(2026, 12, 6, 0, 0, 0, 0, time.UTC)
	fits := strings.Repeat("a", maxCellChars)
	long := strings.Repeat("a", maxCellChars+1)
	// The last two characters (3 bytes) are replaced by "…" (3 bytes).
	sameBytes := strings.Repeat("a", maxCellChars-1) + "aé"
	clipped := strings.Repeat("a", maxCellChars-1) + "…"
	for _, tc := range []struct {
		name string
		in   any
		want any
	}{
		{"date", day, excelize.Cell{StyleID: 2, Value: day}},
		{"short text", "Major Incident", "Major Incident"},
		{"text that just fits", fits, fits},
		{"text one character too long", long, clipped},
		{"clipped text as long in bytes", sameBytes, clipped},
		{"number", 42, 42},
		{"nil", nil, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := cellOf(tc.in, st)
			if got != tc.want {
				t.Errorf("cellOf = %.40v (%T), want %.40v", got, got, tc.want)
			}
			if s, ok := got.(string); ok && utf8.RuneCountInString(s) > maxCellChars {
				t.Errorf("%d characters, more than a cell holds", utf8.RuneCountInString(s))
			}
		})
	}
}
