package validate

import "testing"

// FuzzMayHavePlaceholder checks that the quick test never rejects a line
// the regular expression matches (it may accept lines that do not match).
func FuzzMayHavePlaceholder(f *testing.F) {
	for _, s := range []string{
		"Within [Organisation Name] and Insert Company Name.",
		"For [Insert Customer Name], [ Service Provider.. and [All] sites.",
		"[\tall ]", "[Company Name]", "[Organization Name]", "[Service Provider..]", "x [ [Insert a]",
		"See [the procedure](SMS-PROC-004) and [[SMS-POL-001]] [x] [ [All]",
		"no brackets at all", "[", "[ ", "Insert Company Nam",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if toolkitPlaceholder.MatchString(s) && !mayHavePlaceholder([]byte(s)) {
			t.Errorf("mayHavePlaceholder(%q) = false, but the expression matches", s)
		}
	})
}

// TestMayHavePlaceholderRejects pins that the quick test turns down
// brackets that only start like a placeholder: link texts in capitals,
// task boxes, references (each would run the regular expression).
func TestMayHavePlaceholderRejects(t *testing.T) {
	for _, s := range []string{
		"See [Availability Management](SMS-PROC-004) and [Service Level Management](x).",
		"- [ ] Check the [Information Security Policy] and [[SMS-POL-001]].",
		"[Organ] [Company] [Service] [Insert] [Incident Management](y)",
	} {
		if mayHavePlaceholder([]byte(s)) {
			t.Errorf("mayHavePlaceholder(%q) = true", s)
		}
	}
	for _, s := range []string{"[ Insert x]", "[Organization Name]", "[ all ]", "[Allocation]"} {
		if !mayHavePlaceholder([]byte(s)) {
			t.Errorf("mayHavePlaceholder(%q) = false", s)
		}
	}
}
