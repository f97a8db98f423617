package register

import (
	"flag"
	"strings"
	"testing"

	"handbook/internal/register/xlsxtest"
	"handbook/internal/site"
	"handbook/internal/sitetest"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/ from the current output")

// awkwardDocs are xlsxDocs and documents whose text a workbook writer may
// get wrong: text that reads as a formula, XML's special characters,
// control characters, spaces at the ends, line breaks, characters outside
// the Basic Multilingual Plane, excelize's own _xHHHH_ escapes, a title
// longer than a cell holds, many revisions and clauses.
func awkwardDocs() []*site.Document {
	docs := xlsxDocs()
	formula := doc("SMS-REC-001", "approved", "4.1", "4.2", "4.3", "4.4", "5.1", "6.1", "8.1", "8.2", "8.3", "9.1", "10.1")
	formula.Meta.Title = `=HYPERLINK("http://evil.example/","click")`
	formula.Meta.Owner, formula.Meta.Approver = "+44 20 7946 0000", "@SUM(A1:A9)"
	formula.Meta.Version = "-1"
	formula.Meta.Approved, formula.Meta.Review = day("2024-02-29"), day("2025-02-28")
	formula.Meta.History = []site.Revision{
		{Version: "0.1", Date: day("2023-12-31"), Author: "=1+1", Summary: "\tindented with a tab"},
		{Version: "1.0", Date: day("2024-02-29"), Author: "Quality <qa@example.com>", Summary: `Fixed "quotes" & 'apostrophes' <tags>`},
	}
	odd := doc("SMS-WI-007", "in-review", "8.7.1")
	odd.Meta.Title = "  spaces at both ends  "
	odd.Meta.Type = "work-instruction"
	odd.Meta.Owner = "Zoë Ødegård – Service Desk 🚀"
	odd.Meta.Approver = "_x0041_ literal, not an escape"
	odd.Meta.Classification = "confidential\x01\x1f"
	odd.Meta.History = []site.Revision{{Version: "0.9", Author: "a", Summary: "line one\nline two\r\nline three"}}
	long := doc("SMS-PLAN-002", "approved", "6.2")
	long.Meta.Title = strings.Repeat("ab€", 12000) // 36,000 characters: clipped to a cell's 32,767
	long.Meta.Review = day("2027-01-01")
	return append(docs, formula, odd, long)
}

// TestLogXLSXContent pins every cell of the workbook of awkwardDocs (its
// kind, stored and shown value, style), and each sheet's panes, filter,
// widths and conditional format, in testdata/log_xlsx.golden: the
// workbook's writer may change how it stores them, not what they are.
func TestLogXLSXContent(t *testing.T) {
	w, b := makeBook(t, awkwardDocs(), "Example & Sons <Ltd>", "https://example.com/")
	dump, err := xlsxtest.Dump(b)
	if err != nil {
		t.Fatal(err)
	}
	sitetest.Golden(t, "testdata/log_xlsx.golden", []byte(dump), *update)
	again, err := LogXLSX(w)
	if err != nil {
		t.Fatal(err)
	}
	if string(again) != string(b) {
		t.Error("two workbooks of the same awkward input differ")
	}
}
