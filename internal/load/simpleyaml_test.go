package load

import (
	"bytes"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// viaYAML decodes front matter with yaml.v3 alone.
func viaYAML(data []byte) (node, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return node{}, err
	}
	if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return node{}, os.ErrInvalid
	}
	return fromYAML(doc.Content[0])
}

// TestSimpleYAMLAgainstYAML checks that wherever decodeSimpleYAML decodes
// front matter, yaml.v3 decodes it without error to the same fields,
// values and lines: on random front matter made of well-formed and
// tricky pieces, and on the front matter of the repository's handbook.
func TestSimpleYAMLAgainstYAML(t *testing.T) {
	keys := []string{"id", "title", "version", "clauses", "history", "tags", "x_y", "a-b", "id"}
	values := []string{"SMS-PROC-001", "Service Manager", `"2.0"`, "2.10", "2026-07-03", `"E. Rossi"`, `["8.1", "8.2"]`,
		"[a, b c , d]", "[]", "[a,]", "[a, [b]]", `""`, `"a: b # c"`, `"a\"b"`, `"a\nb"`, "Zoë's Register", "a: b", "a #b",
		"- x", "&a x", "*a", "!tag x", "~", "null", "yes", "x   ", "\"x\"  ", "'single'", "x\t", "x\u00a0", "|", ">", "[a, b] # c",
		"{a: b}", "%x", "@x", "`x`", "?x", "é", "x\ufeff", "[\"a\",\"b\"]", "0x1F", "-5"}
	history := []string{"  - version: \"1.0\"\n    date: 2025-04-10\n", "  - x\n", "  - \"y\"\n", "  - {a: b}\n", "  - a: b\n      c: d\n",
		"  - a: b\n  c: d\n", "  - a: b\n\n    c: d\n", "  -\n", "- a\n", "  - a: b\n    a: c\n", "  - a: [x, y]\n", "  - a:\n", "   - a\n"}
	rng := rand.New(rand.NewPCG(7, 8))
	simple := 0
	for range 30000 {
		var b strings.Builder
		for range 1 + rng.IntN(6) {
			switch rng.IntN(10) {
			case 0:
				b.WriteString(keys[rng.IntN(len(keys))] + ":\n")
				for range 1 + rng.IntN(3) {
					b.WriteString(history[rng.IntN(len(history))])
				}
			case 1:
				b.WriteString([]string{"\n", "# c\n", "  x\n", "key :x\n", "k:x\n", "k: \n", "k:\n", "---\n"}[rng.IntN(8)])
			default:
				b.WriteString(keys[rng.IntN(len(keys))] + ": " + values[rng.IntN(len(values))] + "\n")
			}
		}
		simple += compareYAML(t, []byte(b.String()))
	}
	if simple < 1000 {
		t.Errorf("only %d of the random front matters decoded by decodeSimpleYAML", simple)
	}
	files, _ := filepath.Glob("../../content/*/*.md")
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if _, fm, ok := bytes.Cut(src, []byte("---\n")); ok {
			if fm, _, ok := bytes.Cut(fm, []byte("\n---")); ok {
				compareYAML(t, append(fm, '\n'))
			}
		}
	}
}

// compareYAML fails t where decodeSimpleYAML decodes data otherwise than
// yaml.v3; it returns 1 where it decodes it at all.
func compareYAML(t *testing.T, data []byte) int {
	t.Helper()
	got, ok := decodeSimpleYAML(data)
	if !ok {
		return 0
	}
	want, err := viaYAML(data)
	if err != nil {
		t.Fatalf("decodeSimpleYAML decoded what yaml.v3 rejects (%v):\n%s", err, data)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("decodeSimpleYAML differs from yaml.v3 on\n%s\n got %+v\nwant %+v", data, got, want)
	}
	return 1
}

// FuzzSimpleYAML: wherever decodeSimpleYAML decodes bytes, yaml.v3
// decodes them the same (go test -fuzz=FuzzSimpleYAML explores).
func FuzzSimpleYAML(f *testing.F) {
	for _, s := range []string{
		"id: SMS-PROC-001\ntitle: \"T: x\"\nclauses: [\"8.1\", 8.2]\n",
		"history:\n  - version: \"1.0\"\n    date: 2025-04-10\n  - x\ntags: [a, b c]\n",
		"a: b\n\nc: d e\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) { compareYAML(t, data) })
}
