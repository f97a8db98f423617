package build

import (
	"context"
	"errors"

	"handbook/internal/diag"
	"handbook/internal/render"
)

// checkLayouts executes every layout against a sample page of each kind,
// as `check` does: a layout that parses but fails on real data (a field
// that does not exist, a partial that calls itself) is found without a
// build. Each problem is reported once, at layouts/<file>:<line>. st is a
// state Check returned without errors; it is used for nothing else after
// (the figures and the log are taken as drawn, with nothing to embed).
func (st *state) checkLayouts(ctx context.Context) []*diag.Diagnostic {
	if st.Theme == nil {
		return nil // the layouts did not parse: Check reported why
	}
	st.drawing.finish() // nothing will be drawn or logged: pages embed nothing
	st.logged.finish()
	st.Nav = st.MakeNav()
	var discard discardSink
	samples := []func() error{
		func() error { return writeSitePages(ctx, st, discard) }, // home, lists, 404
		func() error { return writeSearchPage(ctx, st, discard) },
		func() error { return writeLog(st, discard) },
		func() error { return writeClauses(st, discard) },
		func() error { return writeReviews(st, discard) },
		func() error { return st.sampleFigurePages(discard) },
	}
	if len(st.Docs) > 0 {
		d := st.Docs[0]
		samples = append(samples, func() error {
			if _, err := st.Theme.RenderBytes("doc", st.DocPage(d, st.Children())); err != nil {
				return err
			}
			p := st.NewPage("redirect", d.Meta.Title, "docs/sample/")
			p.Redirect = st.Config.URL(d.URLPath())
			_, err := st.Theme.RenderBytes("redirect", p)
			return err
		})
	}
	var errs []error
	for _, f := range samples {
		errs = append(errs, f())
	}
	res := &Result{Diags: &diag.List{}}
	if err := errors.Join(errs...); err != nil {
		if layoutProblems(res, err) != ErrContent {
			res.Diags.Add(diag.Errorf("layouts", 0, "%v", err))
		}
	}
	return res.Diags.All()
}

// sampleFigurePages renders the pages of Figures 1 and 2 without their
// drawings (check draws nothing).
func (st *state) sampleFigurePages(out sink) error {
	var errs []error
	for _, v := range []*render.FigureView{{Name: "scope", Title: render.ScopeTitle}, {Name: "structure", Title: render.StructureTitle}} {
		p := st.NewPage(v.Name, v.Title, v.Name+"/")
		p.Main = v
		errs = append(errs, st.writePage(out, v.Name, p, v.Name+"/index.html"))
	}
	return errors.Join(errs...)
}

// discardSink takes the sample pages of checkLayouts and keeps nothing.
type discardSink struct{}

func (discardSink) Write(string, []byte) error { return nil }
