package analysis

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"handbook/internal/cputime"
	"handbook/internal/search"
)

// BenchmarkDocument analyses the repository handbook's documents (their
// Markdown paragraphs as sections) as the static index does, one
// analyser on one core: the analysis step of a build without a cache.
func BenchmarkDocument(b *testing.B) {
	files, _ := filepath.Glob("../../../content/*/*.md")
	var docs []search.Document
	for _, f := range files {
		body, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		d := search.Document{ID: filepath.Base(f), Title: filepath.Base(f), Tags: []string{"incident", "change"}}
		for _, para := range strings.Split(string(body), "\n\n") {
			d.Sections = append(d.Sections, search.Section{Heading: "Section heading", Text: para})
		}
		docs = append(docs, d)
	}
	if len(docs) == 0 {
		b.Fatal("no content")
	}
	langs, err := DocLanguages(docs)
	if err != nil {
		b.Fatal(err)
	}
	as, err := NewAnalysers(1, true)
	if err != nil {
		b.Fatal(err)
	}
	a := as[0]
	cpu := cputime.Used()
	for b.Loop() {
		for i := range docs {
			a.Document(&docs[i], langs[i])
		}
	}
	// CPU time holds when other processes share the cores; wall time not.
	b.ReportMetric(float64((cputime.Used()-cpu).Microseconds())/1000/float64(b.N), "cpu-ms/op")
}
