package importer

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
	"gopkg.in/yaml.v3"

	"handbook/internal/config"
)

// readSite reads the Markdown files of a Hugo, Jekyll, MkDocs or plain
// site folder. A file that cannot be read is a problem in the summary and
// the others go on; a folder with no Markdown at all is a problem too.
func readSite(opts Options, cfg *config.Config, sum *Summary) ([]*Doc, error) {
	dir := opts.Sources[0]
	root, nav := siteRoot(opts.From, dir, sum)
	files, err := markdownFiles(opts.From, root)
	if err != nil {
		return nil, &UsageError{fmt.Sprintf("%s: %v", dir, err)}
	}
	if len(files) == 0 {
		sum.problem(dir, 0, "no Markdown (.md) files in this folder: give the %s site's folder", opts.From)
		return nil, nil
	}
	var docs []*Doc
	for _, rel := range files {
		src := filepath.Join(root, filepath.FromSlash(rel))
		data, err := os.ReadFile(src)
		if err != nil {
			sum.problem(src, 0, "cannot read: %v", err)
			continue
		}
		if !utf8.Valid(data) {
			sum.problem(src, 0, "not UTF-8 text: save it as UTF-8 and import it again")
			continue
		}
		d, err := readMarkdown(opts, cfg, src, rel, data, nav)
		if err != nil {
			var pe *posError
			if errors.As(err, &pe) {
				sum.problem(src, pe.line, "%s", pe.msg)
			} else {
				sum.problem(src, 0, "%v", err)
			}
			continue
		}
		docs = append(docs, d)
	}
	return docs, nil
}

// posError is a problem at a line of a source file.
type posError struct {
	line int
	msg  string
}

func (e *posError) Error() string { return fmt.Sprintf("line %d: %s", e.line, e.msg) }

// navEntry is a page of MkDocs' nav: its position and title.
type navEntry struct {
	order int
	title string
}

// siteRoot is the folder holding a flavour's Markdown (Hugo's content/,
// MkDocs' docs_dir) and, for MkDocs, the nav by page path.
func siteRoot(flavour, dir string, sum *Summary) (string, map[string]navEntry) {
	switch flavour {
	case "hugo":
		if fi, err := os.Stat(filepath.Join(dir, "content")); err == nil && fi.IsDir() {
			return filepath.Join(dir, "content"), nil
		}
	case "mkdocs":
		var m struct {
			DocsDir string `yaml:"docs_dir"`
			Nav     []any  `yaml:"nav"`
		}
		cfgPath := filepath.Join(dir, "mkdocs.yml")
		data, err := os.ReadFile(cfgPath)
		if err != nil {
			sum.note(dir, 0, "no mkdocs.yml: docs/ is read without a nav")
		} else if err := yaml.Unmarshal(data, &m); err != nil {
			line, msg := config.YAMLError(err, data)
			sum.note(cfgPath, line, "not read (%s): docs/ is read without a nav", msg)
		}
		nav := map[string]navEntry{}
		flattenNav(m.Nav, nav)
		return filepath.Join(dir, cmpOr(m.DocsDir, "docs")), nav
	}
	return dir, nil
}

// flattenNav numbers MkDocs' nav pages in order: "- Title: page.md",
// "- page.md", and sections "- Section: [ ... ]".
func flattenNav(items []any, out map[string]navEntry) {
	for _, it := range items {
		switch v := it.(type) {
		case string:
			out[v] = navEntry{len(out), ""}
		case map[string]any:
			for title, x := range v {
				switch y := x.(type) {
				case string:
					out[y] = navEntry{len(out), title}
				case []any:
					flattenNav(y, out)
				}
			}
		}
	}
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// skipFolders are folders of a site that hold no pages.
var skipFolders = []string{"_site", "_layouts", "_includes", "_sass", "_data", "_plugins", "node_modules", "vendor", "public", "resources", "site", "themes", "layouts", "static", "assets"}

// markdownFiles lists the Markdown files under root, as sorted slash paths.
func markdownFiles(flavour, root string) ([]string, error) {
	var files []string
	err := filepath.WalkDir(root, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := e.Name()
		if p != root && e.IsDir() && (strings.HasPrefix(name, ".") || (flavour != "plain" && slices.Contains(skipFolders, name))) {
			return filepath.SkipDir
		}
		ext := strings.ToLower(path.Ext(name))
		if !e.IsDir() && (ext == ".md" || ext == ".markdown") {
			rel, _ := filepath.Rel(root, p)
			files = append(files, filepath.ToSlash(rel))
		}
		return nil
	})
	slices.Sort(files)
	return files, err
}

