package build

import (
	"context"
	"fmt"
	"html/template"
	"io"
	"slices"
	"strings"
	"sync"

	"handbook/internal/cache"
	"handbook/internal/diag"
	"handbook/internal/diagram"
	"handbook/internal/diagram/svg"
	"handbook/internal/markdown"
	"handbook/internal/register"
	"handbook/internal/render"
	"handbook/internal/site"
	"handbook/internal/standard"
)

// ready is closed once an embed made alongside the pages is set (the
// figures, the log table); pages that embed it wait for it.
type ready struct {
	once, closeOnce sync.Once
	done            chan struct{}
}

func (r *ready) ch() chan struct{} {
	r.once.Do(func() { r.done = make(chan struct{}) })
	return r.done
}

func (r *ready) finish() { r.closeOnce.Do(func() { close(r.ch()) }) }

// waitFigures returns when the figures' embeds are set, or at once when
// the build draws none.
func (st *state) waitFigures() {
	if !st.Opts.NoFigures {
		<-st.drawing.ch()
	}
}

// warmFigures compiles the Graphviz engine in the background while the
// content is read, so that drawing does not wait for it. Only Build calls
// it: commands that draw nothing never load Graphviz, and a build whose
// cache holds drawings of both figures (likely the same ones) leaves the
// compiling to a drawing that needs it.
func warmFigures(ctx context.Context, opts Options) {
	if opts.NoFigures || opts.Cache != "" && cache.Has(opts.Cache, "figure-scope") && cache.Has(opts.Cache, "figure-structure") {
		return
	}
	go svg.Warm(ctx) // an error here recurs, and is reported, when drawing
}

// checkFigures reads the model of Figure 1 once: the built-in scope
// model, with the site's content/_data/scope.yaml (if any) applied as an
// override. Its problems are path:line diagnostics.
func (st *state) checkFigures(list *diag.List) {
	data, ok := st.Site.Data["scope.yaml"]
	if ok && data == nil {
		data = []byte{} // an empty file is an override that changes nothing
	}
	model, diags := diagram.LoadScope(diagram.ScopeFile, data)
	list.Add(diags...)
	st.Scope = model
}

// drawFigures lays out Figure 1 (scope) and Figure 2 (structure) once,
// records them as embeds for the pages that show them, then writes
// /scope/ and /structure/ and the SVG files.
func drawFigures(ctx context.Context, st *state, out sink) error {
	defer st.drawing.finish()
	if st.Opts.NoFigures {
		return nil
	}
	scope, err := st.scopeFigure(ctx)
	if err != nil {
		return err
	}
	structure, err := st.structureFigure(ctx)
	if err != nil {
		return err
	}
	views := []*render.FigureView{scope, structure}
	for _, v := range views {
		html, err := st.Theme.RenderPartial("_figure.html", v)
		if err != nil {
			return fmt.Errorf("rendering figure %s: %w", v.Name, err)
		}
		st.setEmbed("figure", v.Name, html)
		if v.SVG != "" {
			st.count(func(s *Stats) { s.Figures++ })
		}
	}
	st.drawing.finish()
	for _, v := range views {
		if v.SVG != "" {
			if err := out.Write(v.Name+".svg", []byte(v.SVG)); err != nil {
				return err
			}
		}
		p := st.NewPage(v.Name, strings.SplitN(v.Title, " - ", 2)[1], v.Name+"/")
		p.Main = v
		if err := st.writePage(out, v.Name, p, v.Name+"/index.html"); err != nil {
			return err
		}
	}
	return nil
}

// figure lays out a figure (the one Graphviz run for it in this build).
func (st *state) figure(ctx context.Context, fig *diagram.Figure, title string) (*render.FigureView, error) {
	// The drawing depends on the graph and the title alone: a build that
	// draws the same graph again takes it from the cache.
	name := "figure-" + fig.Name
	key := st.cacheKey(name, func(w io.Writer) error {
		_, err := fmt.Fprintf(w, "%q %q\n%s", fig.Graph.ID, title, fig.Graph.DOT())
		return err
	})
	b, err := st.cachedFile(name, key, func() ([]byte, error) { return svg.Render(ctx, fig.Graph, title) })
	if err != nil {
		return nil, err
	}
	return &render.FigureView{Name: fig.Name, Title: title, Outline: fig.Outline, SVG: template.HTML(b),
		SVGURL: st.Config.URL(fig.Name + ".svg")}, nil
}

