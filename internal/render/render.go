// Package render is the page-rendering step: the view models the layouts
// receive (Page and the views of each kind of page) and the execution of
// the layouts on them.
//
// Its contract: it is given a read-only snapshot of one build (Snapshot)
// and returns new values (views, HTML); it never changes the snapshot, the
// site or its documents. Which pages are made, in what order and on how
// many cores, and where their bytes go, is package build's job.
package render

import (
	"time"

	"handbook/internal/config"
	"handbook/internal/link"
	"handbook/internal/markdown"
	"handbook/internal/site"
	"handbook/internal/theme"
)

// Snapshot is what the pages of a build are made from. Its owner (package
// build) fills it; render only reads it, from any number of goroutines.
type Snapshot struct {
	Config   *config.Config
	Theme    *theme.Theme
	Index    *link.Index
	Graph    *link.Graph
	Docs     []*site.Document            // included documents, by id
	Pages    map[string]*markdown.Result // rendered bodies, by id
	Today    time.Time                   // decides overdue reviews
	Audience string                      // "" for every document
	// Nav is the sidebar (Nav makes it).
	Nav []NavGroup
	// Embed returns the HTML that replaces the shortcode name:arg in a
	// page, once it is set (it may wait for it); false when the build
	// makes none.
	Embed func(name, arg string) ([]byte, bool)
}

// Render executes the layout of a kind of page.
func (s *Snapshot) Render(kind string, p *Page) ([]byte, error) {
	return s.Theme.RenderBytes(kind, p)
}
