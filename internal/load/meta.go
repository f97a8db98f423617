package load

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"handbook/internal/diag"
	"handbook/internal/site"
	"handbook/internal/suggest"
)

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

// decode fills a Meta from the keys of root as site.Fields says, and the
// extra fields the configuration declares; it returns the file line of
// each key.
func (d *metaDecoder) decode(root node) (site.Meta, map[string]int) {
	var m site.Meta
	lines := make(map[string]int, len(root.fields))
	for _, kv := range root.fields {
		k, n := kv.key, kv.val
		lines[k] = d.offset + n.line
		if f, ok := site.FieldOf(k); ok {
			d.set(f.In(&m), k, n)
			continue
		}
		if slices.Contains(d.extra, k) {
			if m.Extra == nil {
				m.Extra = map[string]string{}
			}
			m.Extra[k] = d.str(k, n)
			continue
		}
		d.errorf(n, "unknown field %q%s", k, suggest.Hint(k, append(site.Keys(), d.extra...)))
	}
	return m, lines
}

// set decodes n into the Meta field p of the key, by p's type (see
// site.Field's In).
func (d *metaDecoder) set(p any, key string, n node) {
	switch p := p.(type) {
	case *string:
		*p = d.str(key, n)
	case *[]string:
		*p = d.strs(key, n)
	case *site.Date:
		*p = d.date(key, n)
	case *bool:
		*p = d.boolean(key, n)
	case *[]site.Revision:
		*p = d.history(n)
	default:
		panic(fmt.Sprintf("load: site.Fields gives the key %q a %T, which no decoder reads", key, p))
	}
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
		for _, kv := range e.fields {
			k, v := kv.key, kv.val
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