func (st *state) scopeFigure(ctx context.Context) (*render.FigureView, error) {
	// checkFigures has reported the model's problems; a model with errors
	// does not get this far (the build stops after checking).
	if st.Scope == nil {
		return &render.FigureView{Name: "scope", Title: render.ScopeTitle,
			Missing: "the scope model in " + diagram.ScopeFile + " could not be read."}, nil
	}
	v, err := st.figure(ctx, diagram.ScopeFigure(st.Scope, st.scopeLinks()), render.ScopeTitle)
	if err != nil {
		return nil, err
	}
	v.Gaps = countGaps(v.Outline)
	return v, nil
}

// scopeLinks points Figure 1's boxes at the included documents that
// address their clauses.
func (st *state) scopeLinks() diagram.ScopeLinks {
	rank := func(t string) int { return slices.Index(st.Config.Types, t) }
	addresses := register.NewAddresses(st.Docs)
	return diagram.ScopeLinks{
		Docs: func(clauses []string) []diagram.DocLink {
			var out []diagram.DocLink
			for _, d := range addresses.Of(clauses, rank) {
				out = append(out, diagram.DocLink{ID: d.Meta.ID, Title: d.Meta.Title,
					URL: st.Config.URL(d.URLPath()), Approved: d.Meta.Status == "approved"})
			}
			return out
		},
		ClauseURL:   st.ClauseURL,
		ClauseTitle: func(n string) string { c, _ := standard.Lookup(n); return c.Title },
	}
}

func countGaps(items []*diagram.Item) int {
	n := 0
	for _, it := range items {
		if it.Gap {
			n++
		}
		n += countGaps(it.Children)
	}
	return n
}

func (st *state) structureFigure(ctx context.Context) (*render.FigureView, error) {
	nodes := make([]diagram.DocNode, len(st.Docs))
	for i, d := range st.Docs {
		nodes[i] = diagram.DocNode{ID: d.Meta.ID, Title: d.Meta.Title, Type: d.Meta.Type, Parent: d.Meta.Parent,
			URL: st.Config.URL(d.URLPath()), Status: d.Meta.Status}
	}
	if len(nodes) > StructureDrawLimit {
		// Past the limit the drawing is no longer read (see
		// StructureDrawLimit), and Graphviz's layout time grows far worse
		// than linearly: the figure is its text form, a tree per top
		// document, shown open (its graph is not even made).
		return &render.FigureView{Name: "structure", Title: render.StructureTitle, Outline: diagram.StructureOutline(nodes), OutlineOpen: true,
			Missing: fmt.Sprintf("Figure 2 is drawn for handbooks of up to %d documents (this one has %d); its structure is listed below, a tree under each top document.", StructureDrawLimit, len(nodes))}, nil
	}
	return st.figure(ctx, diagram.StructureFigure(render.StructureTitle, nodes), render.StructureTitle)
}

// StructureDrawLimit is the largest handbook whose Figure 2 is drawn.
// Measured on the synthetic corpus (../shared/bench/gencorpus): 40
// documents draw 1011x1208 pt, 100 draw 794x2823 pt, 120 draw 978x3272 pt
// (four screens tall; on A4 paper at page width, labels of 5 pt), 200 draw
// 992x5460 pt. Past 120 the drawing is a poster, not a figure.
const StructureDrawLimit = 120

// embeds reports whether a page's shortcodes include one named name
// ("figure", "log"); they are recorded as "name:arg".
func embeds(res *markdown.Result, name string) bool {
	return slices.ContainsFunc(res.Shortcodes, func(sc string) bool { return strings.HasPrefix(sc, name+":") })
}

// embedWaits reports whether a page's shortcodes include one whose embed
// a generator running alongside the pages sets: a figure, or the log.
func embedWaits(res *markdown.Result) bool {
	return embeds(res, "figure") || embeds(res, "log")
}

// waitEmbed returns when the embeds of the shortcode name are set.
func (st *state) waitEmbed(name string) {
	switch name {
	case "figure":
		st.waitFigures()
	case "log":
		<-st.logged.ch()
	}
}

// figuresLast orders documents so that those embedding a figure or the log
// come last: they wait for it, and the other pages need not wait behind them.
func (st *state) figuresLast(docs []*site.Document) []*site.Document {
	out := make([]*site.Document, 0, len(docs))
	var waiting []*site.Document
	for _, d := range docs {
		if p := st.Pages[d.Meta.ID]; p != nil && embedWaits(p) {
			waiting = append(waiting, d)
			continue
		}
		out = append(out, d)
	}
	return append(out, waiting...)
}
