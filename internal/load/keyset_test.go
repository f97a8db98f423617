package load

import (
	"fmt"
	"strings"
	"testing"
)

// TestDuplicateKeyAnySize: a key given twice is an error at its second
// line whether the mapping is small (found by a scan) or large (found by a
// map once it has many keys), and wherever the first one was.
func TestDuplicateKeyAnySize(t *testing.T) {
	for _, tc := range []struct {
		keys  int // x0 ... x(keys-1), declared as extra fields
		first int // the key given again after them
	}{
		{keys: 3, first: 1},
		{keys: 31, first: 30},
		{keys: 32, first: 0},
		{keys: 33, first: 32},
		{keys: 200, first: 5},
		{keys: 200, first: 199},
	} {
		t.Run(fmt.Sprint(tc.keys, "/", tc.first), func(t *testing.T) {
			var src strings.Builder
			var extra []string
			src.WriteString("---\nid: X-1\n")
			for i := range tc.keys {
				extra = append(extra, fmt.Sprint("x", i))
				fmt.Fprintf(&src, "x%d: v\n", i)
			}
			fmt.Fprintf(&src, "x%d: again\n---\n", tc.first)
			_, ds := Parse("x.md", []byte(src.String()), extra)
			sameMessages(t, ds, []string{fmt.Sprintf(`x.md:%d: field "x%d" is given twice`, tc.keys+3, tc.first)})
		})
	}
}

// TestNoDuplicateKeyAnySize: distinct keys are never taken for the same,
// however many there are.
func TestNoDuplicateKeyAnySize(t *testing.T) {
	for _, n := range []int{1, 31, 32, 33, 100} {
		var fields []field
		var s keySet
		for i := range n {
			k := fmt.Sprint("k", i)
			if s.dup(fields, k) {
				t.Fatalf("%d keys: %s taken for a duplicate", n, k)
			}
			fields = append(fields, field{key: k})
		}
		if !s.dup(fields, "k0") || !s.dup(fields, fmt.Sprint("k", n-1)) {
			t.Errorf("%d keys: the first or last key given again is not found", n)
		}
	}
}
