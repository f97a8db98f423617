package browsertest

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// qualityFile is the search engineer's list of queries as staff type them,
// each with the document (and section) that must be in the first three hits.
var qualityFile = filepath.Join("..", "search", "query", "testdata", "quality.yaml")

type qualityCase struct {
	Q       string `yaml:"q"`
	Doc     string `yaml:"doc"`
	Section string `yaml:"section"`
}

type hit struct {
	ID       string   `json:"id"`
	Anchor   string   `json:"anchor"`
	Sections []string `json:"sections"` // by document: the anchors of its best sections
}

// testStaticQuality runs every query of the quality file through the static
// search in the browser (search.js over the index files, no server) and
// checks that the expected document, and section where given (among its
// best sections), is among the first three documents, as the server's test
// does for bleve.
func testStaticQuality(t *testing.T, s *suite) {
	needSearch(t, s)
	b, err := os.ReadFile(qualityFile)
	if err != nil {
		t.Fatal(err)
	}
	var cases []qualityCase
	if err := yaml.Unmarshal(b, &cases); err != nil {
		t.Fatalf("%s: %v", qualityFile, err)
	}
	if len(cases) == 0 {
		t.Fatalf("%s has no queries", qualityFile)
	}
	tb := s.open(t, s.static)
	tb.visit("")
	tb.waitFor(`typeof window.HandbookSearch === "object"`)
	for _, c := range cases {
		q, _ := json.Marshal(c.Q)
		hits := eval[[]hit](tb, fmt.Sprintf(`HandbookSearch.query(%s, {size: 3}).then(r => r.hits.map(h => ({id: h.id, anchor: h.anchor || "", sections: (h.sections || []).map(s => s.anchor)})))`, q))
		if mode := eval[string](tb, `HandbookSearch.mode()`); mode != "static" {
			t.Fatalf("search.js answered %q from %q, want the static index", c.Q, mode)
		}
		if !found(hits, c) {
			t.Errorf("static search for %q: want %s in the first 3 hits, got %s", c.Q, want(c), describe(hits))
		}
	}
	stats := eval[struct {
		Bytes int `json:"bytes"`
		Files int `json:"files"`
	}](tb, `HandbookSearch.stats()`)
	t.Logf("%d queries of %s through the static index: %d files, %d KB fetched in all", len(cases), qualityFile, stats.Files, stats.Bytes/1024)
}

func found(hits []hit, c qualityCase) bool {
	for _, h := range hits {
		if strings.EqualFold(h.ID, c.Doc) && (c.Section == "" || h.Anchor == c.Section || slices.Contains(h.Sections, c.Section)) {
			return true
		}
	}
	return false
}

func want(c qualityCase) string {
	if c.Section == "" {
		return c.Doc
	}
	return c.Doc + "#" + c.Section
}

func describe(hits []hit) string {
	var s []string
	for _, h := range hits {
		s = append(s, h.ID+"#"+h.Anchor)
	}
	return "[" + strings.Join(s, " ") + "]"
}
