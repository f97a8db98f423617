// Package xlsxtest reads a workbook back for tests: Dump writes down, as
// text, everything a spreadsheet program shows of it — every cell's
// kind, stored value, displayed value and style, each sheet's frozen
// panes, filter, column widths and conditional formats, the defined names
// and the document properties — and nothing of how the file stores it
// (shared or inline strings, style numbering, element order). Two
// workbooks with the same dump have the same content; a golden dump
// pins a workbook's content while its writer changes.
package xlsxtest

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"regexp"
	"slices"
	"strings"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"
)

// Dump describes the workbook b (see the package comment).
func Dump(b []byte) (string, error) {
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		return "", err
	}
	defer f.Close()
	parts, err := sheetParts(b)
	if err != nil {
		return "", err
	}
	d := &dumper{f: f, styles: map[string]int{}}
	props, err := f.GetDocProps()
	if err != nil {
		return "", err
	}
	d.linef("properties: title %q, creator %q, modified by %q, created %s, modified %s, language %q",
		props.Title, props.Creator, props.LastModifiedBy, props.Created, props.Modified, props.Language)
	sheets := f.GetSheetList()
	d.linef("sheets: %q, active %d", sheets, f.GetActiveSheetIndex())
	for _, n := range f.GetDefinedName() {
		d.linef("defined name %s (scope %s): %s", n.Name, n.Scope, n.RefersTo)
	}
	for i, sheet := range sheets {
		d.linef("")
		d.linef("== %s", sheet)
		if i < len(parts) {
			d.linef("filter: %s", parts[i].filter)
			d.linef("selected: %v", parts[i].selected)
		}
		if err := d.sheet(sheet); err != nil {
			return "", fmt.Errorf("sheet %q: %w", sheet, err)
		}
	}
	return d.b.String(), nil
}

type dumper struct {
	f      *excelize.File
	b      strings.Builder
	styles map[string]int // a style's description → its number in the dump
}

func (d *dumper) linef(format string, args ...any) {
	fmt.Fprintf(&d.b, format, args...)
	d.b.WriteByte('\n')
}

func (d *dumper) sheet(sheet string) error {
	f := d.f
	panes, err := f.GetPanes(sheet)
	if err != nil {
		return err
	}
	d.linef("panes: %+v", panes)
	view, err := f.GetSheetView(sheet, 0)
	if err != nil {
		return err
	}
	d.linef("view: %s", describe(view))
	formats, err := f.GetConditionalFormats(sheet)
	if err != nil {
		return err
	}
	for _, ref := range slices.Sorted(maps.Keys(formats)) {
		for _, c := range formats[ref] {
			style := "none"
			if c.Format != nil {
				s, err := f.GetConditionalStyle(*c.Format)
				if err != nil {
					return err
				}
				style = describe(s)
			}
			d.linef("conditional format %s: %s %s %q, style %s", ref, c.Type, c.Criteria, c.Value, style)
		}
	}
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		return err
	}
	width := 0
	for _, r := range rows {
		width = max(width, len(r))
	}
	if err := d.widths(sheet, width); err != nil {
		return err
	}
	for y := range rows {
		for x := range width {
			if err := d.cell(sheet, x+1, y+1); err != nil {
				return err
			}
		}
	}
	return nil
}

// widths lists the columns' widths in runs of equal width ("A 20, B-D 11").
func (d *dumper) widths(sheet string, columns int) error {
	var runs []string
	for x := 1; x <= columns; {
		first, _ := excelize.ColumnNumberToName(x)
		w, err := d.f.GetColWidth(sheet, first)
		if err != nil {
			return err
		}
		run := first
		for x++; x <= columns; x++ {
			name, _ := excelize.ColumnNumberToName(x)
			if next, err := d.f.GetColWidth(sheet, name); err != nil || next != w {
				break
			}
			run = first + "-" + name
		}
		runs = append(runs, fmt.Sprintf("%s %g", run, w))
	}
	d.linef("widths: %s", strings.Join(runs, ", "))
	props, err := d.f.GetSheetProps(sheet)
	if err != nil {
		return err
	}
	if props.DefaultColWidth != nil && *props.DefaultColWidth != 0 {
		d.linef("other columns' width: %g", *props.DefaultColWidth)
	} else {
		d.linef("other columns' width: the default")
	}
	return nil
}

