package importer

import (
	"fmt"
	"maps"
	"path"
	"slices"
	"strings"
	"time"

	"handbook/internal/config"
	"handbook/internal/scaffold"
	"handbook/internal/site"
	"handbook/internal/validate"
)

// plan gives the documents read their place in the site: type, id, file,
// parent, aliases, links and status, checked against the documents the site
// already has and against each other.
type plan struct {
	opts     Options
	cfg      *config.Config
	existing *site.Site
	sum      *Summary
	ids      map[string]string // id -> who has it (an existing path or a source)
	titles   map[string]string // lower-case title -> who has it
	aliases  map[string]string // lower-case alias -> who has it
	files    map[string]string // lower-case file under content/ -> the source written there
}

func newPlan(opts Options, cfg *config.Config, existing *site.Site, sum *Summary) *plan {
	p := &plan{opts: opts, cfg: cfg, existing: existing, sum: sum,
		ids: map[string]string{}, titles: map[string]string{}, aliases: map[string]string{}, files: map[string]string{}}
	for _, d := range existing.Docs {
		p.ids[d.Meta.ID] = d.Path
		p.titles[strings.ToLower(d.Meta.Title)] = d.Path
		for _, a := range d.Meta.Aliases {
			p.aliases[aliasKey(a)] = d.Path
		}
	}
	return p
}

// run plans the documents in order and returns those that can be written.
func (p *plan) run(docs []*Doc) []*Doc {
	var out []*Doc
	for _, d := range docs {
		if p.place(d) {
			out = append(out, d)
		}
	}
	p.knownRelations(out)
	p.parents(out)
	rewriteLinks(out, p.ids, p.sum)
	for _, d := range out {
		p.placeholders(d)
		p.status(d)
	}
	p.draftUnderDrafts(out)
	return out
}

// draftUnderDrafts makes a draft of each approved document whose parent
// is not approved: check warns of an approved document that depends on an
// unapproved one (clause 7.5.2), and an import must not leave warnings its
// summary does not name. It repeats until no more change, for chains.
func (p *plan) draftUnderDrafts(docs []*Doc) {
	byID := map[string]*Doc{}
	for _, d := range docs {
		byID[d.ID] = d
	}
	unapproved := func(id string) bool {
		if d, ok := byID[id]; ok {
			return d.Status != "approved"
		}
		if d, ok := p.existing.ByID[id]; ok {
			return d.Meta.Status != "approved"
		}
		return false
	}
	for changed := true; changed; {
		changed = false
		for _, d := range docs {
			if d.Status == "approved" && d.Parent != "" && unapproved(d.Parent) {
				d.Status = "draft"
				d.needs = append(d.needs, "document is draft, not approved (its parent "+d.Parent+" is not approved)")
				changed = true
			}
		}
	}
}

// place gives d its type, fields, id and aliases; it reports false, with a
// problem in the summary, when d cannot be imported.
func (p *plan) place(d *Doc) bool {
	p.chooseType(d)
	if d.Folder == "" && d.FileName == "" {
		d.Folder = p.opts.Into
		if d.Folder == "" {
			d.Folder = scaffold.Folder(p.existing.Docs, d.Type)
		}
		d.FileName = scaffold.Slug(d.Title) + ".md"
	}
	file := strings.ToLower(path.Join(d.Folder, d.FileName))
	if other := p.files[file]; other != "" {
		p.sum.problem(d.Source, 0, "not imported: %s would be written to content/%s too", other, path.Join(d.Folder, d.FileName))
		return false
	}
	if owner := p.titles[strings.ToLower(d.Title)]; owner != "" {
		p.sum.problem(d.Source, 0, "not imported: the title %q is also the title of %s (titles name documents and must be unique); rename one and import again", d.Title, owner)
		return false
	}
	if !p.chooseID(d) {
		return false
	}
	p.titles[strings.ToLower(d.Title)] = d.Source
	p.files[file] = d.Source
	p.fill(d)
	p.keepAliases(d)
	return true
}

// chooseType keeps a type the source gives, else guesses it from the title,
// else takes --type, else the first configured type with a TODO.
func (p *plan) chooseType(d *Doc) {
	if d.Type != "" && slices.Contains(p.cfg.Types, d.Type) {
		return
	}
	if d.Type != "" {
		d.todof("type: the source says %q, which is not one of handbook.yaml's types", d.Type)
		d.Type = ""
	}
	if t, word := guessType(d.Title, p.cfg.Types); t != "" {
		d.Type = t
		d.guess("type", t, fmt.Sprintf("%q in the title", word))
		return
	}
	if p.opts.Type != "" {
		d.Type = p.opts.Type
		d.guess("type", d.Type, "--type")
		return
	}
	d.Type = p.cfg.Types[0]
	d.todof("type: the title names no type; %s is a placeholder (import with --type, or set it)", d.Type)
}

// typeWords map the last word of a title (or "procedure for" at its start,
// or "template"/"form" anywhere) to a document type.
var typeWords = []struct{ word, typ string }{
	{"policy", "policy"}, {"procedure", "procedure"}, {"plan", "plan"}, {"process", "process"},
	{"log", "register"}, {"register", "register"}, {"catalogue", "register"}, {"catalog", "register"},
	{"report", "report"}, {"record", "record"},
}

