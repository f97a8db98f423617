// Package register derives the handbook's control records from the
// documents' front matter: the Service Management System Documentation Log
// (as rows, CSV and JSON), clause coverage, the reviews due, and the Atom
// feed of revisions. It works on the documents it is given, so that an
// audience build lists only the documents that build includes.
package register

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"strings"

	"handbook/internal/site"
)

// Row is one document in the Documentation Log.
type Row struct {
	ID             string   `json:"id"`
	Title          string   `json:"title"`
	Type           string   `json:"type"`
	Version        string   `json:"version"`
	Status         string   `json:"status"`
	Owner          string   `json:"owner"`
	Approver       string   `json:"approver"`
	Approved       string   `json:"approved"`
	NextReview     string   `json:"next_review"`
	Classification string   `json:"classification"`
	Clauses        []string `json:"clauses"`
	URL            string   `json:"url"`
	// LastChange is the summary of the latest history entry.
	LastChange string `json:"last_change"`
	// Acknowledge: readers are asked to acknowledge each version (JSON
	// only, and only when true: `serve` reads it from log.json).
	Acknowledge bool `json:"acknowledge,omitempty"`
}

// Columns are the log's column names, as in the CSV header and JSON keys.
var Columns = []string{
	"id", "title", "type", "version", "status", "owner", "approver", "approved",
	"next_review", "classification", "clauses", "url", "last_change",
}

// Rows makes the log's rows in the order of docs; url gives each
// document's address.
func Rows(docs []*site.Document, url func(*site.Document) string) []Row {
	rows := make([]Row, len(docs))
	for i, d := range docs {
		m := d.Meta
		clauses := m.Clauses
		if clauses == nil {
			clauses = []string{}
		}
		rows[i] = Row{
			ID: m.ID, Title: m.Title, Type: m.Type, Version: m.Version, Status: m.Status,
			Owner: m.Owner, Approver: m.Approver, Approved: m.Approved.String(), NextReview: m.Review.String(),
			Classification: m.Classification, Clauses: clauses, URL: url(d), LastChange: lastChange(m),
		}
	}
	return rows
}

// Fields returns the row's values in the order of Columns, the clauses
// joined by spaces.
func (r Row) Fields() []string {
	return []string{
		r.ID, r.Title, r.Type, r.Version, r.Status, r.Owner, r.Approver, r.Approved,
		r.NextReview, r.Classification, strings.Join(r.Clauses, " "), r.URL, r.LastChange,
	}
}

// lastChange is the summary of the document's latest history entry (the
// last one written: history runs oldest first), or "".
func lastChange(m site.Meta) string {
	if len(m.History) == 0 {
		return ""
	}
	return m.History[len(m.History)-1].Summary
}

// bom is the UTF-8 byte order mark. Excel reads a CSV file as UTF-8 only
// when it starts with one; without it, "é" or "–" in a title come out
// garbled. Readers that decode UTF-8 with a BOM (Excel, Python's
// "utf-8-sig", .NET) drop it.
const bom = "\uFEFF"

// CSV writes the log as RFC 4180 CSV: UTF-8 with a byte order mark, a
// header row, CRLF line ends, fields quoted where needed.
func CSV(rows []Row) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(bom)
	w := csv.NewWriter(&b)
	w.UseCRLF = true
	if err := w.Write(Columns); err != nil {
		return nil, err
	}
	for _, r := range rows {
		fields := r.Fields()
		for i, f := range fields {
			fields[i] = Inert(f)
		}
		if err := w.Write(fields); err != nil {
			return nil, err
		}
	}
	w.Flush()
	return b.Bytes(), w.Error()
}

// FormulaStarts are the first characters that make a spreadsheet read a
// CSV cell as a formula (=HYPERLINK(...), =cmd|...).
const FormulaStarts = "=+-@\t\r"

// Inert makes a cell a spreadsheet shows as text, never runs: a cell that
// begins with one of FormulaStarts gets a leading apostrophe, as OWASP's
// advice on CSV injection says. JSON keeps the text exactly; the CSV is
// for spreadsheets.
func Inert(cell string) string {
	if cell != "" && strings.ContainsRune(FormulaStarts, rune(cell[0])) {
		return "'" + cell
	}
	return cell
}

// JSON writes the log as a JSON array of rows, not indented: the file is
// for programs (serve reads it), and indentation was a fifth of its bytes.
func JSON(rows []Row) ([]byte, error) {
	if rows == nil {
		rows = []Row{}
	}
	b, err := json.Marshal(rows)
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}
