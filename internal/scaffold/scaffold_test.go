package scaffold

import (
	"testing"

	"handbook/internal/site"
)

func TestNextID(t *testing.T) {
	tests := []struct {
		name   string
		format string
		ids    []string
		want   string
	}{
		{"first of its type", "SMS-PROC-{nnn}", []string{"SMS-POL-001"}, "SMS-PROC-001"},
		{"after the highest", "SMS-PROC-{nnn}", []string{"SMS-PROC-002", "SMS-PROC-001"}, "SMS-PROC-003"},
		{"a gap is not reused", "SMS-PROC-{nnn}", []string{"SMS-PROC-001", "SMS-PROC-007"}, "SMS-PROC-008"},
		{"other prefixes ignored", "SMS-PROC-{nnn}", []string{"SMS-PRC-009", "XSMS-PROC-010"}, "SMS-PROC-001"},
		{"past three digits", "SMS-PROC-{nnn}", []string{"SMS-PROC-999"}, "SMS-PROC-1000"},
		{"unpadded", "SMS-DOC-05-{n}", []string{"SMS-DOC-05-1", "SMS-DOC-05-12", "SMS-DOC-06-20"}, "SMS-DOC-05-13"},
		{"suffix", "REC-{nnn}-A", []string{"REC-004-A", "REC-009-B"}, "REC-005-A"},
		{"regexp characters quoted", "P.{n}", []string{"PX7"}, "P.1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := NextID(tt.format, tt.ids); got != tt.want {
				t.Errorf("NextID(%q, %q) = %q, want %q", tt.format, tt.ids, got, tt.want)
			}
		})
	}
}

func TestSlug(t *testing.T) {
	tests := map[string]string{
		"Access Request Procedure":           "access-request-procedure",
		"  Capacity Plan: \"Peak\" 2026/27 ": "capacity-plan-peak-2026-27",
		"Risk -- Treatment  Plan":            "risk-treatment-plan",
		"Überprüfung der Dienste":            "überprüfung-der-dienste",
		"?!":                                 "",
	}
	for title, want := range tests {
		if got := Slug(title); got != want {
			t.Errorf("Slug(%q) = %q, want %q", title, got, want)
		}
	}
}

func TestPlural(t *testing.T) {
	for word, want := range map[string]string{
		"policy": "policies", "procedure": "procedures", "process": "processes", "key": "keys", "y": "ys",
		"register": "registers", "form": "forms", "report": "reports", "plan": "plans", "box": "boxes", "batch": "batches",
	} {
		if got := Plural(word); got != want {
			t.Errorf("Plural(%q) = %q, want %q", word, got, want)
		}
	}
}

func TestFolder(t *testing.T) {
	doc := func(path, typ string) *site.Document {
		return &site.Document{Path: path, Meta: site.Meta{Type: typ}}
	}
	docs := []*site.Document{
		doc("content/policy/a.md", "policy"),
		doc("content/procedures/b.md", "procedure"),
		doc("content/procedures/c.md", "procedure"),
		doc("content/misc/d.md", "procedure"),
		doc("content/x/e.md", "plan"),
		doc("content/w/f.md", "plan"),
		doc("content/top.md", "form"),
	}
	tests := map[string]string{
		"policy":    "policy",     // where the only one is
		"procedure": "procedures", // where most are
		"plan":      "w",          // a tie: first by name
		"form":      ".",          // directly under content/
		"record":    "records",    // none yet: the plural
	}
	for typ, want := range tests {
		if got := Folder(docs, typ); got != want {
			t.Errorf("Folder(%q) = %q, want %q", typ, got, want)
		}
	}
}
