package build

import (
	"cmp"
	"context"

	"handbook/internal/par"
	"handbook/internal/register"
	"handbook/internal/site"
)

// feedSize is the number of revisions in /feed.xml.
const feedSize = 100

// writeRegister writes the Documentation Log (/log/, /log.csv, /log.json,
// and the table the log document embeds), clause coverage (/clauses/),
// the reviews due (/reviews/) and the feed of changes (/feed.xml), all
// from the documents of this build.
// The four are independent, and each is one long serial loop over every
// document, so they run side by side.
func writeRegister(_ context.Context, st *state, out sink) error {
	defer st.logged.finish() // on failure too: no page waits forever
	writers := []func(*state, sink) error{writeLog, writeLogXLSX, writeClauses, writeReviews, writeFeed}
	return par.ForErr(len(writers), func(i int) error { return writers[i](st, out) })
}

// logRows is the Documentation Log's rows of this build's documents, with
// the site's addresses: one definition for the log and its workbook.
func (st *state) logRows() []register.Row {
	rows := register.Rows(st.Docs, func(d *site.Document) string { return st.Config.URL(d.URLPath()) })
	for i, d := range st.Docs {
		rows[i].Acknowledge = st.Config.AsksAcknowledgement(d.Meta.Type, d.Meta.Acknowledge)
	}
	return rows
}

func writeLog(st *state, out sink) error {
	rows := st.logRows()
	// The table first: the pages that embed the log wait for it.
	v, err := st.Log(rows)
	if err != nil {
		return err
	}
	st.setEmbed("log", "", []byte(v.Table))
	st.logged.finish()
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
	p := st.NewPage("log", "Service Management System Documentation Log", "log/")
	p.Main = v
	return st.writePage(out, "log", p, "log/index.html")
}

func writeClauses(st *state, out sink) error {
	p := st.NewPage("clauses", "Clause coverage: ISO/IEC 20000-1:2018", "clauses/")
	p.Main = st.Clauses()
	return st.writePage(out, "clauses", p, "clauses/index.html")
}

func writeReviews(st *state, out sink) error {
	p := st.NewPage("reviews", "Reviews overdue and due soon", "reviews/")
	p.Main = st.Reviews()
	return st.writePage(out, "reviews", p, "reviews/index.html")
}

func writeFeed(st *state, out sink) error {
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
