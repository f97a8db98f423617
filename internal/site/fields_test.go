package site

import (
	"flag"
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"handbook/internal/config"
)

var update = flag.Bool("update", false, "rewrite README.md's field table from Fields")

// TestFields checks the table itself: one row per key, each with a doc
// line and a decodable type, and every field of Meta (but Extra, the
// configuration's fields) filled by exactly one row.
func TestFields(t *testing.T) {
	keys := map[string]bool{}
	filled := map[uintptr]string{}
	var m Meta
	for _, f := range Fields {
		if keys[f.Key] || f.Key == "" {
			t.Errorf("key %q is empty or in two rows", f.Key)
		}
		keys[f.Key] = true
		if f.Type() == "" || f.Doc == "" {
			t.Errorf("%s: type %q, doc %q; want both", f.Key, f.Type(), f.Doc)
		}
		p := reflect.ValueOf(f.In(&m)).Pointer()
		if other, ok := filled[p]; ok {
			t.Errorf("%s and %s fill the same Meta field", other, f.Key)
		}
		filled[p] = f.Key
		if g, ok := FieldOf(f.Key); !ok || g.Key != f.Key {
			t.Errorf("FieldOf(%q) = %q, %v", f.Key, g.Key, ok)
		}
	}
	v := reflect.ValueOf(&m).Elem()
	for i := range v.NumField() {
		name := v.Type().Field(i).Name
		if _, ok := filled[v.Field(i).Addr().Pointer()]; !ok && name != "Extra" {
			t.Errorf("Meta.%s is filled by no row of Fields", name)
		}
	}
	if _, ok := FieldOf("reveiw"); ok {
		t.Errorf("FieldOf finds a key that is not in the table")
	}
	if got := strings.Join(Keys(), " "); !strings.HasPrefix(got, "id title type version status owner ") {
		t.Errorf("Keys() = %s, want the documented order", got)
	}
}

func TestGiven(t *testing.T) {
	day := Date{Time: time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC)}
	full := Meta{ID: "A-1", Title: "A", Approved: day, Clauses: []string{"8.1"}, Acknowledge: true,
		History: []Revision{{Version: "1.0", Date: day}}}
	blank := Meta{ID: "  ", Title: "\t", Clauses: []string{}}
	for _, tc := range []struct {
		key        string
		full, none bool
	}{
		{"id", true, false}, // blank text is not given
		{"title", true, false},
		{"approved", true, false},
		{"clauses", true, false}, // nor an empty list
		{"acknowledge", true, false},
		{"history", true, false},
		{"review", false, false},
	} {
		f, _ := FieldOf(tc.key)
		if got := f.Given(&full); got != tc.full {
			t.Errorf("%s given = %v, want %v", tc.key, got, tc.full)
		}
		if got := f.Given(&blank); got != tc.none {
			t.Errorf("%s given in a blank Meta = %v, want %v", tc.key, got, tc.none)
		}
	}
}

// TestNew checks the indexes: every document by path, the first of each
// id by id, none for an empty id.
func TestNew(t *testing.T) {
	a := &Document{Path: "content/a.md", Meta: Meta{ID: "X-1"}}
	b := &Document{Path: "content/b.md", Meta: Meta{ID: "X-1"}}
	c := &Document{Path: "content/c.md"}
	s := New("dir", config.Default(), []*Document{a, b, c})
	if s.ByID["X-1"] != a || len(s.ByID) != 1 {
		t.Errorf("ByID = %v, want the first X-1 only", s.ByID)
	}
	if s.ByPath["content/b.md"] != b || s.ByPath["content/c.md"] != c || len(s.ByPath) != 3 {
		t.Errorf("ByPath = %v, want every document", s.ByPath)
	}
	if s.Data == nil || s.Unreadable == nil || len(s.Docs) != 3 || s.Dir != "dir" {
		t.Errorf("New = %+v", s)
	}
}

// The README's field table lies between these lines.
const (
	readmeStart = "<!-- the field table: generated from site.Fields by go test ./internal/site -run TestREADMEFields -update -->\n"
	readmeEnd   = "<!-- end of the field table -->\n"
)

// TestREADMEFields keeps the README's front-matter field table what
// Fields says.
func TestREADMEFields(t *testing.T) {
	const path = "../../README.md"
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	readme := string(data)
	before, rest, ok1 := strings.Cut(readme, readmeStart)
	table, after, ok2 := strings.Cut(rest, readmeEnd)
	if !ok1 || !ok2 {
		t.Fatalf("README.md has no lines %q and %q around the field table", readmeStart, readmeEnd)
	}
	want := fieldTable()
	if table == want {
		return
	}
	if *update {
		if err := os.WriteFile(path, []byte(before+readmeStart+want+readmeEnd+after), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("README.md's field table differs from site.Fields (internal/site/fields.go); regenerate it with\n"+
		"  go test ./internal/site -run TestREADMEFields -update\ngot:\n%s\nwant:\n%s", table, want)
}

// fieldTable is the README's table of Fields, in Markdown.
func fieldTable() string {
	var b strings.Builder
	b.WriteString("| field | type | required | an edit under `serve --watch` rewrites | meaning |\n|---|---|---|---|---|\n")
	for _, f := range Fields {
		need := map[Need]string{Required: "yes", RequiredIfApproved: "approved documents", Optional: "no"}[f.Need]
		if f.Default != "" {
			need += " (" + f.Default + ")"
		}
		rebuild := map[Rebuild]string{RebuildPage: "the page", RebuildRegister: "the page and the register",
			RebuildFigures: "the page, the register and the figures", RebuildAll: "everything"}[f.Rebuild]
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s | %s |\n", f.Key, f.Type(), need, rebuild, f.Doc)
	}
	return b.String()
}