// isIndex reports a folder's own document: index.md, _index.md, README.md.
func isIndex(rel string) bool {
	base := strings.ToLower(strings.TrimSuffix(path.Base(rel), path.Ext(rel)))
	return base == "index" || base == "_index" || base == "readme"
}

// readMarkdown maps one Markdown file's front matter and body to a Doc.
func readMarkdown(opts Options, cfg *config.Config, src, rel string, data []byte, nav map[string]navEntry) (*Doc, error) {
	fm, body, bodyLine, err := parseFrontMatter(data)
	if err != nil {
		return nil, err
	}
	d := &Doc{Source: src, SourceRel: rel, Body: body, bodyLine: bodyLine}
	m := mapper{d: d, fm: fm, classes: cfg.Classes}
	m.fields()
	if opts.From == "jekyll" && strings.HasPrefix(rel, "_drafts/") {
		d.Draft = true // Jekyll publishes nothing from _drafts/
	}
	if n, ok := nav[rel]; ok {
		d.Weight, d.HasWeight = n.order, true
		if d.Title == "" && n.title != "" {
			d.Title = n.title
			d.guess("title", n.title, "mkdocs.yml's nav")
		}
	}
	if d.Title == "" {
		d.Title = firstH1(body)
		if d.Title != "" {
			d.guess("title", d.Title, "the first heading")
		}
	}
	if d.Title == "" {
		d.Title = titleFromFile(src)
		if isIndex(rel) && path.Dir(rel) != "." {
			d.Title = titleFromFile(path.Dir(rel))
		}
		d.guess("title", d.Title, "the file name: the source has no title")
	}
	if u := oldURL(opts.From, rel, fm); u != "" && u != "/" {
		d.OldURL = u
		d.Aliases = append(d.Aliases, u)
		d.guess("aliases", u, "the page's address on the old "+opts.From+" site")
	}
	d.Folder, d.FileName = destination(opts.Into, rel)
	return d, nil
}

// destination is the folder and file name a site page is written to:
// the same place under --into, _index.md as index.md, .markdown as .md,
// Jekyll's _posts as posts.
func destination(into, rel string) (folder, file string) {
	dir, file := path.Split(rel)
	var parts []string
	for _, p := range strings.Split(strings.Trim(dir, "/"), "/") {
		if p != "" {
			parts = append(parts, strings.TrimPrefix(p, "_"))
		}
	}
	file = strings.TrimSuffix(file, path.Ext(file)) + ".md"
	if file == "_index.md" {
		file = "index.md"
	}
	return path.Join(append([]string{into}, parts...)...), file
}

// oldURL is a page's address on the old site, which must keep working.
func oldURL(flavour, rel string, fm map[string]any) string {
	for _, k := range []string{"url", "permalink"} {
		if u := str(fm[k]); u != "" {
			return "/" + strings.TrimLeft(u, "/")
		}
	}
	noExt := strings.TrimSuffix(rel, path.Ext(rel))
	dir := path.Dir(rel)
	index := isIndex(rel)
	switch flavour {
	case "hugo":
		if index {
			return folderURL(dir)
		}
		if slug := str(fm["slug"]); slug != "" {
			return folderURL(path.Join(dir, slug))
		}
		return folderURL(noExt)
	case "mkdocs":
		if index {
			return folderURL(dir)
		}
		return folderURL(noExt)
	case "jekyll":
		if index {
			return folderURL(dir)
		}
		if _, file, ok := strings.Cut(noExt, "_posts/"); ok && len(path.Base(file)) > 11 {
			base := path.Base(file)
			return "/" + strings.ReplaceAll(base[:10], "-", "/") + "/" + base[11:] + ".html"
		}
		return "/" + noExt + ".html"
	}
	return ""
}

func folderURL(p string) string {
	if p == "." || p == "" {
		return "/"
	}
	return "/" + strings.Trim(p, "/") + "/"
}

// firstH1 is the text of the body's first "# " heading outside code.
func firstH1(body string) string {
	for _, line := range proseLines(body) {
		if t, ok := strings.CutPrefix(line, "# "); ok {
			return strings.TrimSpace(strings.TrimRight(t, "# "))
		}
	}
	return ""
}

