package load

import (
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"handbook/internal/diag"
)

// memoSources are documents whose decoding a Memo must give back exactly:
// every field kind, lists empty and absent, extra fields, every format,
// warnings and errors with their lines, a body flattened, and the fuzz
// corpus's oddities (read by TestMemoSameDocument).
var memoSources = []string{
	"---\nid: X-1\ntitle: T\ntype: policy\nversion: \"2.10\"\nstatus: approved\nowner: O\napprover: A\napproved: 2026-01-02\nreview: 2027-01-02T10:00:00Z\nclassification: public\nclauses: [\"4.1\", \"8.2\"]\nparent: X-0\nrelated: []\naliases: old/x\ntags: []\nacknowledge: yes\nlang: de\nhistory:\n  - {version: \"1.0\", date: 2025-01-01, author: B, summary: First}\ncost_centre: 42\n---\n\n# Body\n",
	"---\nid: X-2\nhistory: []\nclauses:\n---\nText\n",
	"\ufeff\r\n\r\n---\r\nid: X-3\r\ncolour: red\r\nreview: soon\r\n---\r\nBody\r\n",
	"+++\nid = 'X-4'\ntags = ['a', 'b']\n[[history]]\nversion = '1'\ndate = 2025-01-01\n+++\nBody\n",
	"{\n\"id\": \"X-5\",\n\"tags\": [],\n\"title\": \"J\"\n}\nBody\n",
	"---\nid: X-6\n---\n" + strings.Repeat(">", 40) + " deep\n",
	"---\nid: X-7\ntitle: a: b\n---\n",
	"---\nid: X-8\n",
	"# no front matter\n",
	"---\n- a list\n---\n",
}

// TestMemoSameDocument decodes each source afresh, then again from a
// memo written and read back (as a later build finds it in its cache),
// and wants the same document and diagnostics, field for field: nil and
// empty lists apart, line numbers, severities.
func TestMemoSameDocument(t *testing.T) {
	sources := append([]string(nil), memoSources...)
	corpus, _ := filepath.Glob(filepath.Join("testdata", "fuzz", "FuzzFrontMatter", "*"))
	for _, p := range corpus {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		_, v, _ := strings.Cut(string(b), "[]byte(")
		s, err := strconv.Unquote(strings.TrimSuffix(strings.TrimSpace(v), ")"))
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		sources = append(sources, s)
	}
	extra := []string{"cost_centre"}
	for i, src := range sources {
		data := []byte(src)
		want, wantDiags := Parse("x.md", data, extra)
		first := NewMemo()
		parse("x.md", []byte(src), extra, first)
		b, err := first.Bytes(all)
		if err != nil {
			t.Fatalf("source %d: %v", i, err)
		}
		memo := ReadMemo(b)
		got, gotDiags := parse("x.md", []byte(src), extra, memo)
		if len(memo.made) != 0 || memo.Changed(all) {
			t.Errorf("source %d decoded again, not taken from the memo", i)
		}
		if got != nil {
			if got.Sum != SourceSum("x.md", data, extra) || got.MetaSum != MetaSum("x.md", &want.Meta) {
				t.Errorf("source %d: the memo's document has other sums", i)
			}
			got.Sum, got.MetaSum = [32]byte{}, [32]byte{} // a load without a memo makes none
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("source %d %q:\n got %#v\nwant %#v", i, src, got, want)
		}
		if !reflect.DeepEqual(gotDiags, wantDiags) {
			t.Errorf("source %d %q: diagnostics\n got %v\nwant %v", i, src, messages(gotDiags), messages(wantDiags))
		}
		// A list may change the diagnostics it holds (--strict makes
		// warnings errors): the memo's own are not handed out.
		for _, d := range gotDiags {
			d.Severity, d.Line = diag.Error, -1
		}
		if _, again := parse("x.md", []byte(src), extra, memo); !reflect.DeepEqual(again, wantDiags) {
			t.Errorf("source %d: a changed diagnostic changed the memo's", i)
		}
	}
}

// TestMemoKeys: a memo answers only for the same path, bytes and extra
// fields, and a memo that cannot be read is an empty one.
func TestMemoKeys(t *testing.T) {
	src := []byte("---\nid: X-1\ncost_centre: 1\n---\nBody\n")
	m := NewMemo()
	parse("a.md", src, nil, m)
	b, _ := m.Bytes(all)
	for _, tc := range []struct {
		name  string
		rel   string
		src   []byte
		extra []string
	}{
		{"other path", "b.md", src, nil},
		{"other bytes", "a.md", append([]byte("\n"), src...), nil},
		{"other extra fields", "a.md", src, []string{"cost_centre"}},
	} {
		memo := ReadMemo(b)
		parse(tc.rel, tc.src, tc.extra, memo)
		if len(memo.made) != 1 {
			t.Errorf("%s: taken from the memo", tc.name)
		}
	}
	damaged := ReadMemo(b[:len(b)/2])
	if len(damaged.prev) != 0 {
		t.Errorf("a damaged memo read as %d documents", len(damaged.prev))
	}
}

func all([32]byte) bool { return true }

// TestMemoParts: a memo written in parts reads back whole, and only the
// parts holding a document decoded afresh or gone have changed.
func TestMemoParts(t *testing.T) {
	docs := map[string][]byte{}
	for i := range 8 {
		docs[strconv.Itoa(i)+".md"] = []byte("---\nid: X-" + strconv.Itoa(i) + "\n---\nBody\n")
	}
	m := NewMemo()
	for rel, src := range docs {
		parse(rel, src, nil, m)
	}
	part := func(i int) func([32]byte) bool { return func(s [32]byte) bool { return int(s[0]%2) == i } }
	var parts [][]byte
	for i := range 2 {
		b, err := m.Bytes(part(i))
		if err != nil {
			t.Fatal(err)
		}
		parts = append(parts, b)
	}
	edited := "3.md"
	docs[edited] = append(docs[edited], "More.\n"...)
	again := ReadMemo(parts...)
	for rel, src := range docs {
		parse(rel, src, nil, again)
	}
	if again.Reused() != 7 {
		t.Errorf("reused %d documents of 8 unchanged but one", again.Reused())
	}
	old, now := SourceSum(edited, docs[edited][:len(docs[edited])-6], nil), SourceSum(edited, docs[edited], nil)
	for i := range 2 {
		want := int(old[0]%2) == i || int(now[0]%2) == i
		if got := again.Changed(part(i)); got != want {
			t.Errorf("part %d changed: %v, want %v", i, got, want)
		}
	}
}
