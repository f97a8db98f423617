// Package theme loads the page templates and static assets: the built-in
// ones embedded in the binary, overridden file by file by a site's own
// layouts/ and static/ folders.
package theme

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"

	"handbook/internal/diag"
	"handbook/internal/seal"
)

// Theme renders pages by kind ("doc", "home", "log", ...): each kind is the
// layout file <kind>.html parsed together with every partial (_*.html) and
// base.html.
//
// Besides the funcs given to Load, layouts have {{partial NAME DATA}}: the
// partial NAME rendered with DATA, as RenderPartial, and kept by the value
// of DATA (what it points to, for a pointer) when that is comparable, so
// that a link to a document listed on thousands of pages is rendered once.
// Pointers inside DATA are compared as pointers: what they point to must
// not change while the theme is in use.
type Theme struct {
	pages map[string]*template.Template
	// partials holds base.html and the partials alone, for RenderPartial.
	partials *template.Template
	static   map[string]staticFile
	kept     sync.Map // partialKey → template.HTML
}

type partialKey struct {
	name string
	data any
}

type staticFile struct {
	fsys fs.FS
	name string
}

// ErrLayouts is Load's error when the layouts have problems, each added to
// the list given to Load at its layouts/<file>:<line>.
var ErrLayouts = errors.New("the layouts have errors")

// Load reads the built-in theme (an FS with layouts/ and static/) and the
// overrides in siteDir. funcs are added to every template. Problems with
// a position (a layout that does not parse, a symbolic link out of the
// site, a dot-file in static/ left out) are added to problems; when any
// is an error, Load returns ErrLayouts.
func Load(builtin fs.FS, siteDir string, funcs template.FuncMap, problems *diag.List) (*Theme, error) {
	var found diag.List
	defer problems.Merge(&found)
	layouts, err := merged(builtin, siteDir, "layouts", &found)
	if err != nil {
		return nil, err
	}
	static, err := merged(builtin, siteDir, "static", &found)
	if err != nil {
		return nil, err
	}
	t := &Theme{pages: map[string]*template.Template{}, static: static}
	root := template.New("").Funcs(funcs).Funcs(template.FuncMap{"partial": t.nested})
	var kinds []string
	for _, name := range sortedKeys(layouts) {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		if name != "base.html" && !strings.HasPrefix(path.Base(name), "_") {
			kinds = append(kinds, name)
			continue
		}
		found.Add(parse(root, name, layouts[name]))
	}
	if errs, _ := found.Count(); errs > 0 {
		return nil, ErrLayouts // the pages would repeat the partials' errors
	}
	if t.partials, err = root.Clone(); err != nil {
		return nil, err
	}
	for _, name := range kinds {
		tpl, err := root.Clone()
		if err != nil {
			return nil, err
		}
		if d := parse(tpl, name, layouts[name]); d != nil {
			found.Add(d)
			continue
		}
		t.pages[strings.TrimSuffix(name, ".html")] = tpl
	}
	if errs, _ := found.Count(); errs > 0 {
		return nil, ErrLayouts
	}
	return t, nil
}

// parse parses one layout into t; a problem is returned at its position.
func parse(t *template.Template, name string, f staticFile) *diag.Diagnostic {
	b, err := fs.ReadFile(f.fsys, f.name)
	if err != nil {
		return diag.Errorf("layouts/"+name, 0, "cannot read: %v", err)
	}
	if _, err := t.New(name).Parse(string(b)); err != nil {
		return layoutDiag(err)
	}
	return nil
}