// parseFrontMatter splits YAML (---), TOML (+++) or JSON ({) front matter
// from the body. A syntax error is a *posError at the file's line.
func parseFrontMatter(data []byte) (fm map[string]any, body string, bodyLine int, err error) {
	text := strings.TrimPrefix(strings.ReplaceAll(string(data), "\r\n", "\n"), "\ufeff")
	lines := strings.SplitAfter(text, "\n")
	if len(lines) == 0 {
		return map[string]any{}, text, 1, nil
	}
	first := strings.TrimSpace(lines[0])
	var closers []string
	switch first {
	case "---":
		closers = []string{"---", "..."}
	case "+++":
		closers = []string{"+++"}
	case "{":
		closers = []string{"}"}
	default:
		return map[string]any{}, text, 1, nil
	}
	end := -1
	for i := 1; i < len(lines); i++ {
		if slices.Contains(closers, strings.TrimSpace(lines[i])) {
			end = i
			break
		}
	}
	if end < 0 {
		return nil, "", 0, &posError{1, fmt.Sprintf("front matter opened with %q is never closed", first)}
	}
	raw := strings.Join(lines[1:end], "")
	fm = map[string]any{}
	switch first {
	case "---":
		if err := yaml.Unmarshal([]byte(raw), &fm); err != nil {
			line, msg := config.YAMLError(err, []byte(raw))
			return nil, "", 0, &posError{1 + max(line, 1), "front matter does not parse: " + msg}
		}
	case "+++":
		if _, err := toml.Decode(raw, &fm); err != nil {
			line := 1
			var pe toml.ParseError
			if errors.As(err, &pe) {
				line = pe.Position.Line
			}
			return nil, "", 0, &posError{1 + line, "front matter does not parse: " + firstLine(err.Error())}
		}
	case "{":
		raw = strings.Join(lines[:end+1], "")
		if err := json.Unmarshal([]byte(raw), &fm); err != nil {
			line := 1
			var se *json.SyntaxError
			if errors.As(err, &se) {
				line = 1 + strings.Count(raw[:min(int(se.Offset), len(raw))], "\n")
			}
			return nil, "", 0, &posError{line, "front matter does not parse: " + err.Error()}
		}
	}
	return fm, strings.Join(lines[end+1:], ""), end + 2, nil
}

// str is a front-matter value as text.
func str(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return strings.TrimSpace(x)
	case time.Time:
		return x.Format(time.DateOnly)
	case fmt.Stringer:
		return x.String()
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	}
	return fmt.Sprint(v)
}

