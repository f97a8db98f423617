package importer

import (
	"archive/zip"
	"encoding/xml"
	"fmt"
	"strconv"
	"strings"
)

// Word numbers headings itself when their style (or the paragraph) has a
// numbering: the "2.1." a reader sees is not in the text, and pandoc drops
// it. headingNumbers recomputes those numbers from the .docx's
// word/document.xml, styles.xml and numbering.xml, so that the headings
// keep them.

// wordHeading is a heading paragraph of a .docx: its text and the number
// Word shows before it ("" when none).
type wordHeading struct {
	text, number string
}

// wordStyle is what a paragraph style says about numbering.
type wordStyle struct {
	name, basedOn string
	numID, ilvl   string // from the style's numPr; ilvl "" when not given
}

// wordLevel is one level of a numbering definition.
type wordLevel struct {
	start        int
	format, text string // numFmt, lvlText ("%1.%2.")
	pStyle       string // the style that level belongs to
}

// numberingDefs are a .docx's numberings: num ids to abstract definitions.
type numberingDefs struct {
	abstractOf map[string]string             // numId -> abstractNumId
	levels     map[string]map[int]*wordLevel // abstractNumId -> ilvl -> level
}

// headingNumbers lists the heading paragraphs of a .docx in order, with
// the numbers Word shows before them.
func headingNumbers(src string) ([]wordHeading, error) {
	zr, err := zip.OpenReader(src)
	if err != nil {
		return nil, err
	}
	defer zr.Close()
	read := func(name string) (*xml.Decoder, func(), error) {
		f, err := zr.Open(name)
		if err != nil {
			return nil, func() {}, err
		}
		return xml.NewDecoder(f), func() { f.Close() }, nil
	}
	styles := map[string]*wordStyle{}
	if dec, done, err := read("word/styles.xml"); err == nil {
		styles = readStyles(dec)
		done()
	}
	defs := &numberingDefs{abstractOf: map[string]string{}, levels: map[string]map[int]*wordLevel{}}
	if dec, done, err := read("word/numbering.xml"); err == nil {
		readNumbering(dec, defs)
		done()
	}
	dec, done, err := read("word/document.xml")
	if err != nil {
		return nil, err
	}
	defer done()
	return readHeadings(dec, styles, defs), nil
}

