package register

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"github.com/klauspost/compress/flate"
	"hash"
	"hash/crc32"
	"io"
	"io/fs"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"handbook/internal/site"
)

// Sheet names of the workbooks.
const (
	LogSheet      = "Documentation Log"
	CoverageSheet = "Clause coverage"
	HistorySheet  = "Revision history"
)

// LogHeader is the header row of the log sheet: the columns of /log/ (and
// of log.csv, in the same order), as the HTML log names them.
var LogHeader = []string{
	"Document number", "Title", "Type", "Version", "Status", "Owner", "Approver", "Approved",
	"Next review", "Classification", "Clauses", "URL",
}

// Columns of the log sheet that the overdue rule reads (letters as in
// LogHeader): status and next review.
const (
	statusCol = "E"
	reviewCol = "I"
)

// OverdueRule is the formula of the log sheet's conditional format that
// highlights a row, written for row 2: a review date before today on a
// document that is not retired, as /log/ marks it. TODAY() makes the
// workbook flag reviews as they fall due after it was built, while its
// bytes stay the same for the same input.
const OverdueRule = `AND(ISNUMBER($` + reviewCol + `2),$` + reviewCol + `2<TODAY(),$` + statusCol + `2<>"retired")`

// Excel's limits: columns in a sheet, characters in a cell.
const (
	maxColumns   = 16384
	maxCellChars = 32767
	maxWidth     = 60 // the widest a fitted column gets, in characters
)

// Workbook is what the XLSX files are made from.
type Workbook struct {
	// Title and Organisation become the document properties.
	Title, Organisation string
	// Date is the workbook's created and modified time: the build's date,
	// so that the same input gives the same bytes.
	Date time.Time
	// Docs are the documents in log order, and Rows their log rows
	// (Rows(Docs, url)).
	Docs []*site.Document
	Rows []Row
}

// LogXLSX writes the Documentation Log as an Excel workbook: the log (one
// row per document, typed cells, frozen header, filters, fitted widths,
// overdue reviews highlighted), the clause-coverage matrix, and the
// revision history. The same Workbook gives the same bytes.
func LogXLSX(w Workbook) ([]byte, error) {
	return writeBook(w, []sheetWriter{
		{LogSheet, logTable},
		{CoverageSheet, coverageTable},
		{HistorySheet, historyTable},
	})
}

// CoverageXLSX writes the clause-coverage matrix alone as a workbook.
func CoverageXLSX(w Workbook) ([]byte, error) {
	return writeBook(w, []sheetWriter{{CoverageSheet, coverageTable}})
}

// sheetWriter makes one sheet's table.
type sheetWriter struct {
	name  string
	table func(Workbook) table
}

// table is one sheet: a header row and rows of string, time.Time (a date)
// or nil (an empty cell) values.
type table struct {
	header []string
	rows   [][]any
	// frozenCols are the leading columns kept in view, beside the header row.
	frozenCols int
	// overdue highlights rows by OverdueRule.
	overdue bool
	// uniformFrom, when above zero, gives every column from that index on
	// one width, the widest of them: the coverage matrix's column per
	// document, which would otherwise be thousands of SetColWidth calls.
	uniformFrom int
}

func writeBook(w Workbook, sheets []sheetWriter) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	f.SetZipWriter(newSortedZip)
	st, err := newStyles(f)
	if err != nil {
		return nil, err
	}
	// Every sheet exists, and the first is active, before any is written:
	// excelize reads a streamed sheet back whole to change it afterwards.
	for i, s := range sheets {
		if i == 0 {
			err = f.SetSheetName("Sheet1", s.name)
		} else {
			_, err = f.NewSheet(s.name)
		}
		if err != nil {
			return nil, fmt.Errorf("sheet %q: %w", s.name, err)
		}
	}
	f.SetActiveSheet(0)
	for _, s := range sheets {
		if err := writeTable(f, s.name, s.table(w), st); err != nil {
			return nil, fmt.Errorf("sheet %q: %w", s.name, err)
		}
	}
	date := w.Date.UTC().Format(time.RFC3339)
	err = f.SetDocProps(&excelize.DocProperties{
		Title: w.Title, Creator: w.Organisation, LastModifiedBy: w.Organisation,
		Created: date, Modified: date, Language: "en",
	})
	if err != nil {
		return nil, err
	}
	b, err := f.WriteToBuffer()
	if err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// styles are the cell styles the sheets share.
