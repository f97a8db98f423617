package site

import (
	"slices"
	"strings"
)

// Field is one front-matter key of a document. The table of them, Fields,
// is the one list of keys: load decodes each key into the Meta field In
// gives (its Go type is the key's type), validate reports a missing one by
// Need, an incremental build redoes what Rebuild says when it is edited,
// and the README's field table is generated from it (TestREADMEFields).
// Adding a key is one row here and the Meta field it fills.
type Field struct {
	Key  string
	Need Need
	// Rebuild is what an edit of the key needs of an incremental build.
	Rebuild Rebuild
	// Default says, for readers, what an absent value means ("" when
	// nothing); load applies the configuration's defaults.
	Default string
	// Doc is the key's meaning, one line of Markdown.
	Doc string
	// In returns the Meta field the key fills: a *string (one value), a
	// *[]string (a list; one value is a list of one), a *Date (ISO date),
	// a *bool (true or false) or a *[]Revision (the history).
	In func(*Meta) any
}

// Need says when a document must give a field.
type Need uint8

const (
	// Optional: a document may leave it out.
	Optional Need = iota
	// Required: every document gives it.
	Required
	// RequiredIfApproved: a document of status approved gives it.
	RequiredIfApproved
)

// Rebuild is what an edit of a field needs of an incremental build
// (serve --watch), besides the document's own page and search record.
type Rebuild uint8

const (
	// RebuildPage: the page and the search record show it, nothing else.
	RebuildPage Rebuild = iota
	// RebuildRegister: also the register (/log/ and the pages embedding
	// its table, log.csv, log.json, /clauses/, /reviews/, feed.xml) and
	// the site pages (the home page's recent changes, the type lists'
	// status marks).
	RebuildRegister
	// RebuildFigures: also the register and the figures: Figure 1
	// (documents addressing each process) and Figure 2 (boxes by status),
	// and the pages embedding them.
	RebuildFigures
	// RebuildAll: other pages' text, the sidebar, addresses or the set of
	// documents change with it: only a full build gets them all.
	RebuildAll
)

