// Package validate checks a loaded site against the front-matter contract
// of the spec and the controls of ISO/IEC 20000-1:2018 clause 7.5 (unique
// numbers, versions, approval, review dates). It reports every problem at
// the line of the offending key ("path:line: message"); it never stops at
// the first.
//
// Validation only reads: it returns diagnostics and never changes the
// site, whose indexes and defaults load has already made (see package
// site). Which fields a document must give is site.Fields' Need.
package validate

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"handbook/internal/config"
	"handbook/internal/diag"
	"handbook/internal/search/analysis"
	"handbook/internal/site"
	"handbook/internal/standard"
	"handbook/internal/suggest"
)

// Generated are the first path segments of the pages every build writes
// (besides /docs/), which an alias must not replace.
var Generated = []string{
	"index.html", "404.html", "log", "log.csv", "log.json", "clauses", "reviews", "search", "scope",
	"structure", "types", "feed.xml", "links.json", "css", "js", "_search",
}

// Site validates every document and the relations between them. today
// decides overdue reviews.
func Site(s *site.Site, today time.Time) *diag.List {
	list := &diag.List{}
	for _, d := range s.Docs {
		list.Add(Document(d, s.Config, today)...)
	}
	if _, ok := analysis.LangOf(s.Config.Language); !ok {
		list.Add(diag.Warnf(config.FileName, 0, "no search analyser for language %q: words are searched without stemming or stop words", s.Config.Language))
	}
	list.Add(unique(s)...)
	list.Add(relations(s)...)
	return list
}

// Document checks one document's fields on their own.
func Document(d *site.Document, cfg *config.Config, today time.Time) []*diag.Diagnostic {
	var out []*diag.Diagnostic
	errf := func(key, format string, args ...any) {
		out = append(out, diag.Errorf(d.Path, d.Line(key), format, args...))
	}
	warnf := func(key, format string, args ...any) {
		out = append(out, diag.Warnf(d.Path, d.Line(key), format, args...))
	}
	m := &d.Meta
	for _, f := range site.Fields {
		if f.Need == site.Required && !f.Given(m) {
			errf(f.Key, "missing required field %q", f.Key)
		}
	}
	if m.ID != "" && !cfg.ValidID(m.ID) {
		hint := ""
		if up := strings.ToUpper(m.ID); up != m.ID && cfg.ValidID(up) {
			hint = fmt.Sprintf(" (ids are upper case: %q)", up)
		}
		errf("id", "id %q does not match the numbering pattern %s%s", m.ID, cfg.IDPattern, hint)
	}
	oneOf(errf, "type", m.Type, cfg.Types)
	oneOf(errf, "status", m.Status, config.Statuses)
	oneOf(errf, "classification", m.Classification, cfg.Classes)
	if m.Status == "approved" {
		for _, f := range site.Fields {
			if f.Need != site.RequiredIfApproved || f.Given(m) {
				continue
			}
			// A field that is absent is wanted by "status: approved".
			at := f.Key
			if _, written := d.Lines[f.Key]; !written {
				at = "status"
			}
			errf(at, "an approved document needs %q", f.Key)
		}
	}
	if !m.Approved.IsZero() && !m.Review.IsZero() && !m.Review.After(m.Approved.Time) {
		errf("review", "review date %s is not after the approval date %s", m.Review, m.Approved)
	}
	if m.Status != "retired" && m.Review.Overdue(today) {
		warnf("review", "review overdue since %s", m.Review)
	}
	if m.Status == "draft" || m.Status == "in-review" {
		warnf("status", "document is %s, not approved", m.Status)
	}
	for _, c := range m.Clauses {
		if _, ok := standard.Lookup(c); !ok {
			errf("clauses", "%q is not a clause of ISO/IEC 20000-1:2018 (clauses 4 to 10)%s", c, clauseHint(c))
		}
	}
	if len(m.Clauses) == 0 && m.Status != "retired" {
		warnf("clauses", "no clauses: the document addresses no clause of ISO/IEC 20000-1:2018")
	}
	for i, a := range m.Aliases {
		first, _, _ := strings.Cut(strings.Trim(strings.ToLower(a), "/"), "/")
		switch {
		case !strings.HasPrefix(a, "/") || strings.Contains(a, "..") || strings.ContainsAny(a, "?#\\"):
			errf("aliases", "alias %d %q must be a site path starting with / (no .., ? or #)", i+1, a)
		case first == "" || slices.Contains(Generated, first):
			errf("aliases", "alias %d %q would replace the handbook's own page /%s", i+1, a, strings.TrimPrefix(first+"/", "/"))
		}
	}
	if _, ok := analysis.LangOf(m.Lang); m.Lang != "" && !ok {
		warnf("lang", "no search analyser for lang %q: its words are searched without stemming or stop words", m.Lang)
	}
	out = append(out, placeholders(d, cfg)...)
	return out
}

