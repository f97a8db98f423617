package importer

import (
	"archive/zip"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The fixture of this file is written as WordprocessingML, the way Word
// saves a toolkit document: a Title paragraph and cover, a table of
// contents of links to _Toc bookmarks, an unnumbered Document Control
// heading over the control table, and headings numbered by their style
// (numbering.xml), not by their text.

const wordStyles = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr><w:outlineLvl w:val="0"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Heading1"/><w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="1"/></w:numPr><w:outlineLvl w:val="1"/></w:pPr></w:style>
</w:styles>`

const wordNumbering = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:abstractNum w:abstractNumId="0">
<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:pStyle w:val="Heading1"/><w:lvlText w:val="%1."/></w:lvl>
<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:pStyle w:val="Heading2"/><w:lvlText w:val="%1.%2."/></w:lvl>
</w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
</w:numbering>`

func para(style, text string) string {
	ppr := ""
	if style != "" {
		ppr = `<w:pPr><w:pStyle w:val="` + style + `"/></w:pPr>`
	}
	return `<w:p>` + ppr + `<w:r><w:t xml:space="preserve">` + text + `</w:t></w:r></w:p>`
}

func tableXML(rows ...[]string) string {
	var b strings.Builder
	b.WriteString(`<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid>`)
	for range rows[0] {
		b.WriteString(`<w:gridCol w:w="3000"/>`)
	}
	b.WriteString(`</w:tblGrid>`)
	for _, r := range rows {
		b.WriteString(`<w:tr>`)
		for _, c := range r {
			b.WriteString(`<w:tc>` + para("", c) + `</w:tc>`)
		}
		b.WriteString(`</w:tr>`)
	}
	b.WriteString(`</w:tbl>`)
	return b.String()
}

var wordBody = strings.Join([]string{
	para("Title", "Service Continuity Plan"),
	para("", "[Organization Name]"),
	para("", "Version 3.0"),
	`<w:p><w:hyperlink w:anchor="_Toc1"><w:r><w:t>1. Purpose</w:t></w:r></w:hyperlink></w:p>`,
	// "Document Control" uses Heading1 with its numbering switched off.
	`<w:p><w:pPr><w:pStyle w:val="Heading1"/><w:numPr><w:ilvl w:val="0"/><w:numId w:val="0"/></w:numPr></w:pPr><w:r><w:t>Document Control</w:t></w:r></w:p>`,
	tableXML([]string{"Version", "3.0"}, []string{"Approval date", "2026-02-01"}, []string{"Approved by", "Chief Executive"},
		[]string{"Owner", "Continuity Manager"}, []string{"Next review", "2027-02-01"}, []string{"Classification", "Internal"}),
	`<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:bookmarkStart w:id="0" w:name="_Toc1"/><w:r><w:t>Purpose</w:t></w:r><w:bookmarkEnd w:id="0"/></w:p>`,
	para("", "Keep services running for [Organization Name]."),
	para("Heading2", "Scope"),
	para("", "All services."),
	para("Heading2", "Roles"),
	tableXML([]string{"Role", "Duty"}, []string{"Continuity Manager", "Owns the plan"}),
	para("Heading1", "Invocation"),
	para("Heading2", "Criteria"),
	para("", "When a major incident lasts."),
}, "\n")

// writeWordML writes a .docx package holding body.
func writeWordML(t *testing.T, path, body string) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	parts := []struct{ name, text string }{
		{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>
<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>
</Types>`},
		{"_rels/.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
</Relationships>`},
		{"word/_rels/document.xml.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/>
</Relationships>`},
		{"word/styles.xml", wordStyles},
		{"word/numbering.xml", wordNumbering},
		{"word/document.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body>
` + body + `
</w:body></w:document>`},
	}
	for _, p := range parts {
		w, err := zw.Create(p.name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(p.text)); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestHeadingNumbers(t *testing.T) {
	path := filepath.Join(t.TempDir(), "plan.docx")
	writeWordML(t, path, wordBody)
	got, err := headingNumbers(path)
	if err != nil {
		t.Fatal(err)
	}
	want := []wordHeading{{"Document Control", ""}, {"Purpose", "1."}, {"Scope", "1.1."}, {"Roles", "1.2."}, {"Invocation", "2."}, {"Criteria", "2.1."}}
	if len(got) != len(want) {
		t.Fatalf("got %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("heading %d: got %q, want %q", i, got[i], want[i])
		}
	}
}

// TestImportWordML imports the WordprocessingML fixture through pandoc:
// automatic numbers kept, cover and contents dropped, an approved plan.
func TestImportWordML(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "continuity.docx")
	writeWordML(t, src, wordBody)
	writeDocx(t, dir, "unused.docx", "x") // skips without pandoc
	site := newSite(t, dir)
	if _, err := Run(context.Background(), Options{Site: site, From: "docx", Sources: []string{src}, Today: today}); err != nil {
		t.Fatal(err)
	}
	doc, err := os.ReadFile(filepath.Join(site, "content/plans/service-continuity-plan.md"))
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "continuity.md", []byte(strings.ReplaceAll(string(doc), dir+"/", "")))
}
