package register

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"handbook/internal/site"
)

// xlsxDocs are three documents: one approved and overdue (review in
// 2020), one approved and not due (review in 2099), one retired whose
// review date has passed (never overdue), and one draft with no dates.
func xlsxDocs() []*site.Document {
	pol := doc("SMS-POL-001", "approved", "5.2")
	pol.Meta.Title = "Service Management Policy"
	pol.Meta.Approver, pol.Meta.Approved, pol.Meta.Review = "CEO", day("2019-01-20"), day("2020-01-20")
	pol.Meta.History = []site.Revision{
		{Version: "1.0", Date: day("2019-01-20"), Author: "Service Manager", Summary: "First issue"},
		{Version: "1.1", Date: day("2019-06-01"), Author: "Service Manager", Summary: "Scope widened"},
	}
	proc := doc("SMS-PROC-004", "approved", "8.6.1")
	proc.Meta.Version = "1.10" // text, never the number 1.1
	proc.Meta.Approver, proc.Meta.Approved, proc.Meta.Review = "CIO", day("2026-05-12"), day("2099-05-12")
	old := doc("SMS-PROC-009", "retired", "8.6")
	old.Meta.Approved, old.Meta.Review = day("2018-01-01"), day("2019-01-01")
	draft := doc("SMS-TPL-001", "draft")
	return []*site.Document{pol, proc, old, draft}
}

func xlsxBook(t *testing.T) (Workbook, []byte) {
	t.Helper()
	return makeBook(t, xlsxDocs(), "Example Ltd", "/")
}

// makeBook writes the workbook of docs, dated 2026-06-01, its documents'
// addresses under base.
func makeBook(t *testing.T, docs []*site.Document, organisation, base string) (Workbook, []byte) {
	t.Helper()
	w := Workbook{Title: "Documentation Log", Organisation: organisation,
		Date: time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC), Docs: docs,
		Rows: Rows(docs, func(d *site.Document) string { return base + d.URLPath() })}
	b, err := LogXLSX(w)
	if err != nil {
		t.Fatal(err)
	}
	return w, b
}

func openXLSX(t *testing.T, b []byte) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("the workbook does not open: %v", err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// TestLogXLSXIsDeterministic: the same input gives the same bytes, and
// the document properties carry the build's date, not the clock's. The
// sheets are streamed, and excelize saves streamed sheets in map order
// (orderedZip puts them in order): five workbooks leave a disorder
// little chance to go unseen.
func TestLogXLSXIsDeterministic(t *testing.T) {
	w, a := xlsxBook(t)
	for range 4 {
		b, err := LogXLSX(w)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a, b) {
			t.Fatal("two workbooks of the same input differ")
		}
	}
	props, err := openXLSX(t, a).GetDocProps()
	if err != nil {
		t.Fatal(err)
	}
	if props.Created != "2026-06-01T00:00:00Z" || props.Modified != props.Created || props.Creator != "Example Ltd" {
		t.Errorf("document properties %+v; want created and modified 2026-06-01, creator Example Ltd", props)
	}
}

// TestLogXLSXReadsBack reads the log sheet as a spreadsheet program does.
func TestLogXLSXReadsBack(t *testing.T) {
	w, b := xlsxBook(t)
	f := openXLSX(t, b)
	if got := f.GetSheetList(); strings.Join(got, "|") != LogSheet+"|"+CoverageSheet+"|"+HistorySheet {
		t.Errorf("sheets %q", got)
	}
	rows, err := f.GetRows(LogSheet)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1+len(w.Docs) {
		t.Fatalf("%d rows, want a header and %d documents", len(rows), len(w.Docs))
	}
	if strings.Join(rows[0], "|") != strings.Join(LogHeader, "|") {
		t.Errorf("header %q", rows[0])
	}
	for i, d := range w.Docs {
		if rows[i+1][0] != d.Meta.ID || rows[i+1][3] != d.Meta.Version {
			t.Errorf("row %d starts %q, version %q; want %s, %s", i+2, rows[i+1][0], rows[i+1][3], d.Meta.ID, d.Meta.Version)
		}
	}

	tests := []struct {
		cell, shown string
		date        bool
	}{
		{"H2", "2019-01-20", true},
		{"I3", "2099-05-12", true},
		{"D3", "1.10", false},
		{"A2", "SMS-POL-001", false},
	}
	for _, tt := range tests {
		shown, _ := f.GetCellValue(LogSheet, tt.cell)
		raw, _ := f.GetCellValue(LogSheet, tt.cell, excelize.Options{RawCellValue: true})
		typ, _ := f.GetCellType(LogSheet, tt.cell)
		_, numErr := strconv.ParseFloat(raw, 64)
		isDate := typ == excelize.CellTypeUnset && numErr == nil
		if shown != tt.shown || isDate != tt.date {
			t.Errorf("%s shows %q (raw %q, type %v); want %q, a date: %v", tt.cell, shown, raw, typ, tt.shown, tt.date)
		}
	}
	if v, _ := f.GetCellValue(LogSheet, "H5"); v != "" {
		t.Errorf("the draft's approval date is %q, want an empty cell", v)
	}

	panes, err := f.GetPanes(LogSheet)
	if err != nil || !panes.Freeze || panes.YSplit != 1 {
		t.Errorf("panes %+v (%v); want the header row frozen", panes, err)
	}
	if !hasFilter(f, LogSheet) {
		t.Error("the log sheet has no filter")
	}
	if width, _ := f.GetColWidth(LogSheet, "B"); width < float64(len("Service Management Policy")) {
		t.Errorf("the title column is %.1f wide, narrower than the longest title", width)
	}
}

