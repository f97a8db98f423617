package render

import (
	"fmt"
	"html/template"
	"slices"

	"handbook/internal/register"
	"handbook/internal/site"
)

// LogView is the Documentation Log as the layouts show it.
type LogView struct {
	Rows            []LogRow
	CSVURL, JSONURL string
	// Document is the document that declares itself the log, if any.
	Document *DocRef
	// Table is _logtable.html rendered with this view, once, for /log/ and
	// for the document that embeds the log: 10,000 rows take a while.
	Table template.HTML
}

// LogRow is one document in the log: the fields of its register.Row,
// with the clauses as links, its document and whether its review is
// overdue. Its Clauses' Link is "log-clause" (logClauses). The row's fields are copied rather than embedded: a template
// finds a promoted field through reflect's slow search of embedded
// structs, a third of the log table's time at 12 fields × 10,000 rows.
type LogRow struct {
	ID, Title, Type, Version, Status, Owner, Approver, Approved string
	NextReview, Classification, URL, LastChange                 string
	Acknowledge                                                 bool
	Doc                                                         DocRef
	Clauses                                                     []ClauseRef
	Overdue                                                     bool
}

func logRow(r register.Row, doc DocRef, clauses []ClauseRef, overdue bool) LogRow {
	return LogRow{ID: r.ID, Title: r.Title, Type: r.Type, Version: r.Version, Status: r.Status,
		Owner: r.Owner, Approver: r.Approver, Approved: r.Approved, NextReview: r.NextReview,
		Classification: r.Classification, URL: r.URL, LastChange: r.LastChange, Acknowledge: r.Acknowledge,
		Doc: doc, Clauses: clauses, Overdue: overdue}
}

// Log is the log of the documents, whose rows are rows (one per document,
// in order), with its table rendered.
func (s *Snapshot) Log(rows []register.Row) (*LogView, error) {
	v := &LogView{CSVURL: s.Config.URL("log.csv"), JSONURL: s.Config.URL("log.json"), Document: s.logDocument()}
	v.Rows = make([]LogRow, len(rows))
	clauses := map[string]ClauseRef{}
	for i, r := range rows {
		d := s.Docs[i]
		ref, _ := s.Ref(d.Meta.ID)
		v.Rows[i] = logRow(r, ref, s.logClauses(r.Clauses, clauses), d.Meta.Status != "retired" && d.Meta.Review.Overdue(s.Today))
	}
	table, err := s.Theme.RenderPartial("_logtable.html", v)
	if err != nil {
		return nil, fmt.Errorf("rendering the log table: %w", err)
	}
	v.Table = template.HTML(table)
	return v, nil
}

// logClauses are the ClauseRefs of the clause numbers of a log row, each
// made once per log in kept, with its Link: the "log-clause" template
// (which _logtable.html defines) rendered with it, once rather than for
// each of the 30,000 clause links of a 10,000-document log; "" where the
// theme has no such template (a site's own _logtable.html).
func (s *Snapshot) logClauses(numbers []string, kept map[string]ClauseRef) []ClauseRef {
	var out []ClauseRef
	for _, n := range numbers {
		r, ok := kept[n]
		if !ok {
			r = s.clauseRef(n)
			if s.Theme != nil {
				r.Link, _ = s.Theme.Partial("log-clause", r)
			}
			kept[n] = r
		}
		out = append(out, r)
	}
	return out
}

// logDocument is the document that declares itself the log (by the
// {{< log >}} shortcode), for the log page to link to.
func (s *Snapshot) logDocument() *DocRef {
	for _, d := range s.Docs {
		if p := s.Pages[d.Meta.ID]; p != nil && slices.Contains(p.Shortcodes, "log:") {
			if ref, ok := s.Ref(d.Meta.ID); ok {
				return &ref
			}
		}
	}
	return nil
}

// ClausesView is the clause coverage page. The tally's counts are its
// own fields as well: a template finds a promoted field through
// reflect's slow search of embedded structs.
type ClausesView struct {
	Clauses []ClauseView
	// Tally is the clauses in each state; Covered, Unapproved and Gaps
	// are its counts.
	Tally                     register.Tally
	Covered, Unapproved, Gaps int
}