// guessType returns the type a title names, and the word that names it.
func guessType(title string, types []string) (typ, word string) {
	words := strings.Fields(strings.ToLower(strings.Trim(title, " .")))
	if len(words) == 0 {
		return "", ""
	}
	if len(words) > 1 && words[0] == "procedure" && words[1] == "for" {
		return ifKnown("procedure", "Procedure for", types)
	}
	for _, w := range words {
		if w == "template" || w == "form" {
			return ifKnown(w, strings.ToUpper(w[:1])+w[1:], types)
		}
	}
	last := words[len(words)-1]
	for _, tw := range typeWords {
		if last == tw.word {
			return ifKnown(tw.typ, strings.ToUpper(last[:1])+last[1:], types)
		}
	}
	return "", ""
}

func ifKnown(typ, word string, types []string) (string, string) {
	if slices.Contains(types, typ) {
		return typ, word
	}
	return "", ""
}

// chooseID keeps an id the source gives when it is valid and free, else
// takes the next free number of the type.
func (p *plan) chooseID(d *Doc) bool {
	if d.ID != "" {
		switch who := p.ids[d.ID]; {
		case !p.cfg.ValidID(d.ID):
			p.sum.note(d.Source, 0, "id %q does not match id_pattern %s: a new number is given", d.ID, p.cfg.IDPattern)
		case who != "":
			p.sum.note(d.Source, 0, "id %s is already %s's: a new number is given", d.ID, who)
		default:
			p.ids[d.ID] = d.Source
			return true
		}
	}
	format, ok := p.cfg.Numbering[d.Type]
	if !ok {
		p.sum.problem(d.Source, 0, "not imported: handbook.yaml gives no numbering format for type %q", d.Type)
		return false
	}
	ids := make([]string, 0, len(p.ids))
	for id := range p.ids {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	d.ID = scaffold.NextID(format, ids)
	if !p.cfg.ValidID(d.ID) {
		p.sum.problem(d.Source, 0, "not imported: the numbering format %q gives %s, which does not match id_pattern %s", format, d.ID, p.cfg.IDPattern)
		return false
	}
	p.ids[d.ID] = d.Source
	return true
}

// fill gives the fields the source left out: from the flags, or defaults
// marked TODO.
func (p *plan) fill(d *Doc) {
	if d.Version == "" {
		d.Version = "1.0"
		d.guess("version", "1.0", "nothing: the source gives no version")
	}
	if d.Owner == "" && p.opts.Owner != "" {
		d.Owner = p.opts.Owner
		d.guess("owner", d.Owner, "--owner")
	}
	if d.Owner == "" {
		d.Owner = "TODO"
		d.todof("owner: the source names no owner (import with --owner, or set the role that owns it)")
	}
	for i := range d.History {
		if d.History[i].Author == "" {
			d.History[i].Author = d.Owner
		}
	}
	if d.Approver == "" && p.opts.Approver != "" {
		d.Approver = p.opts.Approver
		d.guess("approver", d.Approver, "--approver")
	}
	if d.Approver == "" {
		d.todof("approver: the source names no approver (import with --approver, or set it when approved)")
	}
	if d.Approved == "" {
		d.todof("approved: the source gives no approval date")
	}
	if d.Review != "" && d.Approved != "" && d.Review <= d.Approved {
		d.todof("review: the source's review date %s is not after the approval date %s", d.Review, d.Approved)
		d.Review = ""
	}
	if d.Review == "" && d.Approved != "" && p.opts.ReviewMonths > 0 {
		t, _ := time.Parse(time.DateOnly, d.Approved)
		d.Review = t.AddDate(0, p.opts.ReviewMonths, 0).Format(time.DateOnly)
		d.guess("review", d.Review, fmt.Sprintf("approved %s + --review-months %d", d.Approved, p.opts.ReviewMonths))
	}
	if d.Review == "" {
		d.todof("review: the source gives no review date (import with --review-months, or set the next review)")
	}
	if d.Class == "" {
		d.Class = "internal"
		if !slices.Contains(p.cfg.Classes, d.Class) {
			d.Class = p.cfg.Classes[0]
		}
		d.guess("classification", d.Class, "the default: the source gives none")
	}
	if len(d.Clauses) == 0 {
		d.todof("clauses: the ISO/IEC 20000-1:2018 clauses this document addresses")
	}
}

// keepAliases drops aliases the site cannot serve or another document
// already claims, with a note for each.
func (p *plan) keepAliases(d *Doc) {
	var keep []string
	for _, a := range d.Aliases {
		first, _, _ := strings.Cut(strings.Trim(strings.ToLower(a), "/"), "/")
		switch who := p.aliases[aliasKey(a)]; {
		case !strings.HasPrefix(a, "/") || strings.Contains(a, "..") || strings.ContainsAny(a, "?#\\"):
			p.sum.note(d.Source, 0, "alias %q dropped: not a site path starting with /", a)
		case first == "" || first == "docs" || slices.Contains(validate.Generated, first):
			p.sum.note(d.Source, 0, "alias %q dropped: it is one of the handbook's own pages", a)
		case who != "":
			p.sum.note(d.Source, 0, "alias %q dropped: %s maps to it too", a, who)
		default:
			p.aliases[aliasKey(a)] = d.Source
			keep = append(keep, a)
		}
	}
	d.Aliases = keep
}

func aliasKey(a string) string { return strings.Trim(strings.ToLower(a), "/") }

// knownRelations leaves out a parent or related id the source gives that
// is neither in the site nor in this import, with a TODO naming it.
func (p *plan) knownRelations(docs []*Doc) {
	for _, d := range docs {
		if d.Parent != "" && p.ids[d.Parent] == "" {
			d.todof("parent: %s, as the source says, is not a document of the site or of this import", d.Parent)
			d.Parent = ""
		}
		var keep []string
		for _, r := range d.Related {
			if p.ids[r] == "" {
				d.todof("related: %s, as the source says, is not a document of the site or of this import", r)
				continue
			}
			keep = append(keep, r)
		}
		d.Related = keep
	}
}

// parents makes each folder's document (index.md, _index.md, README.md, or
// the first by weight) the parent of the other documents in its folder,
// and of the folder documents of its subfolders.
func (p *plan) parents(docs []*Doc) {
	folderDoc := map[string]*Doc{}
	for _, d := range docs {
		if d.SourceRel != "" && isIndex(d.SourceRel) {
			folderDoc[path.Dir(d.SourceRel)] = d
		}
	}
	byFolder := map[string][]*Doc{}
	for _, d := range docs {
		if d.SourceRel != "" && !isIndex(d.SourceRel) {
			dir := path.Dir(d.SourceRel)
			byFolder[dir] = append(byFolder[dir], d)
		}
	}
	for dir, ds := range byFolder {
		if folderDoc[dir] != nil {
			continue
		}
		if first := firstByWeight(ds); first != nil {
			folderDoc[dir] = first
			first.guess("folder document of "+dir+"/", first.ID, "the lowest weight in the folder")
		}
	}
	for _, d := range docs {
		if d.SourceRel == "" || d.Parent != "" {
			continue
		}
		dir := path.Dir(d.SourceRel)
		if folderDoc[dir] == d {
			dir = path.Dir(dir)
			if dir == path.Dir(d.SourceRel) { // the root folder has no parent
				continue
			}
		}
		for {
			if f := folderDoc[dir]; f != nil && f != d {
				d.Parent = f.ID
				break
			}
			if dir == "." || dir == "/" {
				break
			}
			dir = path.Dir(dir)
		}
	}
}

// firstByWeight is the document with the lowest weight, when any has one.
func firstByWeight(ds []*Doc) *Doc {
	var best *Doc
	for _, d := range ds {
		if d.HasWeight && (best == nil || d.Weight < best.Weight) {
			best = d
		}
	}
	return best
}

// placeholders records the toolkit placeholders in d's title and body,
// and whether handbook.yaml replaces them.
func (p *plan) placeholders(d *Doc) {
	counts := map[string]int{}
	for _, t := range findPlaceholders(d.Title+"\n"+d.Body, p.cfg.Placeholders) {
		counts[t]++
	}
	order := slices.Sorted(maps.Keys(counts))
	for _, t := range order {
		_, replaced := p.cfg.Placeholders[t]
		checked := checkedPlaceholder.MatchString(t)
		d.placehold = append(d.placehold, Placeholder{ID: d.ID, Text: t, Count: counts[t], Replaced: replaced, Checked: checked})
		if !replaced && checked {
			d.needs = append(d.needs, fmt.Sprintf("placeholder %q is not replaced (map it under placeholders: in handbook.yaml)", t))
		}
	}
}

// status makes d approved when the source (or the flags) give everything
// an approved document needs and no placeholder is left unreplaced; else a
// draft, saying why.
func (p *plan) status(d *Doc) {
	if d.Status == "retired" {
		return // retired in the source: check asks nothing more of it
	}
	var why []string
	switch {
	case d.Draft:
		why = append(why, "the source marks it a draft")
	case d.Approver == "" || d.Approved == "" || d.Review == "":
		why = append(why, "approver, approval date or review date unknown")
	}
	for _, ph := range d.placehold {
		if !ph.Replaced && ph.Checked {
			why = append(why, "placeholders handbook.yaml does not replace")
			break
		}
	}
	if len(why) == 0 {
		d.Status = "approved"
	} else {
		d.Status = "draft"
		d.needs = append(d.needs, "document is draft, not approved ("+strings.Join(why, "; ")+")")
	}
	if len(d.Clauses) == 0 {
		d.needs = append(d.needs, "no clauses: the document addresses no clause of ISO/IEC 20000-1:2018")
	}
	if d.Review != "" && d.Status != "retired" {
		if t, err := time.Parse(time.DateOnly, d.Review); err == nil && t.Before(site.Day(p.opts.Today)) {
			d.needs = append(d.needs, "review overdue since "+d.Review)
		}
	}
}