type styles struct {
	header, date, overdue int
}

func newStyles(f *excelize.File) (styles, error) {
	var s styles
	var errs [3]error
	s.header, errs[0] = f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"#E7EEF7"}},
		Alignment: &excelize.Alignment{Vertical: "top"},
	})
	layout := "yyyy-mm-dd"
	s.date, errs[1] = f.NewStyle(&excelize.Style{CustomNumFmt: &layout})
	s.overdue, errs[2] = f.NewConditionalStyle(&excelize.Style{
		Font: &excelize.Font{Color: "#842029", Bold: true},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"#F8D7DA"}},
	})
	for _, err := range errs {
		if err != nil {
			return s, err
		}
	}
	return s, nil
}

// writeTable fills a sheet: the header, the rows, dates as dates, the
// header row (and frozenCols columns) frozen, filters on every column,
// widths fitted to the text, and the overdue rule when asked.
//
// The rows go through excelize's stream writer, which writes each row's
// XML at once instead of building the sheet's cells in memory (10,000
// documents: a third of the time and of the allocations). It keeps what
// the sheet had when it was made, so the filter and the rule, which
// refer to the rows by their range only, are set on the empty sheet first.
func writeTable(f *excelize.File, sheet string, t table, st styles) error {
	if len(t.header) > maxColumns {
		return fmt.Errorf("%d columns, more than a sheet holds (%d)", len(t.header), maxColumns)
	}
	last, err := excelize.CoordinatesToCellName(len(t.header), len(t.rows)+1)
	if err != nil {
		return err
	}
	widths := fitWidths(t)
	if n := t.uniformFrom; n > 0 && n < len(widths) {
		// The columns from uniformFrom on (one per document) take the
		// sheet's default width rather than one <col> each: the stream
		// writer keeps a column's width in a list it searches for every
		// cell it writes, which made the coverage matrix quadratic in the
		// documents (10,000 columns × 40,000 marks).
		err := f.SetSheetProps(sheet, &excelize.SheetPropsOptions{DefaultColWidth: &widths[n]})
		if err != nil {
			return err
		}
		widths = widths[:n]
	}
	if err := f.AutoFilter(sheet, "A1:"+last, nil); err != nil {
		return err
	}
	if t.overdue && len(t.rows) > 0 {
		err := f.SetConditionalFormat(sheet, "A2:"+last, []excelize.ConditionalFormatOptions{
			{Type: "formula", Criteria: OverdueRule, Format: &st.overdue},
		})
		if err != nil {
			return err
		}
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	topLeft, _ := excelize.CoordinatesToCellName(t.frozenCols+1, 2)
	pane := "bottomLeft"
	if t.frozenCols > 0 {
		pane = "bottomRight"
	}
	err = sw.SetPanes(&excelize.Panes{Freeze: true, XSplit: t.frozenCols, YSplit: 1, TopLeftCell: topLeft, ActivePane: pane})
	if err != nil {
		return err
	}
	if err := setWidths(sw, widths); err != nil {
		return err
	}
	header := make([]any, len(t.header))
	for i, h := range t.header {
		header[i] = excelize.Cell{StyleID: st.header, Value: clip(h)}
	}
	if err := sw.SetRow("A1", header); err != nil {
		return err
	}
	row := make([]any, len(t.header))
	for i, r := range t.rows {
		clear(row)
		for c, v := range r {
			row[c] = cellOf(v, st)
		}
		if err := sw.SetRow("A"+strconv.Itoa(i+2), row[:len(r)]); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// cellOf is a table value as the stream writer takes it: a date with the
// date style, text clipped to what a cell holds. Text that fits is v
// itself, not a copy of it in a new interface value (a few hundred
// thousand cells per build at 10,000 documents).
func cellOf(v any, st styles) any {
	switch x := v.(type) {
	case time.Time:
		return excelize.Cell{StyleID: st.date, Value: x}
	case string:
		if c := clip(x); c != x {
			return c
		}
	}
	return v
}

// clip shortens text to what a cell holds.
func clip(s string) string {
	if utf8.RuneCountInString(s) <= maxCellChars {
		return s
	}
	return string([]rune(s)[:maxCellChars-1]) + "…"
}

// fitWidths returns each column's width: as wide as its longest line
// (dates are ten characters) and a little more, with room for the filter
// button in the header, within maxWidth; the columns from uniformFrom on
// all as wide as the widest of them.
func fitWidths(t table) []float64 {
	widths := make([]int, len(t.header))
	measure := func(i int, v any) {
		n := 0
		switch v := v.(type) {
		case time.Time:
			n = len(site.DateLayout)
		case string:
			for line := range strings.SplitSeq(v, "\n") {
				n = max(n, utf8.RuneCountInString(line))
			}
		}
		widths[i] = max(widths[i], n)
	}
	for i, h := range t.header {
		measure(i, h)
		widths[i] += 3 // the filter button
	}
	for _, r := range t.rows {
		for i, v := range r {
			measure(i, v)
		}
	}
	if t.uniformFrom > 0 && t.uniformFrom < len(widths) {
		widest := slices.Max(widths[t.uniformFrom:])
		for i := t.uniformFrom; i < len(widths); i++ {
			widths[i] = widest
		}
	}
	out := make([]float64, len(widths))
	for i, w := range widths {
		out[i] = float64(min(w+2, maxWidth))
	}
	return out
}

// setWidths gives the columns from A on their widths, one call per run
// of equal widths.
func setWidths(sw *excelize.StreamWriter, widths []float64) error {
	for start := 0; start < len(widths); {
		end := start + 1
		for end < len(widths) && widths[end] == widths[start] {
			end++
		}
		if err := sw.SetColWidth(start+1, end, widths[start]); err != nil {
			return err
		}
		start = end
	}
	return nil
}

// date is a front-matter date as a cell value: a time, or nil when absent.
func date(d site.Date) any {
	if d.IsZero() {
		return nil
	}
	return site.Day(d.Time)
}

func logTable(w Workbook) table {
	t := table{header: LogHeader, frozenCols: 1, overdue: true}
	for i, r := range w.Rows {
		m := w.Docs[i].Meta
		t.rows = append(t.rows, []any{
			r.ID, r.Title, r.Type, r.Version, r.Status, r.Owner, r.Approver, date(m.Approved),
			date(m.Review), r.Classification, strings.Join(r.Clauses, " "), r.URL,
		})
	}
	return t
}

// Marks of the coverage matrix: the document lists the clause itself, or
// only one of its subclauses.
const (
	MarkDirect = "●"
	MarkSub    = "○"
)

// coverageTable is the clause-coverage matrix: one row per clause of the
// standard, its state and how many documents address it, then one column
// per document (while the sheet has columns for them; the count stays
// complete).
func coverageTable(w Workbook) table {
	const fixed = 4
	docs := w.Docs[:min(len(w.Docs), maxColumns-fixed)]
	t := table{header: []string{"Clause", "Title", "Coverage", "Documents"}, frozenCols: 2, uniformFrom: fixed}
	col := make(map[*site.Document]int, len(docs))
	for i, d := range docs {
		t.header = append(t.header, d.Meta.ID)
		col[d] = fixed + i
	}
	for _, c := range Coverage(w.Docs) {
		r := make([]any, len(t.header))
		r[0], r[1], r[2] = c.Clause.Number, c.Clause.Title, c.State
		r[3] = len(c.Docs) + len(c.Sub)
		for _, d := range c.Docs {
			if i, ok := col[d]; ok {
				r[i] = MarkDirect
			}
		}
		for _, d := range c.Sub {
			if i, ok := col[d]; ok {
				r[i] = MarkSub
			}
		}
		t.rows = append(t.rows, r)
	}
	return t
}

// historyTable is every document's revision history, in log order and
// each document's history in its own order.
func historyTable(w Workbook) table {
	t := table{header: []string{"Document number", "Title", "Version", "Date", "Author", "Summary"}, frozenCols: 1}
	for _, d := range w.Docs {
		for _, h := range d.Meta.History {
			t.rows = append(t.rows, []any{d.Meta.ID, d.Meta.Title, h.Version, date(h.Date), h.Author, h.Summary})
		}
	}
	return t
}

// sortedZip is the workbook's ZIP archive with its files in a fixed
// order: excelize writes the streamed sheets first, in the order of a Go
// map. It deflates each file as excelize writes it and holds the
// compressed bytes until Close, then adds them all, as archive/zip's
// Create would have written them, in reverse order of their names, the
// order excelize gives the other files. (Holding the sheets' XML instead,
// 21 MB at 10,000 documents against 2 MB deflated, copied it once more.)
type sortedZip struct {
	w     *zip.Writer
	files map[string]*zipFile
	// deflate compresses every file in turn, at deflateLevel; open is the
	// file it is compressing.
	deflate *flate.Writer
	open    *zipFile
}

// zipFile is one file of the archive: its header, complete once it is
// written, and its deflated bytes.
type zipFile struct {
	header zip.FileHeader
	data   bytes.Buffer
	crc    hash.Hash32
	z      *sortedZip
}

// deflateLevel is the workbook's compression, by klauspost/compress's
// deflate (the search index's compressor): on the log's sheets its level 5
// takes less CPU than compress/flate's level 2 and writes fewer bytes than
// compress/flate's level 5, the ZIP writer's default (the sheets' XML of
// the 1,000-document corpus ten times over, least of five: 45 ms and
// 2.05 MB, against 56 ms and 2.31 MB, and 123 ms and 2.09 MB).
const deflateLevel = 5

func newSortedZip(w io.Writer) excelize.ZipWriter {
	return &sortedZip{w: zip.NewWriter(w), files: map[string]*zipFile{}}
}

func (z *sortedZip) Create(name string) (io.Writer, error) {
	if _, ok := z.files[name]; ok {
		return nil, fmt.Errorf("%s twice in the workbook", name)
	}
	if err := z.finish(); err != nil {
		return nil, err
	}
	// The header archive/zip's Create makes, with the sums and sizes in
	// the data descriptor after the data.
	f := &zipFile{header: zip.FileHeader{Name: name, Method: zip.Deflate, Flags: 0x8,
		CreatorVersion: 20, ReaderVersion: 20}, crc: crc32.NewIEEE(), z: z}
	if z.deflate == nil {
		var err error
		if z.deflate, err = flate.NewWriter(&f.data, deflateLevel); err != nil {
			return nil, err
		}
	} else {
		z.deflate.Reset(&f.data)
	}
	z.files[name], z.open = f, f
	return f, nil
}

// Write deflates p into the file; the file must be the open one.
func (f *zipFile) Write(p []byte) (int, error) {
	if f.z.open != f {
		return 0, fmt.Errorf("%s written after the next file was begun", f.header.Name)
	}
	f.crc.Write(p)
	f.header.UncompressedSize64 += uint64(len(p))
	return f.z.deflate.Write(p)
}

// finish completes the open file, if any.
func (z *sortedZip) finish() error {
	f := z.open
	if f == nil {
		return nil
	}
	z.open = nil
	if err := z.deflate.Close(); err != nil {
		return err
	}
	f.header.CRC32 = f.crc.Sum32()
	f.header.CompressedSize64 = uint64(f.data.Len())
	return nil
}

func (z *sortedZip) AddFS(fs.FS) error { return errors.ErrUnsupported }

func (z *sortedZip) Close() error {
	if err := z.finish(); err != nil {
		return err
	}
	names := slices.Sorted(maps.Keys(z.files))
	slices.Reverse(names)
	for _, name := range names {
		f := z.files[name]
		fw, err := z.w.CreateRaw(&f.header)
		if err != nil {
			return err
		}
		if _, err := f.data.WriteTo(fw); err != nil {
			return err
		}
	}
	return z.w.Close()
}