// Fields are the front-matter keys, in the order they are documented; a
// read-only table. The comments say why an edit needs its Rebuild.
var Fields = []Field{
	// the page's address, every link and mention of it
	{Key: "id", Need: Required, Rebuild: RebuildAll, In: func(m *Meta) any { return &m.ID },
		Doc: "unique document number (see *Numbering*); the permanent address `/docs/<id-lowercase>/`"},
	// mentions in other pages' prose, sidebar, crumbs, slug redirect
	{Key: "title", Need: Required, Rebuild: RebuildAll, In: func(m *Meta) any { return &m.Title },
		Doc: "as in the log and in prose; unique, since prose mentions of it become links"},
	// sidebar groups, type lists, home page counts, links.json
	{Key: "type", Need: Required, Rebuild: RebuildAll, In: func(m *Meta) any { return &m.Type },
		Doc: "`policy`, `plan`, `process`, `procedure`, `register`, `record`, `template`, `form`, `report` (configurable)"},
	{Key: "version", Need: Required, Rebuild: RebuildRegister, In: func(m *Meta) any { return &m.Version },
		Doc: "current version, e.g. `\"2.1\"`"},
	// also the type list's status mark, clause coverage, and both figures;
	// to or from retired, a full build: other pages mark links to it, warn,
	// link its title or not, and the sidebar lists it apart
	{Key: "status", Need: Required, Rebuild: RebuildFigures, In: func(m *Meta) any { return &m.Status },
		Doc: "`draft`, `in-review`, `approved`, `retired`; a change to or from `retired` rewrites everything"},
	{Key: "owner", Need: Required, Rebuild: RebuildRegister, In: func(m *Meta) any { return &m.Owner },
		Doc: "the role that owns the document"},
	{Key: "approver", Need: RequiredIfApproved, Rebuild: RebuildRegister, In: func(m *Meta) any { return &m.Approver },
		Doc: "the role that approved it"},
	{Key: "approved", Need: RequiredIfApproved, Rebuild: RebuildRegister, In: func(m *Meta) any { return &m.Approved },
		Doc: "when it was approved"},
	// /reviews/, and the log's overdue mark
	{Key: "review", Need: RequiredIfApproved, Rebuild: RebuildRegister, In: func(m *Meta) any { return &m.Review },
		Doc: "next review; a past date is *overdue*"},
	// the audience's selection: whether the document is in the build at all
	{Key: "classification", Rebuild: RebuildAll, Default: "`internal`", In: func(m *Meta) any { return &m.Classification },
		Doc: "`public`, `internal`, `confidential`, `restricted` (configurable, lowest first)"},
	// clause coverage, and Figure 1's boxes
	{Key: "clauses", Rebuild: RebuildFigures, In: func(m *Meta) any { return &m.Clauses },
		Doc: "ISO/IEC 20000-1:2018 clauses addressed, checked against the standard's list (4 to 10)"},
	// crumbs, children lists, previous and next, Figure 2's edges
	{Key: "parent", Rebuild: RebuildAll, In: func(m *Meta) any { return &m.Parent },
		Doc: "the document above this one in the documentation structure (Figure 2)"},
	// the "Related" list of the pages it names
	{Key: "related", Rebuild: RebuildAll, In: func(m *Meta) any { return &m.Related },
		Doc: "related document ids, listed on both pages"},
	// redirect pages, and who claims an address first
	{Key: "aliases", Rebuild: RebuildAll, In: func(m *Meta) any { return &m.Aliases },
		Doc: "old addresses that redirect here"},
	// the home page's recent changes and feed.xml
	{Key: "history", Rebuild: RebuildRegister, In: func(m *Meta) any { return &m.History },
		Doc: "revisions: the page's revision table and the Atom feed"},
	{Key: "tags", Rebuild: RebuildPage, In: func(m *Meta) any { return &m.Tags },
		Doc: "free keywords"},
	// the log's acknowledgement column, and whether the site has the
	// acknowledgement pages at all
	{Key: "acknowledge", Rebuild: RebuildAll, Default: "`false`", In: func(m *Meta) any { return &m.Acknowledge },
		Doc: "signed-in readers are asked to acknowledge each version (see *Intranet: single sign-on and acknowledgements*); `acknowledge.types` in `handbook.yaml` asks it of whole types"},
	// the search analyser of its words, for the built index too
	{Key: "lang", Rebuild: RebuildAll, Default: "`language:` of `handbook.yaml`", In: func(m *Meta) any { return &m.Lang },
		Doc: "BCP 47 tag (`fr`, `fr-CA`, `it`): the page's `<html lang>` and the search analyser of its words"},
}

// FieldOf returns the field of a front-matter key.
func FieldOf(key string) (Field, bool) {
	i := slices.IndexFunc(Fields, func(f Field) bool { return f.Key == key })
	if i < 0 {
		return Field{}, false
	}
	return Fields[i], true
}

// Keys returns the front-matter keys in the order they are documented.
func Keys() []string {
	keys := make([]string, len(Fields))
	for i, f := range Fields {
		keys[i] = f.Key
	}
	return keys
}

// Type names the type of the field's value for readers, or "" when In
// gives a pointer of no supported type (a mistake TestFields reports).
func (f Field) Type() string {
	switch f.In(new(Meta)).(type) {
	case *string:
		return "text"
	case *[]string:
		return "list"
	case *Date:
		return "date (YYYY-MM-DD)"
	case *bool:
		return "true or false"
	case *[]Revision:
		return "list of `{version, date, author, summary}`"
	}
	return ""
}

// Given reports whether m has a value for the field: text that is not
// only spaces, a list that is not empty, a date, true.
func (f Field) Given(m *Meta) bool {
	switch p := f.In(m).(type) {
	case *string:
		return strings.TrimSpace(*p) != ""
	case *[]string:
		return len(*p) > 0
	case *Date:
		return !p.IsZero()
	case *bool:
		return *p
	case *[]Revision:
		return len(*p) > 0
	}
	return false
}