// merged lists the files of dir in the built-in FS and in the site folder;
// a site file replaces the built-in file of the same name. Of the site's
// files, symbolic links out of the site are errors, and dot-files and
// dot-folders are left out (with a warning in static/, which would publish
// them: .git/config, .env), except static/.well-known/.
func merged(builtin fs.FS, siteDir, dir string, problems *diag.List) (map[string]staticFile, error) {
	files := map[string]staticFile{}
	add := func(fsys fs.FS, fromSite bool) error {
		err := fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || p == dir {
				return err
			}
			if strings.HasPrefix(d.Name(), ".") && p != dir+"/.well-known" {
				if fromSite && dir == "static" {
					problems.Add(diag.Warnf(p, 0, "not published: dot-files and dot-folders in static/ never are (except .well-known/)"))
				}
				if d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if fromSite && seal.IsLink(d) {
				if problem := seal.CheckLink(siteDir, filepath.Join(siteDir, filepath.FromSlash(p))); problem != nil {
					problems.Add(problem)
					return nil
				}
			}
			if !d.IsDir() {
				files[strings.TrimPrefix(p, dir+"/")] = staticFile{fsys, p}
			}
			return nil
		})
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		return err
	}
	if err := add(builtin, false); err != nil {
		return nil, err
	}
	if siteDir != "" {
		if problem := seal.Check(siteDir, filepath.Join(siteDir, dir)); problem != nil {
			problems.Add(problem)
			return files, nil
		}
		if fi, err := os.Stat(filepath.Join(siteDir, dir)); err == nil && fi.IsDir() {
			if err := add(os.DirFS(siteDir), true); err != nil {
				return nil, fmt.Errorf("%s: %w", dir, err)
			}
		}
	}
	return files, nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// Has reports whether the theme has a layout for kind.
func (t *Theme) Has(kind string) bool { _, ok := t.pages[kind]; return ok }

// Render executes the layout of kind (its "base" template) with data. A
// template's error is a *diag.Diagnostic at its layouts/<file>:<line>
// (the innermost layout's, for an error inside a partial); a panic while
// executing is an error too.
func (t *Theme) Render(w io.Writer, kind string, data any) (err error) {
	tpl, ok := t.pages[kind]
	if !ok {
		return fmt.Errorf("no layout %s.html", kind)
	}
	defer recoverLayout(&err, kind+".html")
	return layoutErr(tpl.ExecuteTemplate(w, "base", data))
}

// RenderBytes is Render into a new byte slice.
func (t *Theme) RenderBytes(kind string, data any) ([]byte, error) {
	var b bytes.Buffer
	err := t.Render(&b, kind, data)
	return b.Bytes(), err
}

// RenderPartial executes one partial (a "_name.html" layout, or a template
// a partial defines) with data: HTML that the build places inside pages,
// such as the figures and the Documentation Log.
func (t *Theme) RenderPartial(name string, data any) (_ []byte, err error) {
	defer recoverLayout(&err, name)
	var b bytes.Buffer
	if err := t.partials.ExecuteTemplate(&b, name, data); err != nil {
		return nil, layoutErr(err)
	}
	return b.Bytes(), nil
}

// Partial is the layouts' {{partial NAME DATA}} for Go code: the partial
// name rendered with data, kept as the layouts' are.
func (t *Theme) Partial(name string, data any) (template.HTML, error) {
	return t.partial(name, data, false)
}

// nested is {{partial NAME DATA}} in the layouts: Partial, but an error
// where partials nest too deep (one that calls itself). Go code calls
// Partial from a shallow stack: only the layouts can nest.
func (t *Theme) nested(name string, data any) (template.HTML, error) {
	return t.partial(name, data, true)
}

// partial is Partial, asking how deep the stack is (deep, which walks it:
// about 2 µs) where checkDepth is set.
func (t *Theme) partial(name string, data any, checkDepth bool) (template.HTML, error) {
	v := reflect.ValueOf(data)
	for v.Kind() == reflect.Pointer && !v.IsNil() {
		v = v.Elem() // kept by value: pages make their own pointers
	}
	keep := v.IsValid() && v.Type().Comparable()
	var k partialKey
	if keep {
		data = v.Interface()
		k = partialKey{name, data}
		if html, ok := t.kept.Load(k); ok {
			return html.(template.HTML), nil // rendered before: nothing to nest
		}
	}
	if checkDepth && deep() {
		return "", diag.Errorf("layouts/"+name, 0, "partial %q nested too deep (does it call itself?)", name)
	}
	b, err := t.RenderPartial(name, data)
	if !keep {
		return template.HTML(b), err
	}
	if err != nil {
		return "", err
	}
	t.kept.Store(k, template.HTML(b))
	return template.HTML(b), nil
}

// StaticFiles lists the static assets' output paths, sorted.
func (t *Theme) StaticFiles() []string { return sortedKeys(t.static) }

// ReadStatic returns the bytes of a static asset.
func (t *Theme) ReadStatic(name string) ([]byte, error) {
	f, ok := t.static[name]
	if !ok {
		return nil, fs.ErrNotExist
	}
	return fs.ReadFile(f.fsys, f.name)
}
