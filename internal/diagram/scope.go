package diagram

import (
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"handbook/internal/config"
	"handbook/internal/diag"
	"handbook/internal/standard"
	"handbook/internal/suggest"
)

// ScopeFile is the data file of Figure 1, relative to the site folder.
const ScopeFile = "content/_data/scope.yaml"

// Scope is the model of Figure 1: customers send service requirements into
// the service management system, which returns services; inside it, the
// clause groups of ISO/IEC 20000-1:2018 with their processes.
type Scope struct {
	Title        string
	System       string // label of the SMS box
	Customers    string
	Requirements string // the flow into the SMS
	Services     string // the flow out of it
	Groups       []*Group
}

// Group is a box of related processes, such as "Resolution and fulfilment".
type Group struct {
	Name   string
	Clause string // the clause the group stands for, if any
	// Row places the group among its siblings: groups with the same row sit
	// side by side, rows go top to bottom. Zero means "the row after the
	// previous group's".
	Row       int
	Processes []*Process
	Groups    []*Group
	Line      int
}

// Process is one box of the figure with the clauses it stands for.
type Process struct {
	Name    string
	Clauses []string
	Line    int
}

// ParseScope reads a whole scope model, such as the built-in one.
// Problems (YAML errors, unknown keys, clauses not in the standard) are
// returned as diagnostics against path; the model is nil only when the
// file is not YAML at all.
func ParseScope(path string, data []byte) (*Scope, []*diag.Diagnostic) {
	return parseScope(path, data, &Scope{})
}

// parseScope reads a scope model file onto base: the labels it sets
// replace base's, a "groups" list replaces base's groups, and its
// "processes" list renames, hides, moves or adds processes.
func parseScope(path string, data []byte, base *Scope) (*Scope, []*diag.Diagnostic) {
	p := &scopeParser{path: path}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		line, msg := config.YAMLError(err, data)
		return nil, []*diag.Diagnostic{diag.Errorf(path, line, "%s", msg)}
	}
	if len(root.Content) == 0 {
		if len(base.Groups) > 0 {
			return base, nil // an empty override changes nothing
		}
		return nil, []*diag.Diagnostic{diag.Errorf(path, 0, "empty scope model")}
	}
	s := base
	doc := root.Content[0]
	var edits []processEdit
	p.mapping(doc, "scope model", map[string]func(*yaml.Node){
		"title":        p.str(&s.Title),
		"system":       p.str(&s.System),
		"customers":    p.str(&s.Customers),
		"requirements": p.str(&s.Requirements),
		"services":     p.str(&s.Services),
		"groups":       func(n *yaml.Node) { s.Groups = p.groups(n) },
		"processes":    func(n *yaml.Node) { edits = p.edits(n) },
	})
	p.apply(s, edits)
	if len(s.Groups) == 0 {
		p.errorf(doc.Line, "the scope model has no groups")
	}
	return s, p.diags
}

type scopeParser struct {
	path  string
	diags []*diag.Diagnostic
}

func (p *scopeParser) errorf(line int, format string, args ...any) {
	p.diags = append(p.diags, diag.Errorf(p.path, line, format, args...))
}

// mapping calls the handler of each key of a YAML mapping and reports
// unknown keys, so that a misspelt "proceses:" does not pass silently.
func (p *scopeParser) mapping(n *yaml.Node, what string, keys map[string]func(*yaml.Node)) {
	if n.Kind != yaml.MappingNode {
		p.errorf(n.Line, "%s: expected a mapping of keys to values", what)
		return
	}
	known := make([]string, 0, len(keys))
	for k := range keys {
		known = append(known, k)
	}
	slices.Sort(known)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if f, ok := keys[k.Value]; ok {
			f(v)
			continue
		}
		p.errorf(k.Line, "%s: unknown key %q%s (known: %s)", what, k.Value, suggest.Hint(k.Value, known), strings.Join(known, ", "))
	}
}

func (p *scopeParser) str(dst *string) func(*yaml.Node) {
	return func(n *yaml.Node) {
		if n.Kind != yaml.ScalarNode {
			p.errorf(n.Line, "expected text")
			return
		}
		*dst = n.Value
	}
}

func (p *scopeParser) list(n *yaml.Node, what string) []*yaml.Node {
	if n.Kind != yaml.SequenceNode {
		p.errorf(n.Line, "%s: expected a list", what)
		return nil
	}
	return n.Content
}

func (p *scopeParser) groups(n *yaml.Node) []*Group {
	var out []*Group
	for _, item := range p.list(n, "groups") {
		g := &Group{Line: item.Line}
		p.mapping(item, "group", map[string]func(*yaml.Node){
			"name":      p.str(&g.Name),
			"clause":    func(v *yaml.Node) { g.Clause = p.clause(v, "group") },
			"row":       func(v *yaml.Node) { g.Row = p.row(v) },
			"processes": func(v *yaml.Node) { g.Processes = p.processes(v) },
			"groups":    func(v *yaml.Node) { g.Groups = p.groups(v) },
		})
		if g.Name == "" {
			p.errorf(item.Line, "group without a name")
		}
		if len(g.Processes) == 0 && len(g.Groups) == 0 {
			p.errorf(item.Line, "group %q has neither processes nor groups", g.Name)
		}
		out = append(out, g)
	}
	return out
}

func (p *scopeParser) row(n *yaml.Node) int {
	r, err := strconv.Atoi(n.Value)
	if n.Kind != yaml.ScalarNode || err != nil || r < 1 {
		p.errorf(n.Line, "row must be a whole number from 1")
		return 0
	}
	return r
}

func (p *scopeParser) processes(n *yaml.Node) []*Process {
	var out []*Process
	for _, item := range p.list(n, "processes") {
		pr := &Process{Line: item.Line}
		p.mapping(item, "process", map[string]func(*yaml.Node){
			"name":    p.str(&pr.Name),
			"clauses": func(v *yaml.Node) { pr.Clauses = p.clauses(v, pr.Name) },
		})
		if pr.Name == "" {
			p.errorf(item.Line, "process without a name")
		}
		if len(pr.Clauses) == 0 {
			p.errorf(item.Line, "process %q has no clauses of ISO/IEC 20000-1:2018", pr.Name)
		}
		out = append(out, pr)
	}
	return out
}

// clauses reads the clause list of the process named name.
func (p *scopeParser) clauses(n *yaml.Node, name string) []string {
	var out []string
	for _, c := range p.list(n, "clauses") {
		if num := p.clause(c, "process "+strconv.Quote(name)); num != "" {
			out = append(out, num)
		}
	}
	return out
}

// clause checks a clause number against the standard's clause list.
func (p *scopeParser) clause(n *yaml.Node, where string) string {
	if n.Kind != yaml.ScalarNode {
		p.errorf(n.Line, "%s: a clause is a number such as \"8.6.1\"", where)
		return ""
	}
	if _, ok := standard.Lookup(n.Value); !ok {
		p.errorf(n.Line, "%s: %q is not a clause of ISO/IEC 20000-1:2018 (4 to 10; see /clauses/)", where, n.Value)
		return ""
	}
	return n.Value
}

// Processes returns every process of the model, in document order.
func (s *Scope) Processes() []*Process {
	var out []*Process
	walkGroups(s.Groups, func(g *Group) { out = append(out, g.Processes...) })
	return out
}