// strs is a front-matter list (or one value) as texts.
func strs(v any) []string {
	var out []string
	switch x := v.(type) {
	case []any:
		for _, e := range x {
			if s := str(e); s != "" {
				out = append(out, s)
			}
		}
	case []string:
		out = append(out, x...)
	default:
		if s := str(v); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// isoDate reads a front-matter date (a YAML or TOML date, or text).
func isoDate(v any) (string, error) {
	s := str(v)
	if len(s) >= 10 {
		if t, err := time.Parse(time.DateOnly, s[:10]); err == nil {
			return t.Format(time.DateOnly), nil
		}
	}
	return parseDate(s)
}

// mapper maps one file's front matter to its Doc's fields.
type mapper struct {
	d       *Doc
	fm      map[string]any
	classes []string
	used    []string
}

func (m *mapper) get(keys ...string) (string, any) {
	for _, k := range keys {
		if v, ok := m.fm[k]; ok {
			m.used = append(m.used, k)
			return k, v
		}
	}
	return "", nil
}

// fields maps the front matter of every flavour: title; date/lastmod to
// approved and history; aliases/redirect_from; draft/published; tags and
// categories; weight/nav_order; and the handbook's own fields when a site
// already has them.
func (m *mapper) fields() {
	d := m.d
	_, v := m.get("title")
	d.Title = str(v)
	for _, f := range []struct {
		key string
		p   *string
	}{{"id", &d.ID}, {"type", &d.Type}, {"version", &d.Version}, {"owner", &d.Owner}, {"approver", &d.Approver}} {
		_, v := m.get(f.key)
		*f.p = str(v)
	}
	if _, v := m.get("classification"); v != nil {
		applyClass(d, "classification", str(v), m.classes)
	}
	_, v = m.get("clauses")
	d.Clauses = strs(v)
	_, v = m.get("parent")
	d.Parent = str(v)
	_, v = m.get("related")
	d.Related = strs(v)
	m.history()
	m.dates()
	for _, k := range []string{"aliases", "redirect_from"} {
		_, v := m.get(k)
		for _, a := range strs(v) {
			if !strings.HasPrefix(a, "/") && !external(a) {
				// Hugo reads an alias without a leading / from the page's folder.
				rel := "/" + path.Join(path.Dir(d.SourceRel), a)
				d.guess("aliases", rel, fmt.Sprintf("%s %q, relative to the page's folder", k, a))
				a = rel
			}
			d.Aliases = append(d.Aliases, a)
		}
	}
	if _, v := m.get("draft"); v == true {
		d.Draft = true
	}
	if _, v := m.get("published"); v == false {
		d.Draft = true
	}
	switch _, v := m.get("status"); str(v) {
	case "draft", "in-review":
		d.Draft = true
	case "retired":
		d.Status = "retired"
	}
	for _, k := range []string{"tags", "categories", "keywords"} {
		_, v := m.get(k)
		for _, t := range strs(v) {
			if !slices.Contains(d.Tags, t) {
				d.Tags = append(d.Tags, t)
			}
		}
	}
	if k, v := m.get("weight", "nav_order", "sidebar_position"); v != nil {
		if w, err := strconv.Atoi(str(v)); err == nil {
			d.Weight, d.HasWeight = w, true
		} else {
			d.todof("%s %q is not a number: the folder order is not kept", k, str(v))
		}
	}
	m.get("url", "permalink", "slug", "layout")
	var dropped []string
	for k := range m.fm {
		if !slices.Contains(m.used, k) {
			dropped = append(dropped, k)
		}
	}
	if len(dropped) > 0 {
		slices.Sort(dropped)
		d.guess("fields dropped", strings.Join(dropped, ", "), "front matter the handbook has no field for")
	}
}

// history keeps a handbook-style history: {version, date, author, summary}.
func (m *mapper) history() {
	_, v := m.get("history")
	for i, e := range items(v) {
		r, _ := e.(map[string]any)
		rev := Revision{Version: str(r["version"]), Author: str(r["author"]), Summary: str(r["summary"])}
		iso, err := isoDate(r["date"])
		if err != nil || rev.Version == "" {
			m.d.todof("history entry %d left out: it needs a version and a date (YYYY-MM-DD)", i+1)
			continue
		}
		rev.Date = iso
		m.d.History = append(m.d.History, rev)
	}
}

// dates map date, lastmod (or Jekyll's last_modified_at) and review.
func (m *mapper) dates() {
	d := m.d
	dates := map[string]string{}
	for _, keys := range [][]string{{"date", "publishDate"}, {"lastmod", "last_modified_at", "updated"}, {"review"}, {"approved"}} {
		k, v := m.get(keys...)
		if v == nil {
			continue
		}
		iso, err := isoDate(v)
		if err != nil {
			d.todof("%s: %v", k, err)
			continue
		}
		dates[keys[0]] = iso
	}
	d.Review = dates["review"]
	switch {
	case dates["approved"] != "":
		d.Approved = dates["approved"]
	case dates["lastmod"] != "":
		d.Approved = dates["lastmod"]
		d.guess("approved", d.Approved, "lastmod: the date it was last changed")
	case dates["date"] != "":
		d.Approved = dates["date"]
		d.guess("approved", d.Approved, "date: the date it was published")
	}
	if len(d.History) > 0 {
		return // the source's own history
	}
	// One entry: the source has one version, and a version number names one
	// issue (check warns of a version used twice). Its date is the last
	// change, which is the approval date taken above.
	switch lm := dates["lastmod"]; {
	case lm != "" && dates["date"] != "" && lm != dates["date"]:
		d.History = append(d.History, Revision{Version: cmpOr(d.Version, "1.0"), Date: lm, Author: d.Owner,
			Summary: "Published " + dates["date"] + ", last modified " + lm})
	case lm != "":
		d.History = append(d.History, Revision{Version: cmpOr(d.Version, "1.0"), Date: lm, Author: d.Owner, Summary: "Last modified"})
	case dates["date"] != "":
		d.History = append(d.History, Revision{Version: cmpOr(d.Version, "1.0"), Date: dates["date"], Author: d.Owner, Summary: "Published"})
	}
}