func hasFilter(f *excelize.File, sheet string) bool {
	for _, n := range f.GetDefinedName() {
		if n.Name == "_xlnm._FilterDatabase" && strings.Contains(n.RefersTo, sheet) {
			return true
		}
	}
	return false
}

// TestLogXLSXFlagsOverdue evaluates the conditional format's rule on each
// row as the spreadsheet does: only the approved document whose review is
// past is highlighted; the retired one and those without a date are not.
func TestLogXLSXFlagsOverdue(t *testing.T) {
	_, b := xlsxBook(t)
	f := openXLSX(t, b)
	formats, err := f.GetConditionalFormats(LogSheet)
	if err != nil {
		t.Fatal(err)
	}
	rules := formats["A2:L5"]
	if len(rules) != 1 || rules[0].Type != "formula" || rules[0].Criteria != OverdueRule {
		t.Fatalf("conditional formats %+v; want the overdue rule on A2:L5", formats)
	}
	rowRef := regexp.MustCompile(`(\$[A-Z])2\b`)
	want := map[int]bool{2: true, 3: false, 4: false, 5: false}
	for row, overdue := range want {
		cell := "Z" + strconv.Itoa(row)
		if err := f.SetCellFormula(LogSheet, cell, rowRef.ReplaceAllString(OverdueRule, "${1}"+strconv.Itoa(row))); err != nil {
			t.Fatal(err)
		}
		got, err := f.CalcCellValue(LogSheet, cell)
		if err != nil {
			t.Fatal(err)
		}
		if got != strings.ToUpper(strconv.FormatBool(overdue)) {
			t.Errorf("row %d: the rule gives %s, want overdue %v", row, got, overdue)
		}
	}
}

// TestCoverageAndHistorySheets checks the matrix's marks and the history's rows.
func TestCoverageAndHistorySheets(t *testing.T) {
	_, b := xlsxBook(t)
	f := openXLSX(t, b)
	rows, err := f.GetRows(CoverageSheet)
	if err != nil {
		t.Fatal(err)
	}
	header := strings.Join(rows[0], "|")
	if header != "Clause|Title|Coverage|Documents|SMS-POL-001|SMS-PROC-004|SMS-PROC-009|SMS-TPL-001" {
		t.Errorf("matrix header %q", header)
	}
	byClause := map[string][]string{}
	for _, r := range rows[1:] {
		byClause[r[0]] = append(r, make([]string, 8)...)[:8]
	}
	tests := []struct {
		clause, state, count, pol, proc string
	}{
		{"5.2", Covered, "1", MarkDirect, ""},
		{"8.6.1", Covered, "1", "", MarkDirect},
		{"8.6", Covered, "1", "", MarkSub}, // the retired document addresses nothing
		{"4.1", Gap, "0", "", ""},
	}
	for _, tt := range tests {
		r := byClause[tt.clause]
		if r == nil {
			t.Errorf("no row for clause %s", tt.clause)
			continue
		}
		if r[2] != tt.state || r[3] != tt.count || r[4] != tt.pol || r[5] != tt.proc || r[6] != "" {
			t.Errorf("clause %s: %q; want %s, %s documents, marks %q %q", tt.clause, r, tt.state, tt.count, tt.pol, tt.proc)
		}
	}
	hist, err := f.GetRows(HistorySheet)
	if err != nil {
		t.Fatal(err)
	}
	if len(hist) != 3 || hist[2][2] != "1.1" || hist[2][3] != "2019-06-01" || hist[2][5] != "Scope widened" {
		t.Errorf("history %q; want a header and the policy's two revisions", hist)
	}
	if !hasFilter(f, HistorySheet) {
		t.Error("the history sheet has no filter")
	}
}

// TestLogXLSXLibreOffice converts the workbook to CSV with LibreOffice,
// which refuses (or repairs) a workbook it finds broken, and compares the
// log sheet with log.csv's values. It needs soffice, which is large and
// not installed by .ci/run: without it the test is skipped.
func TestLogXLSXLibreOffice(t *testing.T) {
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Skip("skipped: LibreOffice (soffice) is not installed; the workbook is read back with excelize instead")
	}
	w, b := xlsxBook(t)
	dir := t.TempDir()
	in := filepath.Join(dir, "log.xlsx")
	if err := os.WriteFile(in, b, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(soffice, "--headless", "-env:UserInstallation=file://"+filepath.Join(dir, "profile"),
		"--convert-to", "csv", "--outdir", dir, in)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	got, err := os.ReadFile(filepath.Join(dir, "log.csv"))
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range w.Rows {
		if !bytes.Contains(got, []byte(r.ID)) || (r.NextReview != "" && !bytes.Contains(got, []byte(r.NextReview))) {
			t.Errorf("LibreOffice's CSV lacks %s or its review date %s:\n%s", r.ID, r.NextReview, got)
		}
	}
}
