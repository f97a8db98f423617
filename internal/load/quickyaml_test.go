package load

import (
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"handbook/internal/benchcorpus"
	"handbook/internal/diag"
)

// slowYAML is decodeYAML without its quick path: yaml.v3's tree.
func slowYAML(data []byte) (node, bool) {
	var doc yaml.Node
	if yaml.Unmarshal(data, &doc) != nil || len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return node{}, false
	}
	n, err := fromYAML(doc.Content[0])
	return n, err == nil
}

// TestQuickYAML checks that quickYAML, where it decodes, makes the node
// yaml.v3 makes (values, lines, key order), on front matter like the
// handbook's and random lines of keys, values, sequences, comments,
// indents and odd characters; and that it decodes the usual shapes.
func TestQuickYAML(t *testing.T) {
	usual := `id: SMS-PLN-385
title: "Nonconformity and Corrective Action Plan: IT"
version: "1.1"
approved: 2026-10-18
clauses: ["8.6.2", "10.1"]
related: [SMS-REG-489, SMS-PRC-802]

history:
  - version: "1.0"
    date: 2025-10-09
    summary: "First issue"
  - version: "1.1"
    author: "G. Haddad"
tags: [nonconformity, plan]
aliases:
  - old-name
  - "Old Name"
empty: []
owner: Service Manager, IT (Ops)
`
	if got, ok := quickYAML([]byte(usual)); !ok {
		t.Fatal("the usual front matter is not decoded quickly")
	} else if want, _ := slowYAML([]byte(usual)); !reflect.DeepEqual(got, want) {
		t.Fatalf("usual:\n got %+v\nwant %+v", got, want)
	}
	lines := []string{
		"id: A-1", "id: B", "title: \"T: x\"", "title: Plain title", "k:", "k: ", "k:v", "k : v", "k: [a, b]", "k: []",
		"k: [a, \"b, c\"]", "k: [a,]", "k: [a b,  c ]", "k: \"\"", "k: \"a\\\"b\"", "k: 'a'", "k: a # c", "# c", "k: -1",
		"k: a, b", "k: ~", "k: null", "k: yes", "k: \"é\"", "k: é", "\tk: v", "  - a", "  - \"b\"", "  - k: v", "  - k:",
		"    k: v", "    j: [x]", "   k: v", "  k: v", "- a", "  -", "  - ", "", "  ", "k: a:b", "k: {a: b}", "k: &x a", "k: *x",
		"k: (a) b/c+d.e_f-g", "_k: v", "-k: v", "2026: v", "k: [a]]", "k: \"a", "k: a\"", "...", "---", "k: |", "  text",
	}
	rng := rand.New(rand.NewPCG(9, 10))
	quick := 0
	for n := range 30000 {
		var b strings.Builder
		for range 1 + rng.IntN(8) {
			b.WriteString(lines[rng.IntN(len(lines))])
			b.WriteString("\n")
		}
		data := []byte(b.String())
		got, ok := quickYAML(data)
		if !ok {
			continue
		}
		quick++
		want, wok := slowYAML(data)
		if !wok || !reflect.DeepEqual(got, want) {
			t.Fatalf("text %d %q:\n got %+v\nwant %+v (ok %v)", n, data, got, want, wok)
		}
	}
	if quick < 1000 {
		t.Errorf("only %d texts decoded quickly: the test tries too few", quick)
	}
}

// TestQuickYAMLCorpus compares quickYAML with yaml.v3 on the front matter
// of every document of the benchmark corpus (skipped without its
// generator) and of the repository's handbook; most must decode quickly
// (the handbook's history entries are flow mappings, left to yaml.v3).
func TestQuickYAMLCorpus(t *testing.T) {
	var files []string
	for _, dir := range []string{filepath.Join(benchcorpus.Site(t), "content"), "../../content"} {
		_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err == nil && strings.HasSuffix(p, ".md") {
				files = append(files, p)
			}
			return nil
		})
	}
	quick, yamls := 0, 0
	for _, p := range files {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		r, _, ok := splitFront(diag.NormalizeNewlines(data))
		if !ok || r.format != "yaml" {
			continue
		}
		yamls++
		got, ok := quickYAML(r.data)
		if !ok {
			continue
		}
		quick++
		if want, wok := slowYAML(r.data); !wok || !reflect.DeepEqual(got, want) {
			t.Fatalf("%s:\n got %+v\nwant %+v (ok %v)", p, got, want, wok)
		}
	}
	t.Logf("%d of %d YAML front matters decoded quickly", quick, yamls)
	if quick < yamls*9/10 {
		t.Errorf("only %d of %d YAML front matters decoded quickly", quick, yamls)
	}
}
