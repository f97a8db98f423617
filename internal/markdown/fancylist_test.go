package markdown

import "testing"

// TestFancyMarker reads markers as pandoc does.
func TestFancyMarker(t *testing.T) {
	roman := &fancyStyle{kind: 'i', delim: '.'}
	alpha := &fancyStyle{kind: 'a', delim: '.'}
	tests := []struct {
		line  string
		want  *fancyStyle
		ok    bool
		kind  byte
		value int
	}{
		{"a. x", nil, true, 'a', 1},
		{"c) x", nil, true, 'a', 3},
		{"(b) x", nil, true, 'a', 2},
		{"i. x", nil, true, 'i', 1},
		{"iv. x", nil, true, 'i', 4},
		{"mcmxc. x", nil, true, 'i', 1990},
		{"iiii. x", nil, false, 0, 0},
		{"vv. x", nil, false, 0, 0},
		{"v. x", nil, true, 'a', 22},
		{"v. x", roman, true, 'i', 5},
		{"i. x", alpha, true, 'a', 9},
		{"A.  x", nil, true, 'A', 1},
		{"A. x", nil, false, 0, 0},
		{"I. x", nil, false, 0, 0},
		{"II. x", nil, true, 'I', 2},
		{"I) x", nil, true, 'I', 1},
		{"(3) x", nil, true, '1', 3},
		{"3. x", nil, false, 0, 0}, // CommonMark's
		{"a.x", nil, false, 0, 0},
		{"ab. x", nil, false, 0, 0},
		{"e.g. x", nil, false, 0, 0},
		{"(a x", nil, false, 0, 0},
		{"    a. x", nil, false, 0, 0},
		{"a.", nil, true, 'a', 1},
		{"abcdefghijk. x", nil, false, 0, 0},
		{"", nil, false, 0, 0},
		{"(", nil, false, 0, 0},
	}
	for _, tt := range tests {
		m, ok := parseFancyMarker([]byte(tt.line), tt.want)
		if ok != tt.ok || ok && (m.style.kind != tt.kind || m.value != tt.value) {
			t.Errorf("%q: got %v %c %d, want %v %c %d", tt.line, ok, m.style.kind, m.value, tt.ok, tt.kind, tt.value)
		}
	}
}