// cell writes one line for a cell that holds a value or a style.
func (d *dumper) cell(sheet string, x, y int) error {
	f := d.f
	ref, err := excelize.CoordinatesToCellName(x, y)
	if err != nil {
		return err
	}
	raw, err := f.GetCellValue(sheet, ref, excelize.Options{RawCellValue: true})
	if err != nil {
		return err
	}
	shown, err := f.GetCellValue(sheet, ref)
	if err != nil {
		return err
	}
	styleID, err := f.GetCellStyle(sheet, ref)
	if err != nil {
		return err
	}
	if raw == "" && styleID == 0 {
		return nil
	}
	typ, err := f.GetCellType(sheet, ref)
	if err != nil {
		return err
	}
	formula, err := f.GetCellFormula(sheet, ref)
	if err != nil {
		return err
	}
	style, err := f.GetStyle(styleID)
	if err != nil {
		return err
	}
	line := fmt.Sprintf("%s %s %s", ref, kind(typ), quote(raw))
	if shown != raw {
		line += " shown " + quote(shown)
	}
	if formula != "" {
		line += fmt.Sprintf(" FORMULA %q", formula)
	}
	line += " style " + d.style(style)
	d.linef("%s", line)
	return nil
}

// quote quotes a value; one longer than 200 bytes is shown by its
// start, length and SHA-256, which keeps golden files readable.
func quote(v string) string {
	const most = 200
	if len(v) <= most {
		return fmt.Sprintf("%q", v)
	}
	return fmt.Sprintf("%q… (%d bytes, %d UTF-16 units, sha256 %x)", v[:most], len(v), len(utf16.Encode([]rune(v))), sha256.Sum256([]byte(v)))
}

// style names a cell style by the order the dump first meets it, and
// describes it there.
func (d *dumper) style(s *excelize.Style) string {
	desc := describe(s)
	n, ok := d.styles[desc]
	if !ok {
		n = len(d.styles)
		d.styles[desc] = n
		return fmt.Sprintf("%d %s", n, desc)
	}
	return fmt.Sprint(n)
}

// describe writes a style or view as JSON (its pointers followed).
func describe(s any) string {
	b, err := json.Marshal(s)
	if err != nil {
		return err.Error()
	}
	return string(b)
}

// kind is what a cell holds: text however stored (shared or inline), or
// the cell type as excelize reads it.
func kind(t excelize.CellType) string {
	switch t {
	case excelize.CellTypeSharedString, excelize.CellTypeInlineString:
		return "text"
	case excelize.CellTypeUnset, excelize.CellTypeNumber:
		return "number"
	case excelize.CellTypeBool:
		return "bool"
	case excelize.CellTypeDate:
		return "date"
	case excelize.CellTypeError:
		return "error"
	case excelize.CellTypeFormula:
		return "formula-text"
	}
	return fmt.Sprintf("type-%d", t)
}

// What excelize sets but does not read back: a worksheet's filter range,
// and whether its tab is selected (the workbook opens on it).
var (
	autoFilter  = regexp.MustCompile(`<autoFilter ref="([^"]*)"`)
	tabSelected = regexp.MustCompile(`<sheetView [^>]*tabSelected="(1|true)"`)
)

// sheetPart is what the dump reads from a worksheet's XML.
type sheetPart struct {
	filter   string // "none" without a filter
	selected bool
}

// sheetParts reads each worksheet's XML, in the order of the worksheets'
// part names (sheet1.xml, sheet2.xml ...).
func sheetParts(b []byte) ([]sheetPart, error) {
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return nil, err
	}
	var names []string
	files := map[string]*zip.File{}
	for _, zf := range z.File {
		if strings.HasPrefix(zf.Name, "xl/worksheets/sheet") && strings.HasSuffix(zf.Name, ".xml") {
			names = append(names, zf.Name)
			files[zf.Name] = zf
		}
	}
	slices.SortFunc(names, cmpLenThenText)
	var out []sheetPart
	for _, n := range names {
		r, err := files[n].Open()
		if err != nil {
			return nil, err
		}
		x, err := io.ReadAll(r)
		r.Close()
		if err != nil {
			return nil, err
		}
		p := sheetPart{filter: "none", selected: tabSelected.Match(x)}
		if m := autoFilter.FindSubmatch(x); m != nil {
			p.filter = string(m[1])
		}
		out = append(out, p)
	}
	return out, nil
}

// cmpLenThenText orders sheet2.xml before sheet10.xml.
func cmpLenThenText(a, b string) int {
	if len(a) != len(b) {
		return len(a) - len(b)
	}
	return strings.Compare(a, b)
}
