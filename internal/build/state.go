package build

import (
	"context"
	"time"

	"handbook/internal/config"
	"handbook/internal/diag"
	"handbook/internal/markdown"
	"handbook/internal/register"
	"handbook/internal/site"
)

// State is a checked or built site, for commands that make more of it
// (check's layout pass, pack). It is read only: the documents and results
// it returns are the build's own, not copies.
type State struct{ st *state }

// handle is st as a State; nil for none.
func handle(st *state) *State {
	if st == nil {
		return nil
	}
	return &State{st}
}

// Docs are the documents of the build (those of its audience), by id.
func (s *State) Docs() []*site.Document { return s.st.Docs }

// Config is the site's configuration, with the build's base URL.
func (s *State) Config() *config.Config { return s.st.Config }

// Today is the build's date.
func (s *State) Today() time.Time { return s.st.Today }

// Audience is the audience built for; "" for every document.
func (s *State) Audience() string { return s.st.Opts.Audience }

// Page is the rendered body of the document with that id; nil if none.
func (s *State) Page(id string) *markdown.Result { return s.st.Pages[id] }

// CheckLayouts executes every layout against a sample page of each kind,
// as `check` does; each problem is reported once, at layouts/<file>:<line>.
// The state must come from a Check without errors, and is used for
// nothing else after.
func (s *State) CheckLayouts(ctx context.Context) []*diag.Diagnostic { return s.st.checkLayouts(ctx) }

// Workbook is what this build's workbooks are made from: its documents
// in log order, their rows, and the build's date.
func (s *State) Workbook() register.Workbook { return s.st.workbook() }
