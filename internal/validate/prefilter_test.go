package validate

import (
	"bytes"
	"testing"
)

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

// FuzzMayHavePlaceholderBody checks that the quick test of a whole body
// passes whenever that of one of its lines does: placeholders skips the
// lines of a body that fails it.
func FuzzMayHavePlaceholderBody(f *testing.F) {
	for _, s := range []string{
		"one\n[Insert x]\nthree", "a [\nInsert b]", "[\n[All]", "x\nInsert Company Name", "[ \n", "[Company\nName]",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, line := range bytes.Split([]byte(s), []byte("\n")) {
			if mayHavePlaceholder(line) && !mayHavePlaceholder([]byte(s)) {
				t.Fatalf("line %q passes, its body %q does not", line, s)
			}
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
