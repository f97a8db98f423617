package build

import (
	"cmp"
	"context"
	"fmt"
	"html/template"
	"slices"

	"handbook/internal/par"
	"handbook/internal/register"
	"handbook/internal/site"
)

// feedSize is the number of revisions in /feed.xml.
const feedSize = 100

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

// LogRow is one document in the log.
type LogRow struct {
	register.Row
	Doc     DocRef
	Clauses []ClauseRef
	Overdue bool
}

// ClausesView is the clause coverage page.
type ClausesView struct {
	Clauses        []ClauseView
	register.Tally // clauses in each state
}

// ClauseView is one clause and the documents that address it.
type ClauseView struct {
	Number, Title, Note, Anchor, State string
	Depth                              int
	Docs, Sub                          []DocRef
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

// IntervalView is one interval longer than review_max_months.
type IntervalView struct {
	Doc   DocRef
	Owner string
	register.Interval
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

// writeRegister writes the Documentation Log (/log/, /log.csv, /log.json,
// and the table the log document embeds), clause coverage (/clauses/),
// the reviews due (/reviews/) and the feed of changes (/feed.xml), all
// from the documents of this build.
// The four are independent, and each is one long serial loop over every
// document, so they run side by side.
func writeRegister(_ context.Context, st *State, out sink) error {
	defer st.logged.finish() // on failure too: no page waits forever
	writers := []func(*State, sink) error{writeLog, writeLogXLSX, writeClauses, writeReviews, writeFeed}
	return par.ForErr(len(writers), func(i int) error { return writers[i](st, out) })
}

func writeLog(st *State, out sink) error {
	rows := register.Rows(st.Docs, func(d *site.Document) string { return st.Config.URL(d.URLPath()) })
	for i, d := range st.Docs {
		rows[i].Acknowledge = st.Config.AsksAcknowledgement(d.Meta.Type, d.Meta.Acknowledge)
	}
	csv, err := register.CSV(rows)
	if err != nil {
		return err
	}
	json, err := register.JSON(rows)
	if err != nil {
		return err
	}
	if err := out.Write("log.csv", csv); err != nil {
		return err
	}
	if err := out.Write("log.json", json); err != nil {
		return err
	}
	v := &LogView{CSVURL: st.Config.URL("log.csv"), JSONURL: st.Config.URL("log.json"), Document: st.logDocument()}
	for i, r := range rows {
		d := st.Docs[i]
		ref, _ := st.Ref(d.Meta.ID)
		v.Rows = append(v.Rows, LogRow{Row: r, Doc: ref, Clauses: st.clauseRefs(r.Clauses),
			Overdue: d.Meta.Status != "retired" && d.Meta.Review.Overdue(st.Today)})
	}
	table, err := st.Theme.RenderPartial("_logtable.html", v)
	if err != nil {
		return fmt.Errorf("rendering the log table: %w", err)
	}
	v.Table = template.HTML(table)
	st.SetEmbed("log", "", table)
	st.logged.finish()
	p := st.newPage("log", "Service Management System Documentation Log", "log/")
	p.Main = v
	return st.writePage(out, "log", p, "log/index.html")
}

func writeClauses(st *State, out sink) error {
	v := &ClausesView{}
	for _, c := range register.Coverage(st.Docs) {
		cv := ClauseView{Number: c.Clause.Number, Title: c.Clause.Title, Note: c.Clause.Note,
			Anchor: "clause-" + c.Clause.Number, State: c.State, Depth: c.Clause.Depth(),
			Docs: st.docRefs(c.Docs), Sub: st.docRefs(c.Sub)}
		v.Clauses = append(v.Clauses, cv)
		v.Count(c.State)
	}
	p := st.newPage("clauses", "Clause coverage: ISO/IEC 20000-1:2018", "clauses/")
	p.Main = v
	return st.writePage(out, "clauses", p, "clauses/index.html")
}

func (st *State) docRefs(docs []*site.Document) []DocRef {
	ids := make([]string, len(docs))
	for i, d := range docs {
		ids[i] = d.Meta.ID
	}
	return st.refs(ids)
}

func writeReviews(st *State, out sink) error {
	due := register.DueReviews(st.Docs, st.Today, st.Config.ReviewDays)
	v := &ReviewsView{Today: site.Date{Time: due.Today}.String(), Window: due.Window,
		Overdue: ReviewTable{st.reviewViews(due.Overdue), true}, DueSoon: ReviewTable{st.reviewViews(due.DueSoon), false},
		MaxMonths: st.Config.ReviewMaxMonths}
	for _, d := range st.Docs {
		for _, iv := range register.LongIntervals(d, st.Config.ReviewMaxMonths) {
			ref, _ := st.Ref(d.Meta.ID)
			v.Intervals = append(v.Intervals, IntervalView{Doc: ref, Owner: d.Meta.Owner, Interval: iv})
		}
	}
	p := st.newPage("reviews", "Reviews overdue and due soon", "reviews/")
	p.Main = v
	return st.writePage(out, "reviews", p, "reviews/index.html")
}

func (st *State) reviewViews(rs []register.Review) []ReviewView {
	var out []ReviewView
	for _, r := range rs {
		ref, _ := st.Ref(r.Doc.Meta.ID)
		out = append(out, ReviewView{Doc: ref, Owner: r.Doc.Meta.Owner, Date: r.Doc.Meta.Review.String(),
			Days: max(r.Days, -r.Days), Classification: r.Doc.Meta.Classification})
	}
	return out
}

func writeFeed(st *State, out sink) error {
	var changes []register.Change
	for _, c := range st.RecentChanges(feedSize) {
		changes = append(changes, register.Change{ID: c.Doc.ID, Title: c.Doc.Title, URL: c.Doc.URL,
			Version: c.Version, Date: c.Date.Time, Author: c.Author, Summary: c.Summary})
	}
	title := st.Config.Title + ": changes"
	feed, err := register.Atom(register.FeedInfo{Title: title, SiteURL: st.Config.URL(""),
		SelfURL: st.Config.URL("feed.xml"), Author: cmp.Or(st.Config.Organisation, st.Config.Title)}, changes)
	if err != nil {
		return err
	}
	return out.Write("feed.xml", feed)
}

// logDocument is the document that declares itself the log (by the
// {{< log >}} shortcode), for the log page to link to.
func (st *State) logDocument() *DocRef {
	for _, d := range st.Docs {
		if p := st.Pages[d.Meta.ID]; p != nil && slices.Contains(p.Shortcodes, "log:") {
			if ref, ok := st.Ref(d.Meta.ID); ok {
				return &ref
			}
		}
	}
	return nil
}
