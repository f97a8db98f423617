package diagram

import (
	_ "embed"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"handbook/internal/diag"
	"handbook/internal/suggest"
)

// builtinScope is the built-in model of Figure 1: the groups and processes
// of clauses 4 to 10 as the policy's figure arranges them.
//
//go:embed scope.yaml
var builtinScope []byte

// DefaultScope returns a fresh copy of the built-in scope model, which a
// test keeps valid.
func DefaultScope() *Scope {
	s, diags := ParseScope("internal/diagram/scope.yaml", builtinScope)
	if len(diags) > 0 {
		panic(fmt.Sprintf("the built-in scope model is invalid: %v", diags[0]))
	}
	return s
}

// LoadScope returns the model Figure 1 is drawn from: the built-in one,
// overridden by the site's scope file (data) when it has one (data not
// nil). An override may set the labels (title, system, customers,
// requirements, services), replace the groups, and rename, hide, move or
// add processes; what it does not mention stays as built in. Problems are
// diagnostics against path; the model is nil only when data is not YAML.
func LoadScope(path string, data []byte) (*Scope, []*diag.Diagnostic) {
	if data == nil {
		return DefaultScope(), nil
	}
	return parseScope(path, data, DefaultScope())
}

// processEdit is one entry of an override's "processes" list: a change to
// the process named Name, or a new process when no process has that name.
type processEdit struct {
	name, rename, group string
	clauses             []string
	hide                bool
	line                int
}

func (p *scopeParser) edits(n *yaml.Node) []processEdit {
	var out []processEdit
	for _, item := range p.list(n, "processes") {
		e := processEdit{line: item.Line}
		p.mapping(item, "process", map[string]func(*yaml.Node){
			"name":    p.str(&e.name),
			"rename":  p.str(&e.rename),
			"group":   p.str(&e.group),
			"hide":    func(v *yaml.Node) { e.hide = p.flag(v) },
			"clauses": func(v *yaml.Node) { e.clauses = p.clauses(v, e.name) },
		})
		switch {
		case e.name == "":
			p.errorf(item.Line, "process without a name (the name of a built-in process, or of a new one)")
			continue
		case e.hide && (e.rename != "" || e.group != "" || e.clauses != nil):
			p.errorf(item.Line, "process %q: a hidden process takes no other change", e.name)
			continue
		}
		out = append(out, e)
	}
	return out
}

func (p *scopeParser) flag(n *yaml.Node) bool {
	b, err := strconv.ParseBool(n.Value)
	if n.Kind != yaml.ScalarNode || err != nil {
		p.errorf(n.Line, "expected true or false")
	}
	return b
}

// located is where a process sits in the model.
type located struct {
	group *Group
	index int
}

// apply makes the override's process changes, in file order, and reports
// an unknown process or group, a process changed twice, and two processes
// that end up with one name.
func (p *scopeParser) apply(s *Scope, edits []processEdit) {
	if len(edits) == 0 {
		return
	}
	changed := map[string]int{} // lower-case name -> line of its edit
	for _, e := range edits {
		key := strings.ToLower(e.name)
		if first, ok := changed[key]; ok {
			p.errorf(e.line, "duplicate process %q: it is already changed at line %d", e.name, first)
			continue
		}
		changed[key] = e.line
		at, found := s.find(e.name)
		switch {
		case found && e.hide:
			at.group.Processes = slices.Delete(at.group.Processes, at.index, at.index+1)
		case found:
			p.change(s, at, e)
		case e.group == "" || len(e.clauses) == 0:
			p.errorf(e.line, "unknown process %q%s: to add a process, give its group and clauses", e.name, suggest.Hint(e.name, s.processNames()))
		default:
			if g := p.findGroup(s, e); g != nil {
				g.Processes = append(g.Processes, &Process{Name: e.name, Clauses: e.clauses, Line: e.line})
			}
		}
	}
	s.Groups = pruneGroups(s.Groups)
	seen := map[string]bool{}
	for _, pr := range s.Processes() {
		key := strings.ToLower(pr.Name)
		if seen[key] {
			p.errorf(pr.Line, "duplicate process %q: two processes of Figure 1 have this name", pr.Name)
		}
		seen[key] = true
	}
}

// change renames, re-clauses or moves a process that exists.
func (p *scopeParser) change(s *Scope, at located, e processEdit) {
	pr := at.group.Processes[at.index]
	pr.Line = e.line
	if e.rename != "" {
		pr.Name = e.rename
	}
	if len(e.clauses) > 0 {
		pr.Clauses = e.clauses
	}
	if e.group == "" {
		return
	}
	if g := p.findGroup(s, e); g != nil && g != at.group {
		at.group.Processes = slices.Delete(at.group.Processes, at.index, at.index+1)
		g.Processes = append(g.Processes, pr)
	}
}

// findGroup is the group an edit names, by name or by clause.
func (p *scopeParser) findGroup(s *Scope, e processEdit) *Group {
	var names []string
	var found *Group
	walkGroups(s.Groups, func(g *Group) {
		names = append(names, g.Name)
		if found == nil && (strings.EqualFold(g.Name, e.group) || (g.Clause != "" && g.Clause == e.group)) {
			found = g
		}
	})
	if found == nil {
		p.errorf(e.line, "process %q: unknown group %q%s (a group's name or clause)", e.name, e.group, suggest.Hint(e.group, names))
	}
	return found
}

// find is where the process named name (in any case) sits.
func (s *Scope) find(name string) (located, bool) {
	var at located
	found := false
	walkGroups(s.Groups, func(g *Group) {
		for i, pr := range g.Processes {
			if !found && strings.EqualFold(pr.Name, name) {
				at, found = located{g, i}, true
			}
		}
	})
	return at, found
}

func (s *Scope) processNames() []string {
	var out []string
	for _, pr := range s.Processes() {
		out = append(out, pr.Name)
	}
	return out
}

// walkGroups calls f on every group, parents before their subgroups.
func walkGroups(gs []*Group, f func(*Group)) {
	for _, g := range gs {
		f(g)
		walkGroups(g.Groups, f)
	}
}

// pruneGroups drops the groups that hiding processes has left empty.
func pruneGroups(gs []*Group) []*Group {
	var out []*Group
	for _, g := range gs {
		g.Groups = pruneGroups(g.Groups)
		if len(g.Processes) > 0 || len(g.Groups) > 0 {
			out = append(out, g)
		}
	}
	return out
}
