package build

import (
	"context"
	"slices"
	"strings"

	"handbook/internal/diagram"
	"handbook/internal/site"
)

// BuildState builds like Build and returns the build's state too, for a
// command that makes more from the built site (handbook pack).
func BuildState(ctx context.Context, opts Options) (*Result, *State, error) {
	res, st, err := buildState(ctx, opts, false)
	return res, handle(st), err
}

// StructureOrder returns docs grouped by the levels of the documentation
// structure (Figure 2: policy, plans and processes, procedures, records
// and templates), each level ordered by the configured order of types,
// then by id. Levels with no document are left out.
func (s *State) StructureOrder(docs []*site.Document) (levels []string, byLevel [][]*site.Document) {
	tier := func(typ string) int {
		for i, t := range diagram.Tiers {
			if slices.Contains(t.Types, typ) {
				return i
			}
		}
		return len(diagram.Tiers) - 1 // as Figure 2 places an unknown type
	}
	groups := make([][]*site.Document, len(diagram.Tiers))
	for _, d := range docs {
		i := tier(d.Meta.Type)
		groups[i] = append(groups[i], d)
	}
	rank := func(t string) int { return slices.Index(s.st.Config.Types, t) }
	for i, g := range groups {
		if len(g) == 0 {
			continue
		}
		slices.SortStableFunc(g, func(a, b *site.Document) int {
			if r := rank(a.Meta.Type) - rank(b.Meta.Type); r != 0 {
				return r
			}
			return strings.Compare(a.Meta.ID, b.Meta.ID)
		})
		levels, byLevel = append(levels, diagram.Tiers[i].Label), append(byLevel, g)
	}
	return levels, byLevel
}
