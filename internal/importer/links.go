package importer

import (
	"net/url"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// Link forms in a Markdown source line. Destinations may be Hugo's
// {{< relref "x" >}} / {{< ref "x" >}} or Jekyll's {% link x %} /
// {% post_url x %}.
var (
	templateDest = `\{\{[<%]\s*(?:rel)?ref\s+"?[^"\s>%]+"?\s*[%>]\}\}|\{%\s*(?:link|post_url)\s+[^%\s]+\s*%\}`
	inlineLink   = regexp.MustCompile(`(!?)\[([^\]\n]*)\]\(\s*(` + templateDest + `|<[^>\n]*>|[^()\s]+)((?:\s+"[^"\n]*")?)\s*\)`)
	refDef       = regexp.MustCompile(`^(\s{0,3}\[[^\]\n]+\]:\s*)(` + templateDest + `|<[^>\n]*>|\S+)(.*)$`)
	templateRef  = regexp.MustCompile(`^(?:\{\{[<%]\s*((?:rel)?ref)\s+"?([^"\s>%]+)"?\s*[%>]\}\}|\{%\s*(link|post_url)\s+([^%\s]+)\s*%\})$`)
	// templateTag is any other Hugo shortcode or Liquid tag or output.
	templateTag = regexp.MustCompile(`\{\{[<%].*?[%>]\}\}|\{%.*?%\}|\{\{.*?\}\}`)
	rawHTML     = regexp.MustCompile(`<(?:[a-zA-Z][a-zA-Z0-9-]*(?:\s[^<>]*)?/?|/[a-zA-Z][a-zA-Z0-9-]*\s*)>|<!--`)
	handbookTag = regexp.MustCompile(`^\s*\{\{<\s*(?:figure\s+(?:scope|structure)|log)\s*>\}\}\s*$`)
)

// linkIndex finds imported documents by the paths and addresses links
// use: source paths with or without extension, and old page addresses.
type linkIndex map[string]*Doc

func newLinkIndex(docs []*Doc) linkIndex {
	idx := linkIndex{}
	for _, d := range docs {
		if d.SourceRel == "" {
			continue
		}
		idx[normLink(d.SourceRel)] = d
		if strings.HasPrefix(d.SourceRel, "_posts/") || strings.Contains(d.SourceRel, "/_posts/") {
			idx[normLink(strings.Replace(d.SourceRel, "_posts/", "", 1))] = d // post_url names a post without the folder
		}
		for _, a := range d.Aliases {
			if _, taken := idx[normLink(a)]; !taken {
				idx[normLink(a)] = d
			}
		}
	}
	return idx
}

// normLink is a path as links write it, reduced to compare: lower case,
// no extension, a folder's index as the folder.
func normLink(p string) string {
	p = strings.ToLower(strings.Trim(path.Clean("/"+p), "/"))
	for _, ext := range []string{".md", ".markdown", ".html", ".htm", ".docx"} {
		p = strings.TrimSuffix(p, ext)
	}
	for _, idx := range []string{"index", "_index", "readme"} {
		if p == idx {
			return ""
		}
		p = strings.TrimSuffix(p, "/"+idx)
	}
	return p
}

// rewriteLinks rewrites the links between imported site pages to
// [text](ID#anchor), lists those it leaves, and turns the template tags
// the handbook does not know into code, each noted at its source line.
// Links that already name a document id in ids stay as they are.
func rewriteLinks(docs []*Doc, ids map[string]string, sum *Summary) {
	idx := newLinkIndex(docs)
	for _, d := range docs {
		if d.SourceRel == "" {
			continue
		}
		lines := strings.Split(d.Body, "\n")
		prose := proseLines(d.Body)
		var html []string
		for i := range lines {
			if prose[i] == "" && lines[i] != "" {
				continue // fenced code
			}
			lw := lineWork{d: d, idx: idx, ids: ids, sum: sum, line: d.bodyLine + i}
			lines[i] = lw.rewrite(lines[i])
			if rawHTML.MatchString(prose[i]) {
				html = append(html, strconv.Itoa(lw.line))
			}
		}
		d.Body = strings.Join(lines, "\n")
		if len(html) > 0 && d.bodyLine > 0 {
			sum.note(d.Source, 0, "raw HTML on line %s: the handbook escapes or filters raw HTML (check may warn); write it in Markdown", strings.Join(html, ", "))
		}
	}
}

// lineWork rewrites one source line.
type lineWork struct {
	d    *Doc
	idx  linkIndex
	ids  map[string]string // the ids of the site and of this import
	sum  *Summary
	line int // the source line
}

// at is the link's source position; a Word document has no lines to name.
func (w *lineWork) at() string {
	if w.d.bodyLine == 0 {
		return w.d.Source
	}
	return at(w.d.Source, w.line)
}

func (w *lineWork) rewrite(line string) string {
	if m := refDef.FindStringSubmatch(line); m != nil && !inCode(line, len(m[1])) {
		if to, ok := w.target(m[2]); ok {
			return m[1] + to + m[3]
		}
		return w.tags(line)
	}
	line = replaceOutsideCode(line, inlineLink, func(m []string) string {
		if m[1] == "!" {
			if !external(m[3]) && !w.d.extracted(m[3]) {
				w.left(m[3], "an image: copy the file under the site's static/ folder and link it from there")
			}
			return m[0]
		}
		if to, ok := w.target(m[3]); ok {
			return "[" + m[2] + "](" + to + m[4] + ")"
		}
		return m[0]
	})
	return w.tags(line)
}

// target resolves a link destination to an imported document's id; links
// outside the import are left and listed.
func (w *lineWork) target(dest string) (string, bool) {
	raw := dest
	dest = strings.Trim(dest, "<>")
	viaTemplate := false
	if m := templateRef.FindStringSubmatch(dest); m != nil {
		dest, viaTemplate = m[2]+m[4], true
	}
	if external(dest) || strings.HasPrefix(dest, "#") {
		return "", false
	}
	p, anchor, _ := strings.Cut(dest, "#")
	if _, isID := w.ids[p]; isID {
		return "", false // already [text](ID): the handbook's own link
	}
	if u, err := url.PathUnescape(p); err == nil {
		p = u // Word writes "Access%20Control%20Policy.docx"
	}
	if t := w.find(p, viaTemplate); t != nil {
		to := t.ID
		if anchor != "" {
			to += "#" + anchor
		}
		w.sum.LinksRewritten = append(w.sum.LinksRewritten, LinkReport{At: w.at(), Target: raw, To: to})
		return to, true
	}
	why := "no imported document at that path"
	if ext := strings.ToLower(path.Ext(p)); ext != "" && ext != ".md" && ext != ".markdown" && ext != ".html" && ext != ".docx" {
		why = "a file, not a document: copy it under the site's static/ folder"
	}
	w.left(raw, why)
	return "", false
}

// find looks a link path up: relative to the page's file, to its old
// address, or (for a template or a leading /) to the site's root.
func (w *lineWork) find(p string, fromRoot bool) *Doc {
	var cands []string
	if strings.HasPrefix(p, "/") || fromRoot {
		cands = append(cands, p)
	}
	if !strings.HasPrefix(p, "/") {
		cands = append(cands, path.Join(path.Dir(w.d.SourceRel), p))
		if w.d.OldURL != "" {
			cands = append(cands, path.Join(w.d.OldURL, p))
		}
	}
	for _, c := range cands {
		if t := w.idx[normLink(c)]; t != nil {
			return t
		}
	}
	return nil
}

func (w *lineWork) left(target, why string) {
	w.sum.LinksLeft = append(w.sum.LinksLeft, LinkReport{At: w.at(), Target: target, Why: why})
}

// tags turns each Hugo shortcode or Liquid tag left on the line into code,
// so that it shows as written, and notes it: a person decides what it
// becomes. The handbook's own shortcodes stay.
func (w *lineWork) tags(line string) string {
	if handbookTag.MatchString(line) {
		w.sum.note(w.d.Source, w.line, "handbook shortcode %s kept: check warns when what it draws needs data the site lacks (content/_data/)", strings.TrimSpace(line))
		return line
	}
	return replaceOutsideCode(line, templateTag, func(m []string) string {
		kind := "Hugo shortcode"
		switch {
		case strings.HasPrefix(m[0], "{%") && strings.Contains(m[0], "include"):
			kind = "Liquid include"
		case strings.HasPrefix(m[0], "{%"), strings.HasPrefix(m[0], "{{") && !strings.HasPrefix(m[0], "{{<") && !strings.HasPrefix(m[0], "{{%"):
			kind = "Liquid tag"
		}
		w.sum.note(w.d.Source, w.line, "%s %s kept as text: replace it with what it showed", kind, m[0])
		return codeSpan(m[0])
	})
}

// codeSpan writes s as inline code, with a fence longer than any run of
// backticks inside.
func codeSpan(s string) string {
	fence := "`"
	for strings.Contains(s, fence) {
		fence += "`"
	}
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		return fence + " " + s + " " + fence
	}
	return fence + s + fence
}