func oneOf(errf func(string, string, ...any), key, v string, known []string) {
	if v == "" || slices.Contains(known, v) {
		return
	}
	errf(key, "unknown %s %q (known: %s)%s", key, v, strings.Join(known, ", "), suggest.Hint(v, known))
}

func clauseHint(c string) string {
	var nums []string
	for _, cl := range standard.Clauses() {
		nums = append(nums, cl.Number)
	}
	return suggest.Hint(c, nums)
}

// unique checks that ids and titles name one document each; a duplicate
// id is reported at both places (s.ByID holds the first of each id).
func unique(s *site.Site) []*diag.Diagnostic {
	var out []*diag.Diagnostic
	titles := map[string]*site.Document{}
	for _, d := range s.Docs {
		if d.Meta.ID == "" {
			continue
		}
		if first, ok := s.ByID[d.Meta.ID]; ok && first != d {
			out = append(out,
				diag.Errorf(d.Path, d.Line("id"), "duplicate id %s: also used by %s:%d", d.Meta.ID, first.Path, first.Line("id")),
				diag.Errorf(first.Path, first.Line("id"), "duplicate id %s: also used by %s:%d", d.Meta.ID, d.Path, d.Line("id")))
			continue
		}
		key := strings.ToLower(d.Meta.Title)
		if first, dup := titles[key]; dup && key != "" {
			out = append(out, diag.Errorf(d.Path, d.Line("title"), "duplicate title %q: also the title of %s (%s); titles name documents in prose and must be unique", d.Meta.Title, first.Meta.ID, first.Path))
		} else {
			titles[key] = d
		}
	}
	return out
}

// relations checks parent, related and alias references between documents.
func relations(s *site.Site) []*diag.Diagnostic {
	var out []*diag.Diagnostic
	aliases := map[string]*site.Document{}
	byLowerID := map[string]*site.Document{}
	for id, d := range s.ByID {
		byLowerID[strings.ToLower(id)] = d
	}
	for _, d := range s.Docs {
		m := d.Meta
		if m.Parent != "" {
			if _, ok := s.ByID[m.Parent]; !ok && !s.Unreadable[m.Parent] {
				out = append(out, diag.Errorf(d.Path, d.Line("parent"), "parent %s is not a known document id%s", m.Parent, idHint(s, m.Parent)))
			} else if m.Parent == m.ID {
				out = append(out, diag.Errorf(d.Path, d.Line("parent"), "a document cannot be its own parent"))
			}
		}
		for _, r := range m.Related {
			if _, ok := s.ByID[r]; !ok && !s.Unreadable[r] {
				out = append(out, diag.Errorf(d.Path, d.Line("related"), "related %s is not a known document id%s", r, idHint(s, r)))
			}
		}
		for _, a := range m.Aliases {
			key := strings.Trim(strings.ToLower(a), "/")
			if other, dup := aliases[key]; dup && other != d {
				out = append(out, diag.Errorf(d.Path, d.Line("aliases"), "alias %s is also claimed by %s", a, other.Path))
			}
			if id, ok := strings.CutPrefix(key, "docs/"); ok {
				if other, taken := byLowerID[id]; taken {
					out = append(out, diag.Errorf(d.Path, d.Line("aliases"), "alias %s is the permanent address of %s (%s)", a, other.Meta.ID, other.Path))
				}
			}
			aliases[key] = d
		}
	}
	return append(out, cycles(s)...)
}

func idHint(s *site.Site, id string) string {
	if d, ok := s.ByID[strings.ToUpper(id)]; ok {
		return fmt.Sprintf(" (ids are case-sensitive: did you mean %s?)", d.Meta.ID)
	}
	ids := make([]string, 0, len(s.ByID))
	for k := range s.ByID {
		ids = append(ids, k)
	}
	slices.Sort(ids)
	return suggest.Hint(id, ids)
}

// cycles reports each parent cycle once, at the document with the smallest
// id in it, naming the whole chain.
func cycles(s *site.Site) []*diag.Diagnostic {
	var out []*diag.Diagnostic
	state := map[string]int{} // 0 new, 1 on the current path, 2 done
	for _, d := range s.Docs {
		var path []string
		id := d.Meta.ID
		// Follow parents while they are known documents; an unknown parent
		// and a document that is its own parent are reported elsewhere.
		for id != "" && state[id] == 0 {
			p, ok := s.ByID[id]
			if !ok {
				break
			}
			state[id] = 1
			path = append(path, id)
			if p.Meta.Parent == id {
				break
			}
			id = p.Meta.Parent
		}
		if id != "" && state[id] == 1 && s.ByID[id].Meta.Parent != id {
			i := slices.Index(path, id)
			loop := slices.Clone(path[i:])
			first := slices.Min(loop)
			k := slices.Index(loop, first)
			loop = append(loop[k:], loop[:k]...)
			at := s.ByID[first]
			out = append(out, diag.Errorf(at.Path, at.Line("parent"), "parent cycle: %s -> %s", strings.Join(loop, " -> "), first))
		}
		for _, p := range path {
			state[p] = 2
		}
	}
	return out
}
