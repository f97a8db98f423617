package query_test

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"handbook/internal/build"
	"handbook/internal/search/query"
)

// qualityCase is one entry of testdata/quality.yaml.
type qualityCase struct {
	Q       string `yaml:"q"`
	Doc     string `yaml:"doc"`
	Section string `yaml:"section"`
}

func loadQuality(t *testing.T) []qualityCase {
	t.Helper()
	b, err := os.ReadFile("testdata/quality.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var cases []qualityCase
	if err := yaml.Unmarshal(b, &cases); err != nil {
		t.Fatal(err)
	}
	if len(cases) < 25 {
		t.Fatalf("only %d queries in testdata/quality.yaml", len(cases))
	}
	return cases
}

// buildHandbook builds the repository's own handbook (without figures).
func buildHandbook(t *testing.T) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "public")
	if _, err := build.Build(context.Background(), build.Options{Site: "../../..", Out: out, NoFigures: true}); err != nil {
		t.Fatal(err)
	}
	return out
}

// found reports where the case's document (and section) is among hits.
func (c qualityCase) found(hits []query.Hit) int {
	for i, h := range hits {
		if h.ID == c.Doc && (c.Section == "" || h.Anchor == c.Section ||
			slices.ContainsFunc(h.Sections, func(s query.SectionHit) bool { return s.Anchor == c.Section })) {
			return i
		}
	}
	return -1
}

func (c qualityCase) want() string {
	if c.Section == "" {
		return c.Doc
	}
	return c.Doc + "#" + c.Section
}

func show(hits []query.Hit) string {
	var s []string
	for _, h := range hits {
		s = append(s, h.ID+"#"+h.Anchor)
	}
	return strings.Join(s, ", ")
}

// TestQuality: each query of testdata/quality.yaml finds its document
// (and section) among the first three hits, on the server and in the
// browser's static search (run in Node).
func TestQuality(t *testing.T) {
	cases := loadQuality(t)
	out := buildHandbook(t)
	ix, err := query.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	for _, c := range cases {
		res, err := ix.Search(context.Background(), query.Request{Q: c.Q, Size: 3})
		if err != nil {
			t.Errorf("%q: %v", c.Q, err)
			continue
		}
		if c.found(res.Hits) < 0 {
			t.Errorf("%q: %s is not in the first three: %s", c.Q, c.want(), show(res.Hits))
		}
		// by document: the document among the first three, the section among its best
		res, err = ix.Search(context.Background(), query.Request{Q: c.Q, Size: 3, Group: query.GroupDocument})
		if err != nil {
			t.Errorf("%q: %v", c.Q, err)
			continue
		}
		if c.found(res.Hits) < 0 {
			t.Errorf("%q by document: %s is not in the first three: %s", c.Q, c.want(), show(res.Hits))
		}
	}
	t.Run("static", func(t *testing.T) {
		node, err := exec.LookPath("node")
		if err != nil {
			t.Skip("node is not installed")
		}
		var in strings.Builder
		for _, c := range cases {
			b, _ := json.Marshal(map[string]any{"q": c.Q, "size": 3})
			in.Write(append(b, '\n'))
		}
		cmd := exec.Command(node, "testdata/static.js", "../../../static/js/search.js", filepath.Join(out, "_search", "static"))
		cmd.Stdin = strings.NewReader(in.String())
		b, err := cmd.Output()
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimSpace(string(b)), "\n")
		if len(lines) != len(cases) {
			t.Fatalf("%d answers to %d queries", len(lines), len(cases))
		}
		for i, c := range cases {
			var res struct {
				query.Response
				Error string
			}
			if err := json.Unmarshal([]byte(lines[i]), &res); err != nil || res.Error != "" {
				t.Errorf("%q: %v %s", c.Q, err, res.Error)
				continue
			}
			if c.found(res.Hits) < 0 {
				t.Errorf("%q in the browser: %s is not in the first three: %s", c.Q, c.want(), show(res.Hits))
			}
		}
	})
}