// attr is the w:val (or other) attribute of an element.
func attr(se xml.StartElement, local string) string {
	for _, a := range se.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// eachStart calls fn for every start element the decoder reads.
func eachStart(dec *xml.Decoder, fn func(se xml.StartElement)) {
	for {
		tok, err := dec.Token()
		if err != nil {
			return
		}
		if se, ok := tok.(xml.StartElement); ok {
			fn(se)
		}
	}
}

// setVal sets the field named by the element to its w:val.
func setVal(se xml.StartElement, fields map[string]*string) {
	if p, ok := fields[se.Name.Local]; ok {
		*p = attr(se, "val")
	}
}

func readStyles(dec *xml.Decoder) map[string]*wordStyle {
	styles := map[string]*wordStyle{}
	var cur *wordStyle
	eachStart(dec, func(se xml.StartElement) {
		switch {
		case se.Name.Local == "style":
			cur = &wordStyle{}
			styles[attr(se, "styleId")] = cur
		case cur != nil:
			setVal(se, map[string]*string{"name": &cur.name, "basedOn": &cur.basedOn, "numId": &cur.numID, "ilvl": &cur.ilvl})
		}
	})
	return styles
}

func readNumbering(dec *xml.Decoder, defs *numberingDefs) {
	var abstract, num string
	var lvl *wordLevel
	eachStart(dec, func(se xml.StartElement) {
		switch se.Name.Local {
		case "abstractNum":
			abstract, num = attr(se, "abstractNumId"), ""
			defs.levels[abstract] = map[int]*wordLevel{}
		case "num":
			num = attr(se, "numId")
		case "abstractNumId":
			if num != "" {
				defs.abstractOf[num] = attr(se, "val")
			}
		case "lvl":
			if num == "" && defs.levels[abstract] != nil {
				n, _ := strconv.Atoi(attr(se, "ilvl"))
				lvl = &wordLevel{start: 1, format: "decimal"}
				defs.levels[abstract][n] = lvl
			}
		case "start":
			if lvl != nil {
				lvl.start, _ = strconv.Atoi(attr(se, "val"))
			}
		default:
			if lvl != nil {
				setVal(se, map[string]*string{"numFmt": &lvl.format, "lvlText": &lvl.text, "pStyle": &lvl.pStyle})
			}
		}
	})
}

// paragraph is what readHeadings needs of a w:p.
type paragraph struct {
	style, numID, ilvl string
	text               strings.Builder
}

// readHeadings walks the body's paragraphs, counting every numbered one
// (lists share counters with headings only when they share a numbering),
// and returns the headings with their numbers.
func readHeadings(dec *xml.Decoder, styles map[string]*wordStyle, defs *numberingDefs) []wordHeading {
	var out []wordHeading
	counters := map[string][]int{} // abstractNumId -> counter per level
	var p *paragraph
	inText := false
	for {
		tok, err := dec.Token()
		if err != nil { // io.EOF at the end
			return out
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch {
			case t.Name.Local == "p":
				p = &paragraph{}
			case t.Name.Local == "t":
				inText = true
			case p != nil:
				setVal(t, map[string]*string{"pStyle": &p.style, "numId": &p.numID, "ilvl": &p.ilvl})
			}
		case xml.CharData:
			if inText && p != nil {
				p.text.Write(t)
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "t":
				inText = false
			case "p":
				if p != nil {
					if h, ok := p.heading(styles, defs, counters); ok {
						out = append(out, h)
					}
				}
				p = nil
			}
		}
	}
}

// heading counts p in its numbering, and returns it when it is a heading.
func (p *paragraph) heading(styles map[string]*wordStyle, defs *numberingDefs, counters map[string][]int) (wordHeading, bool) {
	level, isHeading := headingLevel(p.style, styles)
	numID, ilvl := p.numID, p.ilvl
	for s, seen := styles[p.style], 0; s != nil && numID == "" && seen < 10; s, seen = styles[s.basedOn], seen+1 {
		numID, ilvl = s.numID, cmpOr(ilvl, s.ilvl)
	}
	number := ""
	if abs := defs.abstractOf[numID]; numID != "" && numID != "0" && abs != "" {
		lvl := defs.levelOf(abs, ilvl, p.style, level)
		number = advance(counters, defs.levels[abs], abs, lvl)
	}
	return wordHeading{text: strings.Join(strings.Fields(p.text.String()), " "), number: number}, isHeading
}

// headingLevel is the level of a style named "heading N", directly or
// through the styles it is based on.
func headingLevel(styleID string, styles map[string]*wordStyle) (int, bool) {
	for s, seen := styles[styleID], 0; s != nil && seen < 10; s, seen = styles[s.basedOn], seen+1 {
		if n, ok := strings.CutPrefix(strings.ToLower(s.name), "heading "); ok {
			if lv, err := strconv.Atoi(n); err == nil {
				return lv, true
			}
		}
	}
	return 0, false
}

// levelOf is the numbering level of a paragraph: its ilvl, else the level
// whose pStyle is its style, else its heading level.
func (defs *numberingDefs) levelOf(abs, ilvl, style string, headingLevel int) int {
	if n, err := strconv.Atoi(ilvl); err == nil {
		return n
	}
	for n, l := range defs.levels[abs] {
		if l.pStyle != "" && l.pStyle == style {
			return n
		}
	}
	return max(headingLevel-1, 0)
}

// advance advances the counter of level lvl (resetting deeper levels) and
// formats the level's text ("%1.%2." -> "2.1.").
func advance(counters map[string][]int, levels map[int]*wordLevel, abs string, lvl int) string {
	c := counters[abs]
	if c == nil {
		c = make([]int, 9)
		counters[abs] = c
	}
	if lvl < 0 || lvl >= len(c) {
		return ""
	}
	start := func(n int) int {
		if l := levels[n]; l != nil {
			return l.start
		}
		return 1
	}
	if c[lvl] == 0 {
		c[lvl] = start(lvl)
	} else {
		c[lvl]++
	}
	for n := lvl + 1; n < len(c); n++ {
		c[n] = 0
	}
	l := levels[lvl]
	if l == nil || l.text == "" || l.format == "none" || l.format == "bullet" {
		return ""
	}
	text := l.text
	for n := 0; n <= lvl; n++ {
		v := c[n]
		if v == 0 {
			v = start(n)
		}
		format := "decimal"
		if ln := levels[n]; ln != nil {
			format = ln.format
		}
		text = strings.ReplaceAll(text, fmt.Sprintf("%%%d", n+1), formatNumber(v, format))
	}
	return strings.TrimSpace(text)
}

// formatNumber writes n in a Word number format.
func formatNumber(n int, format string) string {
	switch format {
	case "upperLetter", "lowerLetter":
		s := string(rune('A' + (n-1)%26))
		if format == "lowerLetter" {
			s = strings.ToLower(s)
		}
		return s
	case "upperRoman", "lowerRoman":
		s := roman(n)
		if format == "lowerRoman" {
			s = strings.ToLower(s)
		}
		return s
	}
	return strconv.Itoa(n)
}

func roman(n int) string {
	var b strings.Builder
	for _, r := range []struct {
		v int
		s string
	}{{1000, "M"}, {900, "CM"}, {500, "D"}, {400, "CD"}, {100, "C"}, {90, "XC"}, {50, "L"}, {40, "XL"}, {10, "X"}, {9, "IX"}, {5, "V"}, {4, "IV"}, {1, "I"}} {
		for n >= r.v {
			b.WriteString(r.s)
			n -= r.v
		}
	}
	return b.String()
}

// numberHeadings puts Word's automatic numbers before the pandoc headings
// they belong to, matching headings in order by their text. A heading
// whose text already starts with a number keeps it.
func numberHeadings(d *Doc, blocks []any, word []wordHeading) {
	i, numbered := 0, 0
	for _, b := range blocks {
		_, text, ok := header(b)
		if !ok {
			continue
		}
		for j := i; j < len(word); j++ {
			if word[j].text != text {
				continue
			}
			i = j + 1
			if n := word[j].number; n != "" && !headingNumber.MatchString(text+" ") {
				c := items(content(b))
				c[2] = append([]any{map[string]any{"t": "Str", "c": n}, map[string]any{"t": "Space"}}, items(c[2])...)
				numbered++
			}
			break
		}
	}
	if numbered > 0 {
		d.guess("heading numbers", strconv.Itoa(numbered)+" headings", "Word's automatic numbering (numbering.xml)")
	}
}
