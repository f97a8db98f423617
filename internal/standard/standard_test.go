package standard

import (
	"os"
	"slices"
	"testing"

	"gopkg.in/yaml.v3"
)

func TestClauses(t *testing.T) {
	all := Clauses()
	seen := map[string]bool{}
	for _, c := range all {
		if seen[c.Number] {
			t.Errorf("clause %s listed twice", c.Number)
		}
		seen[c.Number] = true
		if c.Title == "" {
			t.Errorf("clause %s has no title", c.Number)
		}
		if p := c.Parent(); p != "" && !seen[p] {
			t.Errorf("clause %s comes before (or without) its parent %s", c.Number, p)
		}
	}
	for _, top := range []string{"4", "5", "6", "7", "8", "9", "10"} {
		if c, ok := Lookup(top); !ok || c.Depth() != 1 {
			t.Errorf("top-level clause %s missing", top)
		}
	}
	for _, n := range []string{"9.2", "8.6.1", "7.5.3", "5.2.2"} {
		if _, ok := Lookup(n); !ok {
			t.Errorf("clause %s missing", n)
		}
	}
	for _, n := range []string{"3", "11", "4.5", "8.10", "", "8.6.1.1"} {
		if _, ok := Lookup(n); ok {
			t.Errorf("%q is not a clause of ISO/IEC 20000-1:2018", n)
		}
	}
	if c, _ := Lookup("8.6.1"); c.Parent() != "8.6" || c.Depth() != 3 {
		t.Errorf("8.6.1: parent %q depth %d", c.Parent(), c.Depth())
	}
}

// TestMatchesSharedList checks that the shipped list is the project's
// reference list (when the shared spec folder is present).
func TestMatchesSharedList(t *testing.T) {
	b, err := os.ReadFile("../../../shared/spec/iso20000-1-2018-clauses.yaml")
	if err != nil {
		t.Skip("shared spec not present:", err)
	}
	var ref []Clause
	if err := yaml.Unmarshal(b, &ref); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(ref, Clauses()) {
		t.Errorf("internal/standard/clauses.yaml differs from the shared reference list")
	}
}
