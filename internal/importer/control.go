package importer

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// controlKeys map the labels of a document-control table to a field. A
// label mapped to "date" or "author" is read as approved or owner, and the
// summary says it was guessed.
var controlKeys = map[string][]string{
	"version":        {"version", "version number", "version no", "version no.", "current version", "document version", "issue", "issue number", "issue no", "revision", "rev"},
	"approved":       {"approval date", "date approved", "approved date", "date of approval", "approved on"},
	"date":           {"date", "issue date", "date of issue", "effective date", "release date", "publication date", "last updated"},
	"owner":          {"owner", "document owner", "process owner", "policy owner"},
	"author":         {"author", "prepared by", "written by", "created by"},
	"approver":       {"approver", "approved by", "authorised by", "authorized by", "approval"},
	"classification": {"classification", "security classification", "confidentiality", "information classification", "protective marking", "document classification"},
	"review":         {"next review", "next review date", "review date", "review by", "date of next review"},
	"title":          {"title", "document title", "document name"},
	"reference":      {"reference", "document reference", "document number", "document no", "document id", "doc ref", "ref"},
}

// revisionColumns map the column headings of a revision-history table.
var revisionColumns = map[string][]string{
	"version": {"version", "ver", "ver.", "issue", "rev", "revision", "version no", "version number", "issue no"},
	"date":    {"date", "issue date", "date of issue", "revision date", "date of change"},
	"author":  {"author", "by", "revised by", "changed by", "editor", "prepared by", "owner", "name"},
	"summary": {"summary", "description", "changes", "change", "details", "comments", "reason", "summary of changes", "description of change", "description of changes", "amendment", "amendments"},
}

// fieldOf maps a label to its field in keys, or "".
func fieldOf(keys map[string][]string, label string) string {
	l := strings.ToLower(strings.TrimSpace(strings.TrimRight(strings.TrimSpace(label), ":")))
	for field, labels := range keys {
		if slices.Contains(labels, l) {
			return field
		}
	}
	return ""
}

// controlPairs returns the label/value pairs of a document-control table:
// labels down the first column (and the third, in a four-column table), or
// across a heading row with one row of values. ok is false for any other
// table.
func controlPairs(rows [][]string) (pairs [][2]string, ok bool) {
	var down [][2]string
	for _, r := range rows {
		for i := 0; i+1 < len(r); i += 2 {
			if fieldOf(controlKeys, r[i]) != "" {
				down = append(down, [2]string{r[i], r[i+1]})
			}
		}
	}
	if len(down) >= 2 {
		return down, true
	}
	if len(rows) == 2 {
		var across [][2]string
		for i, h := range rows[0] {
			if fieldOf(controlKeys, h) != "" && i < len(rows[1]) {
				across = append(across, [2]string{h, rows[1][i]})
			}
		}
		if len(across) >= 2 {
			return across, true
		}
	}
	return nil, false
}

// revisionRows returns the rows of a revision-history table, each as a
// map from field to cell; ok is false for any other table.
func revisionRows(rows [][]string) (revs []map[string]string, ok bool) {
	if len(rows) < 2 {
		return nil, false
	}
	cols := map[int]string{}
	found := map[string]bool{}
	for i, h := range rows[0] {
		if f := fieldOf(revisionColumns, h); f != "" && !found[f] {
			cols[i] = f
			found[f] = true
		}
	}
	// Version, date and author over one row is a document-control table
	// written across; a history has a summary column or several rows.
	if !found["version"] || !found["date"] || (!found["summary"] && (!found["author"] || len(rows) < 3)) {
		return nil, false
	}
	for _, r := range rows[1:] {
		rev := map[string]string{}
		for i, cell := range r {
			if f := cols[i]; f != "" && cell != "" {
				rev[f] = cell
			}
		}
		if rev["version"] != "" || rev["summary"] != "" {
			revs = append(revs, rev)
		}
	}
	return revs, true
}

// unfilled reports a value that is empty or still a template's blank:
// a bracketed placeholder, "TBC", "n/a", "dd/mm/yyyy", "x.x".
func unfilled(v string) bool {
	l := strings.ToLower(strings.TrimSpace(v))
	return l == "" || strings.ContainsAny(l, "[]<>") || slices.Contains([]string{"tbc", "tbd", "n/a", "na", "-", "x.x", "dd/mm/yyyy", "mm/dd/yyyy", "yyyy-mm-dd"}, l) ||
		strings.HasPrefix(l, "insert ")
}

var versionRE = regexp.MustCompile(`^(?i:v(?:ersion|er\.?)?\s*)?(\d+(?:\.\d+)*)$`)

// parseVersion reads "2.0", "v2.0", "Version 2" as the version number.
func parseVersion(v string) (string, bool) {
	m := versionRE.FindStringSubmatch(strings.TrimSpace(v))
	if m == nil {
		return "", false
	}
	return m[1], true
}

var numericDate = regexp.MustCompile(`^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})$`)

// dateLayouts are the written-out dates a Word document may hold.
var dateLayouts = []string{
	"2006-01-02", "2006/01/02", "2 January 2006", "2 Jan 2006", "January 2, 2006", "Jan 2, 2006",
	"2-Jan-2006", "2-Jan-06", "2 January, 2006", "Monday, 2 January 2006", "Monday, January 2, 2006",
	"2nd January 2006", "January 2006",
}

