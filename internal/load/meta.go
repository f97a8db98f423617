package load

import (
	"slices"
	"strings"
	"time"

	"handbook/internal/diag"
	"handbook/internal/site"
	"handbook/internal/suggest"
)

// Fields are the front-matter keys of the spec, in the order they are documented.
var Fields = []string{
	"id", "title", "type", "version", "status", "owner", "approver", "approved", "review",
	"classification", "clauses", "parent", "related", "aliases", "history", "tags", "acknowledge", "lang",
}

var historyFields = []string{"version", "date", "author", "summary"}

// metaDecoder converts a front-matter node into site.Meta, reporting every
// problem as a diagnostic at the key's file line.
type metaDecoder struct {
	path   string
	offset int // file line of the front matter's first line, minus one
	extra  []string
	errs   []*diag.Diagnostic
}

func (d *metaDecoder) errorf(n node, format string, args ...any) {
	d.errs = append(d.errs, diag.Errorf(d.path, d.offset+n.line, format, args...))
}

func (d *metaDecoder) decode(root node) (site.Meta, map[string]int) {
	var m site.Meta
	lines := make(map[string]int, len(root.keys))
	for _, k := range root.keys {
		n := root.fields[k]
		lines[k] = d.offset + n.line
		switch k {
		case "id":
			m.ID = d.str(k, n)
		case "title":
			m.Title = d.str(k, n)
		case "type":
			m.Type = d.str(k, n)
		case "version":
			m.Version = d.str(k, n)
		case "status":
			m.Status = d.str(k, n)
		case "owner":
			m.Owner = d.str(k, n)
		case "approver":
			m.Approver = d.str(k, n)
		case "approved":
			m.Approved = d.date(k, n)
		case "review":
			m.Review = d.date(k, n)
		case "classification":
			m.Classification = d.str(k, n)
		case "clauses":
			m.Clauses = d.strs(k, n)
		case "parent":
			m.Parent = d.str(k, n)
		case "related":
			m.Related = d.strs(k, n)
		case "aliases":
			m.Aliases = d.strs(k, n)
		case "tags":
			m.Tags = d.strs(k, n)
		case "history":
			m.History = d.history(n)
		case "acknowledge":
			m.Acknowledge = d.boolean(k, n)
		case "lang":
			m.Lang = d.str(k, n)
		default:
			if slices.Contains(d.extra, k) {
				if m.Extra == nil {
					m.Extra = map[string]string{}
				}
				m.Extra[k] = d.str(k, n)
				continue
			}
			d.errorf(n, "unknown field %q%s", k, suggest.Hint(k, append(slices.Clone(Fields), d.extra...)))
		}
	}
	return m, lines
}

func (d *metaDecoder) str(key string, n node) string {
	if n.isList || n.isMap {
		d.errorf(n, "%s must be a single value, not a list or mapping", key)
		return ""
	}
	return n.scalar
}

// boolean accepts true or false (YAML's other spellings of them too).
func (d *metaDecoder) boolean(key string, n node) bool {
	switch v := strings.ToLower(d.str(key, n)); v {
	case "true", "yes", "on":
		return true
	case "false", "no", "off", "":
		return false
	default:
		d.errorf(n, "%s must be true or false, not %q", key, v)
		return false
	}
}

// strs accepts a list of scalars, or one scalar as a list of one.
func (d *metaDecoder) strs(key string, n node) []string {
	if n.isMap {
		d.errorf(n, "%s must be a list", key)
		return nil
	}
	if !n.isList {
		if n.scalar == "" {
			return nil
		}
		return []string{n.scalar}
	}
	out := make([]string, 0, len(n.list))
	for _, e := range n.list {
		if e.isList || e.isMap {
			d.errorf(n, "%s must be a list of single values", key)
			return nil
		}
		out = append(out, e.scalar)
	}
	return out
}

func (d *metaDecoder) date(key string, n node) site.Date {
	s := d.str(key, n)
	if s == "" {
		return site.Date{}
	}
	t, err := time.Parse(site.DateLayout, s)
	if err != nil {
		// Accept a full timestamp but keep only its date.
		if t2, err2 := time.Parse(time.RFC3339, s); err2 == nil {
			return site.Date{Time: site.Day(t2)}
		}
		d.errorf(n, "%s: %q is not an ISO date (YYYY-MM-DD)", key, s)
		return site.Date{}
	}
	return site.Date{Time: t}
}

func (d *metaDecoder) history(n node) []site.Revision {
	if !n.isList {
		d.errorf(n, "history must be a list of {version, date, author, summary}")
		return nil
	}
	out := make([]site.Revision, 0, len(n.list))
	for i, e := range n.list {
		if !e.isMap {
			d.errorf(e, "history entry %d must be a mapping of version, date, author, summary", i+1)
			continue
		}
		r := site.Revision{Line: d.offset + e.line}
		for _, k := range e.keys {
			v := e.fields[k]
			switch k {
			case "version":
				r.Version = d.str("history version", v)
			case "date":
				r.Date = d.date("history date", v)
			case "author":
				r.Author = d.str("history author", v)
			case "summary":
				r.Summary = d.str("history summary", v)
			default:
				d.errorf(v, "history entry %d: unknown field %q%s", i+1, k, suggest.Hint(k, historyFields))
			}
		}
		if r.Version == "" || r.Date.IsZero() {
			d.errorf(e, "history entry %d needs a version and a date", i+1)
		}
		out = append(out, r)
	}
	return out
}
