package load_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"handbook/internal/config"
	"handbook/internal/diag"
	"handbook/internal/load"
	"handbook/internal/validate"
)

// FuzzFrontMatter parses any bytes as a document and validates what it
// decodes: no panic, every message at the file's path and at a line that
// exists, the body a tail of the file. The seed corpus
// (testdata/fuzz/FuzzFrontMatter) runs with the other tests;
// go test -fuzz=FuzzFrontMatter explores further.
func FuzzFrontMatter(f *testing.F) {
	for _, s := range []string{
		"---\nid: SMS-PROC-001\ntitle: T\ntype: procedure\nversion: \"1.0\"\nstatus: approved\nowner: O\n---\nBody\n",
		"+++\nid = \"SMS-PROC-001\"\ntitle = \"T\"\nhistory = [{version = \"1\", date = 2026-01-01}]\n+++\nBody\n",
		"{\n\"id\": \"SMS-PROC-001\",\n\"clauses\": [\"8.1\", 2],\n\"history\": {\"a\": 1}\n}\nBody\n",
		"---\n---\n",
		"---\nreveiw: 2026-01-01\n",
		"\ufeff---\r\nid: X\r\n---\r\n",
		"---\nhistory:\n  - version: 1\n    date: 2026-13-45\n  - x\n---\n",
		"---\na: &a [*a]\n---\n",
		aliasBomb,
		"---\nid: [\n---\n",
	} {
		f.Add([]byte(s))
	}
	cfg := config.Default()
	today := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	const rel = "content/fuzz.md"
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, ds := load.Parse(rel, data, []string{"extra"})
		lines := diag.LineCount(data)
		check := func(ds []*diag.Diagnostic) {
			for _, d := range ds {
				if d.Path != rel || d.Line < 0 || d.Line > lines || d.Msg == "" {
					t.Fatalf("diagnostic %q (line %d) for a file of %d lines", d.Error(), d.Line, lines)
				}
			}
		}
		check(ds)
		if doc == nil {
			if len(ds) == 0 {
				t.Fatal("no document and no message saying why")
			}
			return
		}
		if !bytes.HasSuffix(diag.NormalizeNewlines(data), doc.Body) {
			t.Fatalf("the body is not the end of the file (line breaks normalised)")
		}
		if doc.BodyLine < 1 || doc.BodyLine > lines {
			t.Fatalf("body line %d in a file of %d lines", doc.BodyLine, lines)
		}
		for k, l := range doc.Lines {
			if l < 0 || l > lines {
				t.Fatalf("key %q at line %d in a file of %d lines", k, l, lines)
			}
		}
		check(validate.Document(doc, cfg, today))
	})
}

// aliasBomb is nine levels of ten aliases each: a billion values from a
// few hundred bytes, unless the decoder bounds what aliases expand to.
var aliasBomb = func() string {
	var b strings.Builder
	b.WriteString("---\nl0: &l0 [x, x, x, x, x, x, x, x, x, x]\n")
	for i := 1; i < 9; i++ {
		ref := "*l" + string(rune('0'+i-1))
		b.WriteString("l" + string(rune('0'+i)) + ": &l" + string(rune('0'+i)) + " [" + strings.Repeat(ref+", ", 9) + ref + "]\n")
	}
	return b.String() + "tags: *l8\n---\n"
}()

// TestYAMLAliases: an alias may repeat a value, but one that contains
// itself, or expands to millions of values, is an error at a line.
func TestYAMLAliases(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"reuse", "---\nid: SMS-PROC-001\ntags: &t [a, b]\nrelated: *t\n---\n", ""},
		{"recursive", "---\nid: SMS-PROC-001\na: &a [*a]\n---\n", "content/x.md:3: front matter nests too deeply"},
		{"bomb", aliasBomb, "alias (*name) expands too far"},
	}
	for _, tt := range tests {
		doc, ds := load.Parse("content/x.md", []byte(tt.src), []string{"a", "l0", "l1", "l2", "l3", "l4", "l5", "l6", "l7", "l8"})
		var msgs []string
		for _, d := range ds {
			msgs = append(msgs, d.Error())
		}
		all := strings.Join(msgs, "\n")
		if tt.want == "" {
			if doc == nil || all != "" {
				t.Errorf("%s: %s", tt.name, all)
			}
			continue
		}
		if doc != nil || !strings.Contains(all, tt.want) {
			t.Errorf("%s: got %q, want an error %q", tt.name, all, tt.want)
		}
	}
}