// parseDate reads a date as YYYY-MM-DD. A numeric date whose day and month
// could be swapped (03/04/2026) is not read: it is ambiguous, and the
// import does not guess.
func parseDate(s string) (iso string, err error) {
	s = strings.TrimSpace(s)
	if m := numericDate.FindStringSubmatch(s); m != nil {
		a, _ := strconv.Atoi(m[1])
		b, _ := strconv.Atoi(m[2])
		y, _ := strconv.Atoi(m[3])
		if y < 100 {
			y += 2000
		}
		day, month := a, b
		switch {
		case a <= 12 && b <= 12 && a != b:
			return "", fmt.Errorf("%q is ambiguous (day/month or month/day?)", s)
		case a <= 12 && b > 12:
			day, month = b, a
		}
		t := time.Date(y, time.Month(month), day, 0, 0, 0, 0, time.UTC)
		if t.Day() != day || int(t.Month()) != month {
			return "", fmt.Errorf("%q is not a date", s)
		}
		return t.Format(time.DateOnly), nil
	}
	clean := ordinal.ReplaceAllString(s, "$1")
	for _, l := range dateLayouts {
		if t, err := time.Parse(l, clean); err == nil {
			if l == "January 2006" {
				return "", fmt.Errorf("%q gives no day", s)
			}
			return t.Format(time.DateOnly), nil
		}
	}
	return "", fmt.Errorf("%q is not a date this import reads (write it as YYYY-MM-DD)", s)
}

var ordinal = regexp.MustCompile(`\b(\d{1,2})(?:st|nd|rd|th)\b`)

// applyControl sets d's fields from a document-control table's pairs,
// with a TODO for each value it cannot read. cfgClasses are the site's
// classifications.
func applyControl(d *Doc, pairs [][2]string, classes []string) {
	for _, p := range pairs {
		label, v := p[0], strings.TrimSpace(p[1])
		field := fieldOf(controlKeys, label)
		if unfilled(v) {
			if field != "title" && field != "reference" {
				d.todof("%s: the document-control table's %q is %q, not filled in", target(field), label, v)
			}
			continue
		}
		from := fmt.Sprintf("%q in the document-control table", label)
		switch field {
		case "version":
			if ver, ok := parseVersion(v); ok {
				d.Version = ver
			} else {
				d.todof("version: the document-control table's %q is %q, not a version number", label, v)
			}
		case "approved", "date", "review":
			iso, err := parseDate(v)
			switch {
			case err != nil:
				d.todof("%s: the document-control table's %q: %v", target(field), label, err)
			case field == "review":
				d.Review = iso
			default:
				d.Approved = iso
				if field == "date" {
					d.guess("approved", iso, from)
				}
			}
		case "owner":
			d.Owner = v
		case "author":
			if d.Owner == "" {
				d.Owner = v
				d.guess("owner", v, from)
			}
		case "approver":
			d.Approver = v
		case "classification":
			applyClass(d, label, v, classes)
		case "title":
			if d.Title == "" {
				d.Title = v
				d.guess("title", v, from)
			}
		case "reference":
			d.guess("id", "a new number", fmt.Sprintf("the site's numbering; the source's reference %q is not kept", v))
		}
	}
}

// target is the front-matter field a control-table field fills.
func target(field string) string {
	switch field {
	case "date":
		return "approved"
	case "author":
		return "owner"
	}
	return field
}

// applyClass maps a classification ("Company Confidential") to the
// site's classification it names.
func applyClass(d *Doc, label, v string, classes []string) {
	l := strings.ToLower(v)
	for _, c := range slices.Backward(classes) {
		if l == c {
			d.Class = c
			return
		}
	}
	for _, c := range slices.Backward(classes) {
		if strings.Contains(l, c) {
			d.Class = c
			d.guess("classification", c, fmt.Sprintf("%q in the document-control table", v))
			return
		}
	}
	d.todof("classification: the document-control table's %q is %q, none of handbook.yaml's classifications (%s)", label, v, strings.Join(classes, ", "))
}

// applyHistory sets d's history from a revision-history table. A row
// without a version or a readable date is left out, with a TODO naming it:
// the history holds dated versions only.
func applyHistory(d *Doc, revs []map[string]string) {
	for _, r := range revs {
		rev := Revision{Version: r["version"], Author: r["author"], Summary: r["summary"]}
		if v, ok := parseVersion(rev.Version); ok {
			rev.Version = v
		}
		for _, f := range []*string{&rev.Author, &rev.Summary} {
			if unfilled(*f) {
				*f = ""
			}
		}
		row := fmt.Sprintf("the revision-history row %q", strings.TrimSpace(r["version"]+" "+r["date"]+" "+r["summary"]))
		if unfilled(rev.Version) {
			if rev.Summary != "" {
				d.todof("history: %s has no version, left out", row)
			}
			continue
		}
		iso, err := parseDate(r["date"])
		if err != nil {
			d.todof("history: %s left out: its date %v", row, err)
			continue
		}
		rev.Date = iso
		d.History = append(d.History, rev)
	}
}

// completeFromHistory fills the version, and the approval date of the
// current version, from the history when the control table lacks them.
func completeFromHistory(d *Doc) {
	if len(d.History) == 0 {
		return
	}
	last := d.History[len(d.History)-1]
	if d.Version == "" && last.Version != "" && !unfilled(last.Version) {
		d.Version = last.Version
		d.guess("version", last.Version, "the last row of the revision history")
	}
	if d.Approved == "" && d.Approver != "" {
		for _, r := range d.History {
			if r.Version == d.Version && r.Date != "" {
				d.Approved = r.Date
				d.guess("approved", r.Date, "the revision history's row of version "+r.Version)
			}
		}
	}
}