// ClauseView is one clause and the documents that address it.
type ClauseView struct {
	Number, Title, Note, Anchor, State string
	Depth                              int
	Docs, Sub                          []DocRef
}

// Clauses is the clause coverage page's content. Its DocRefs carry their
// Link (_doclink.html), rendered once for each document: a document is
// listed under each clause it addresses and under their parents.
func (s *Snapshot) Clauses() *ClausesView {
	v := &ClausesView{}
	sh := &shown{snap: s, theme: s.Theme}
	for _, c := range register.Coverage(s.Docs) {
		cv := ClauseView{Number: c.Clause.Number, Title: c.Clause.Title, Note: c.Clause.Note,
			Anchor: "clause-" + c.Clause.Number, State: c.State, Depth: c.Clause.Depth(),
			Docs: sh.linkedRefs(s, docIDs(c.Docs)), Sub: sh.linkedRefs(s, docIDs(c.Sub))}
		v.Clauses = append(v.Clauses, cv)
		v.Tally.Count(c.State)
	}
	v.Covered, v.Unapproved, v.Gaps = v.Tally.Covered, v.Tally.Unapproved, v.Tally.Gaps
	return v
}

// docIDs are the ids of docs.
func docIDs(docs []*site.Document) []string {
	ids := make([]string, len(docs))
	for i, d := range docs {
		ids[i] = d.Meta.ID
	}
	return ids
}

// ReviewsView is the reviews page.
type ReviewsView struct {
	Today            string
	Window           int
	Overdue, DueSoon ReviewTable
	// MaxMonths is review_max_months; Intervals are the documents whose
	// history or review date breaks it (none listed when it is 0).
	MaxMonths int
	Intervals []IntervalView
}

// IntervalView is one interval longer than review_max_months: its
// document and the Interval, whose fields are copied as well (a template
// finds a promoted field through reflect's slow search of embedded
// structs).
type IntervalView struct {
	Doc              DocRef
	Owner            string
	Interval         register.Interval
	From, To         site.Date
	FromWhat, ToWhat string
	Days, Line       int
}

// ReviewTable is one list of the reviews page.
type ReviewTable struct {
	Rows []ReviewView
	Late bool // overdue: Days counts the days since the review date
}

// ReviewView is one document to review.
type ReviewView struct {
	Doc            DocRef
	Owner, Date    string
	Days           int // days overdue, or days until due
	Classification string
}

// Reviews is the reviews page's content.
func (s *Snapshot) Reviews() *ReviewsView {
	due := register.DueReviews(s.Docs, s.Today, s.Config.ReviewDays)
	v := &ReviewsView{Today: site.Date{Time: due.Today}.String(), Window: due.Window,
		Overdue: ReviewTable{s.reviewViews(due.Overdue), true}, DueSoon: ReviewTable{s.reviewViews(due.DueSoon), false},
		MaxMonths: s.Config.ReviewMaxMonths}
	for _, d := range s.Docs {
		for _, iv := range register.LongIntervals(d, s.Config.ReviewMaxMonths) {
			ref, _ := s.Ref(d.Meta.ID)
			v.Intervals = append(v.Intervals, IntervalView{Doc: ref, Owner: d.Meta.Owner, Interval: iv,
				From: iv.From, To: iv.To, FromWhat: iv.FromWhat, ToWhat: iv.ToWhat, Days: iv.Days, Line: iv.Line})
		}
	}
	return v
}

func (s *Snapshot) reviewViews(rs []register.Review) []ReviewView {
	var out []ReviewView
	for _, r := range rs {
		ref, _ := s.Ref(r.Doc.Meta.ID)
		out = append(out, ReviewView{Doc: ref, Owner: r.Doc.Meta.Owner, Date: r.Doc.Meta.Review.String(),
			Days: max(r.Days, -r.Days), Classification: r.Doc.Meta.Classification})
	}
	return out
}
