package register

import (
	"fmt"
	"testing"
	"time"

	"handbook/internal/site"
)

// BenchmarkLogXLSX writes the workbook of 3,000 documents: the coverage
// sheet has a column per document, where excelize has quadratic corners.
func BenchmarkLogXLSX(b *testing.B) {
	var docs []*site.Document
	for i := range 3000 {
		d := &site.Document{Path: fmt.Sprintf("content/d%d.md", i)}
		d.Meta.ID = fmt.Sprintf("SMS-PROC-%04d", i)
		d.Meta.Title = fmt.Sprintf("Procedure %d", i)
		d.Meta.Type = "procedure"
		d.Meta.Status = "approved"
		d.Meta.Version = "1.0"
		d.Meta.Clauses = []string{"8.1", "8.6.1"}
		d.Meta.Approved = site.Date{Time: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
		d.Meta.History = []site.Revision{{Version: "1.0", Date: d.Meta.Approved, Author: "x", Summary: "y"}}
		docs = append(docs, d)
	}
	w := Workbook{Title: "t", Date: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), Docs: docs, Rows: Rows(docs, func(d *site.Document) string { return "/x/" })}
	for b.Loop() {
		if _, err := LogXLSX(w); err != nil {
			b.Fatal(err)
		}
	}
}