// replaceOutsideCode replaces re's matches that do not start inside an
// inline code span.
func replaceOutsideCode(line string, re *regexp.Regexp, fn func([]string) string) string {
	var b strings.Builder
	last := 0
	for _, loc := range re.FindAllStringSubmatchIndex(line, -1) {
		if inCode(line, loc[0]) {
			continue
		}
		m := make([]string, len(loc)/2)
		for i := range m {
			if loc[2*i] >= 0 {
				m[i] = line[loc[2*i]:loc[2*i+1]]
			}
		}
		b.WriteString(line[last:loc[0]])
		b.WriteString(fn(m))
		last = loc[1]
	}
	b.WriteString(line[last:])
	return b.String()
}

// inCode reports whether byte i of line is inside an inline code span.
func inCode(line string, i int) bool {
	return i < len(line) && blankCode(line)[i] != line[i]
}

// external reports an address outside the site: with a scheme, or mailto:.
func external(dest string) bool {
	d := strings.ToLower(dest)
	return strings.Contains(d, "://") || strings.HasPrefix(d, "mailto:") || strings.HasPrefix(d, "tel:") || strings.HasPrefix(d, "//")
}

// extracted reports an image link to a file the import extracted.
func (d *Doc) extracted(link string) bool {
	return slices.ContainsFunc(d.Images, func(img Image) bool { return "../../"+img.Path == link })
}
