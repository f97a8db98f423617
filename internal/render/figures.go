package render

import (
	"html/template"

	"handbook/internal/diagram"
)

// Figure titles, as the policy captions them.
const (
	ScopeTitle     = "Figure 1 - ISO/IEC 20000:2018 scope"
	StructureTitle = "Figure 2 - Service management system documentation structure"
)

// FigureView is a figure as the layouts show it: the drawing inline, and
// its text alternative.
type FigureView struct {
	Name, Title string
	SVG         template.HTML
	SVGURL      string // the drawing as a file of its own
	Outline     []*diagram.Item
	// OutlineOpen shows the text alternative unfolded: it stands in for
	// a drawing too big to read.
	OutlineOpen bool
	Gaps        int // processes that no approved document addresses
	// Missing says why the figure is not drawn, when it is not.
	Missing string
}
