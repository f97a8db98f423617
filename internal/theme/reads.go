package theme

import (
	"slices"
	tparse "text/template/parse"
)

// MayRead reports whether rendering the layout of kind may read a field
// or method of its data named one of names. It looks at the templates the
// layout's "base" runs ({{template}}, {{block}}; not the partials, whose
// data is what the layout passes them) and answers true where it cannot
// tell: a name used on any value, not only on the data; the data whole
// (".", "$") passed to a function or a partial, printed or kept in a
// variable, since those may read anything; a template it cannot find.
// A false answer lets the build render one page for several that differ
// only in those fields (the redirects to one document).
//
// Call it before the layout is first rendered, or from the goroutine
// that rendered it: html/template rewrites the trees when it escapes them.
func (t *Theme) MayRead(kind string, names ...string) bool {
	tpl, ok := t.pages[kind]
	if !ok {
		return true
	}
	r := reads{names: names, seen: map[string]bool{}, tree: func(name string) *tparse.Tree {
		if x := tpl.Lookup(name); x != nil {
			return x.Tree
		}
		return nil
	}}
	return r.template("base")
}

// reads walks templates for MayRead.
type reads struct {
	names []string
	seen  map[string]bool // templates walked
	tree  func(name string) *tparse.Tree
}

func (r *reads) template(name string) bool {
	if r.seen[name] {
		return false
	}
	r.seen[name] = true
	tree := r.tree(name)
	return tree == nil || r.node(tree.Root)
}

func (r *reads) node(n tparse.Node) bool {
	switch n := n.(type) {
	case *tparse.ListNode:
		if n == nil {
			return false
		}
		for _, c := range n.Nodes {
			if r.node(c) {
				return true
			}
		}
		return false
	case *tparse.ActionNode:
		return r.pipe(n.Pipe)
	case *tparse.IfNode:
		return r.branch(&n.BranchNode)
	case *tparse.RangeNode:
		return r.branch(&n.BranchNode)
	case *tparse.WithNode:
		return r.branch(&n.BranchNode)
	case *tparse.TemplateNode:
		// The data whole passed on: the template is walked as this one.
		whole := n.Pipe != nil && len(n.Pipe.Decl) == 0 && len(n.Pipe.Cmds) == 1 &&
			len(n.Pipe.Cmds[0].Args) == 1 && isDot(n.Pipe.Cmds[0].Args[0])
		return (!whole && r.pipe(n.Pipe)) || r.template(n.Name)
	case *tparse.TextNode, *tparse.CommentNode, *tparse.BreakNode, *tparse.ContinueNode:
		return false
	}
	return true
}

func (r *reads) branch(b *tparse.BranchNode) bool {
	return r.pipe(b.Pipe) || r.node(b.List) || r.node(b.ElseList)
}

func (r *reads) pipe(p *tparse.PipeNode) bool {
	if p == nil {
		return false
	}
	for _, c := range p.Cmds {
		for _, a := range c.Args {
			if r.arg(a) {
				return true
			}
		}
	}
	return false
}

func (r *reads) arg(n tparse.Node) bool {
	switch n := n.(type) {
	case *tparse.DotNode:
		return true
	case *tparse.VariableNode:
		return (len(n.Ident) == 1 && n.Ident[0] == "$") || r.named(n.Ident[1:])
	case *tparse.FieldNode:
		return r.named(n.Ident)
	case *tparse.ChainNode:
		return r.arg(n.Node) || r.named(n.Field)
	case *tparse.PipeNode:
		return r.pipe(n)
	case *tparse.IdentifierNode, *tparse.StringNode, *tparse.NumberNode, *tparse.BoolNode, *tparse.NilNode:
		return false
	}
	return true
}

// named reports whether a chain of field names holds one of r.names.
func (r *reads) named(idents []string) bool {
	return slices.ContainsFunc(idents, func(id string) bool { return slices.Contains(r.names, id) })
}

func isDot(n tparse.Node) bool {
	_, ok := n.(*tparse.DotNode)
	return ok
}
