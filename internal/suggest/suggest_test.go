package suggest

import "testing"

func TestDistance(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want int
	}{
		{"", "", 0}, {"review", "review", 0}, {"reveiw", "review", 1}, {"revew", "review", 1},
		{"owner", "owners", 1}, {"kitten", "sitting", 3}, {"", "abc", 3},
	} {
		if got := Distance(tc.a, tc.b); got != tc.want {
			t.Errorf("Distance(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
}

func TestClosest(t *testing.T) {
	fields := []string{"id", "title", "review", "related", "approver", "approved", "tags"}
	for _, tc := range []struct{ word, want string }{
		{"reveiw", "review"}, {"titel", "title"}, {"aprover", "approver"},
		{"colour", ""}, {"x", ""}, {"Tags", "tags"},
	} {
		if got := Closest(tc.word, fields); got != tc.want {
			t.Errorf("Closest(%q) = %q, want %q", tc.word, got, tc.want)
		}
	}
}
