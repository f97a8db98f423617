package importer

import "fmt"

// Word tables often hold several paragraphs or a list in a cell, or merge
// cells; GitHub tables cannot, and pandoc then writes the table as raw
// HTML, which the handbook does not render as a table. flattenTables makes
// every cell one line and every row as wide as the table, and counts what
// it changed for the summary.

// tableFix counts what flattenTables changed.
type tableFix struct{ joined, split int }

// flattenTables rewrites every table under body in place.
func flattenTables(d *Doc, body []any) {
	var fix tableFix
	walkTag(body, "Table", 6, func(_ map[string]any, c []any) {
		if head := items(c[3]); len(head) == 2 {
			head[1] = fix.rows(items(head[1]))
		}
		for _, b := range items(c[4]) {
			if bc := items(b); len(bc) == 4 {
				bc[2] = fix.rows(items(bc[2]))
				bc[3] = fix.rows(items(bc[3]))
			}
		}
		if foot := items(c[5]); len(foot) == 2 {
			foot[1] = fix.rows(items(foot[1]))
		}
	})
	if fix.joined > 0 || fix.split > 0 {
		d.guess("tables", fmt.Sprintf("%s joined on one line, %s split", count(fix.joined, "cell"), count(fix.split, "merged cell")),
			"Word cells a GitHub table cannot hold (paragraphs, lists, merged cells)")
	}
}

// rows makes each cell one line and unmerges merged cells: a cell spanning
// k columns or rows is followed by, or has below it, empty cells.
func (f *tableFix) rows(rows []any) []any {
	pending := map[int]int{} // column -> rows still covered by a merged cell above
	for _, r := range rows {
		rc := items(r)
		if len(rc) != 2 {
			continue
		}
		var out []any
		col := 0
		fill := func() {
			for pending[col] > 0 {
				pending[col]--
				out = append(out, emptyCell())
				col++
			}
		}
		for _, cell := range items(rc[1]) {
			fill()
			cc := items(cell)
			if len(cc) != 5 {
				continue
			}
			rs, _ := cc[2].(float64)
			cs, _ := cc[3].(float64)
			if rs > 1 || cs > 1 {
				f.split++
				cc[2], cc[3] = float64(1), float64(1)
			}
			if blocks := items(cc[4]); !fitsOneLine(blocks) {
				f.joined++
				cc[4] = []any{map[string]any{"t": "Plain", "c": joinBlocks(blocks)}}
			}
			out = append(out, cell)
			for k := 0; k < max(int(cs), 1); k++ {
				if rs > 1 {
					pending[col+k] = int(rs) - 1
				}
				if k > 0 {
					out = append(out, emptyCell())
				}
			}
			col += max(int(cs), 1)
		}
		fill() // columns covered from above at the end of the row
		rc[1] = out
	}
	return rows
}

func emptyCell() any {
	return []any{emptyAttr(), map[string]any{"t": "AlignDefault"}, float64(1), float64(1), []any{}}
}

// fitsOneLine reports cell content a GitHub table holds: at most one
// paragraph, without line breaks.
func fitsOneLine(blocks []any) bool {
	if len(blocks) > 1 {
		return false
	}
	for _, b := range blocks {
		if t := tag(b); t != "Plain" && t != "Para" {
			return false
		}
		breaks := false
		walkElements(b, func(e map[string]any) { breaks = breaks || tag(e) == "LineBreak" })
		if breaks {
			return false
		}
	}
	return true
}

// joinBlocks is the inline content of blocks on one line: paragraphs
// joined by "; ", list items each after a "•", line breaks as spaces.
func joinBlocks(blocks []any) []any {
	var out []any
	sep := func(s string) {
		if len(out) > 0 {
			out = append(out, map[string]any{"t": "Str", "c": s}, map[string]any{"t": "Space"})
		}
	}
	for _, b := range blocks {
		switch tag(b) {
		case "Plain", "Para":
			sep(";")
			for _, in := range items(content(b)) {
				if tag(in) == "LineBreak" || tag(in) == "SoftBreak" {
					in = map[string]any{"t": "Space"}
				}
				out = append(out, in)
			}
		case "BulletList", "OrderedList":
			list := items(content(b))
			if tag(b) == "OrderedList" && len(list) == 2 {
				list = items(list[1])
			}
			for _, item := range list {
				if len(out) > 0 {
					out = append(out, map[string]any{"t": "Space"})
				}
				out = append(out, map[string]any{"t": "Str", "c": "•"}, map[string]any{"t": "Space"})
				out = append(out, joinBlocks(items(item))...)
			}
		default:
			if s := stringify(b); s != "" {
				sep(";")
				out = append(out, map[string]any{"t": "Str", "c": s})
			}
		}
	}
	return out
}
