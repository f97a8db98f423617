package register

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"slices"
	"strings"
	"testing"
	"time"

	"handbook/internal/site"
)

func day(s string) site.Date {
	t, err := time.Parse(site.DateLayout, s)
	if err != nil {
		panic(err)
	}
	return site.Date{Time: t}
}

func doc(id, status string, clauses ...string) *site.Document {
	return &site.Document{Meta: site.Meta{ID: id, Title: "Title of " + id, Type: "procedure", Version: "1.0",
		Status: status, Owner: "Service Manager", Classification: "internal", Clauses: clauses}}
}

func TestCSVParsesToTheJSONRows(t *testing.T) {
	d1 := doc("SMS-POL-001", "approved", "5.1", "5.2")
	d1.Meta.Title = `Roles, "Responsibilities" – and Authorities`
	d1.Meta.Approver, d1.Meta.Approved, d1.Meta.Review = "CEO", day("2026-01-20"), day("2027-01-20")
	d1.Meta.History = []site.Revision{{Version: "1.0", Summary: "First issue"}, {Version: "2.0", Summary: "Roles, steps: rewritten"}}
	d2 := doc("SMS-PROC-002", "draft")
	d2.Meta.Title = "Line one\nline two; with a comma, too"
	rows := Rows([]*site.Document{d1, d2}, func(d *site.Document) string { return "/docs/" + strings.ToLower(d.Meta.ID) + "/" })
	// The last change is the latest history entry's summary ("" without history).
	if rows[0].LastChange != "Roles, steps: rewritten" || rows[1].LastChange != "" {
		t.Errorf("last changes %q, %q", rows[0].LastChange, rows[1].LastChange)
	}

	csvBytes, err := CSV(rows)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(csvBytes, []byte(bom)) {
		t.Error("CSV does not start with a UTF-8 byte order mark (Excel needs it to read UTF-8)")
	}
	if !bytes.Contains(csvBytes, []byte("\r\n")) {
		t.Error("CSV lines do not end in CRLF (RFC 4180)")
	}
	// A reader that decodes UTF-8 with a BOM drops it; encoding/csv does
	// not, so strip it as Excel and Python's utf-8-sig do.
	records, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(csvBytes, []byte(bom)))).ReadAll()
	if err != nil {
		t.Fatalf("CSV does not parse: %v", err)
	}

	objects := jsonRows(t, rows)
	if len(records) != len(objects)+1 {
		t.Fatalf("CSV has %d records, JSON %d rows (+1 header)", len(records), len(objects))
	}
	if !slices.Equal(records[0], Columns) {
		t.Errorf("CSV header = %q, want %q", records[0], Columns)
	}
	for i, obj := range objects {
		var want []string
		for _, col := range records[0] {
			v, ok := obj[col]
			if !ok {
				t.Fatalf("JSON row %d has no key %q", i, col)
			}
			want = append(want, jsonField(v))
		}
		if !slices.Equal(records[i+1], want) {
			t.Errorf("CSV row %d = %q\nJSON row gives %q", i, records[i+1], want)
		}
	}
}

// jsonField is a JSON value as the CSV writes it: lists joined by spaces.
func jsonField(v any) string {
	if list, ok := v.([]any); ok {
		var parts []string
		for _, p := range list {
			parts = append(parts, p.(string))
		}
		return strings.Join(parts, " ")
	}
	return v.(string)
}

func TestJSONOfNoRowsIsAnEmptyArray(t *testing.T) {
	b, err := JSON(nil)
	if err != nil || strings.TrimSpace(string(b)) != "[]" {
		t.Errorf("JSON(nil) = %q, %v; want []", b, err)
	}
}

func TestCoverage(t *testing.T) {
	docs := []*site.Document{
		doc("A", "approved", "8.6.1"),
		doc("B", "draft", "8.4.1"),
		doc("C", "retired", "9.2"),
		doc("D", "approved", "8.3.4"),
	}
	cov := Coverage(docs)
	byNum := map[string]ClauseCoverage{}
	for _, c := range cov {
		byNum[c.Clause.Number] = c
	}
	for _, want := range []string{"4", "7.5.3", "9.2", "10.2"} {
		if _, ok := byNum[want]; !ok {
			t.Errorf("coverage leaves out clause %s", want)
		}
	}
	tests := []struct {
		clause, state string
		docs, sub     []string
	}{
		{"8.6.1", Covered, []string{"A"}, nil},
		{"8.6", Covered, nil, []string{"A"}}, // through a subclause
		{"8", Covered, nil, []string{"A", "B", "D"}},
		{"8.4.1", Unapproved, []string{"B"}, nil}, // a draft does not cover
		{"9.2", Gap, nil, nil},                    // a retired document addresses nothing
		{"8.3.4.1", Gap, nil, nil},                // a parent clause's document does not cover its subclauses
		{"4.1", Gap, nil, nil},
	}
	for _, tt := range tests {
		c := byNum[tt.clause]
		if c.State != tt.state || !slices.Equal(ids(c.Docs), tt.docs) || !slices.Equal(ids(c.Sub), tt.sub) {
			t.Errorf("clause %s: state %s, docs %v, sub %v; want %s, %v, %v", tt.clause, c.State, ids(c.Docs), ids(c.Sub), tt.state, tt.docs, tt.sub)
		}
	}
}

func TestAddressingPutsApprovedDirectAndHigherTypesFirst(t *testing.T) {
	tpl := doc("SMS-TPL-001", "approved", "8.6.1")
	tpl.Meta.Type = "template"
	proc := doc("SMS-PROC-004", "approved", "8.6.1")
	prc := doc("SMS-PRC-002", "approved", "8.6.1")
	prc.Meta.Type = "process"
	draft := doc("SMS-PRC-020", "draft", "8.6.1")
	draft.Meta.Type = "process"
	sub := doc("SMS-PROC-011", "approved", "8.6.1.9")
	other := doc("SMS-PROC-012", "approved", "8.6.2")
	rank := func(t string) int {
		return slices.Index([]string{"policy", "plan", "process", "procedure", "template"}, t)
	}
	got := ids(Addressing([]*site.Document{tpl, sub, draft, other, proc, prc}, []string{"8.6.1"}, rank))
	want := []string{"SMS-PRC-002", "SMS-PROC-004", "SMS-TPL-001", "SMS-PROC-011", "SMS-PRC-020"}
	if !slices.Equal(got, want) {
		t.Errorf("Addressing = %v, want %v", got, want)
	}
}

// TestAddressesAnswersEachQuestion: one index answers several questions,
// each as Addressing does: subclauses count, a document listing a clause
// twice comes once, a retired one never, a clause that only shares a
// prefix ("8.6.10" for "8.6.1") does not count.
func TestAddressesAnswersEachQuestion(t *testing.T) {
	twice := doc("SMS-PROC-001", "approved", "8.6.1", "8.6.1", "8.6.2")
	sub := doc("SMS-PROC-002", "approved", "8.6.1.9")
	retired := doc("SMS-PROC-003", "retired", "8.6.1")
	prefix := doc("SMS-PROC-004", "approved", "8.6.10")
	other := doc("SMS-PROC-005", "draft", "9.1")
	a := NewAddresses([]*site.Document{twice, sub, retired, prefix, other})
	rank := func(string) int { return 0 }
	for _, tc := range []struct {
		clauses, want []string
	}{
		{[]string{"8.6.1"}, []string{"SMS-PROC-001", "SMS-PROC-002"}},
		{[]string{"8.6"}, []string{"SMS-PROC-001", "SMS-PROC-002", "SMS-PROC-004"}},
		{[]string{"8.6.1.9", "9.1"}, []string{"SMS-PROC-002", "SMS-PROC-005"}},
		{[]string{"8.6.2", "8.6.1.9"}, []string{"SMS-PROC-001", "SMS-PROC-002"}},
		{[]string{"10"}, nil},
	} {
		if got := ids(a.Of(tc.clauses, rank)); !slices.Equal(got, tc.want) {
			t.Errorf("Of(%v) = %v, want %v", tc.clauses, got, tc.want)
		}
	}
}

func ids(docs []*site.Document) []string {
	var out []string
	for _, d := range docs {
		out = append(out, d.Meta.ID)
	}
	return out
}

func TestDueReviewsAgainstAFixedClock(t *testing.T) {
	today := time.Date(2026, 3, 1, 15, 30, 0, 0, time.UTC) // the time of day must not matter
	mk := func(id, status, review string) *site.Document {
		d := doc(id, status)
		if review != "" {
			d.Meta.Review = day(review)
		}
		return d
	}
	docs := []*site.Document{
		mk("LONG-OVERDUE", "approved", "2025-01-01"),
		mk("YESTERDAY", "approved", "2026-02-28"),
		mk("TODAY", "approved", "2026-03-01"),
		mk("EDGE", "approved", "2026-04-30"), // today + 60 days: still due soon
		mk("BEYOND", "approved", "2026-05-01"),
		mk("RETIRED", "retired", "2025-01-01"),
		mk("NO-DATE", "draft", ""),
	}
	r := DueReviews(docs, today, 60)
	var overdue, soon []string
	for _, x := range r.Overdue {
		overdue = append(overdue, x.Doc.Meta.ID)
	}
	for _, x := range r.DueSoon {
		soon = append(soon, x.Doc.Meta.ID)
	}
	if want := []string{"LONG-OVERDUE", "YESTERDAY"}; !slices.Equal(overdue, want) {
		t.Errorf("overdue = %v, want %v", overdue, want)
	}
	if want := []string{"TODAY", "EDGE"}; !slices.Equal(soon, want) {
		t.Errorf("due soon = %v, want %v", soon, want)
	}
	if r.Overdue[1].Days != -1 || r.DueSoon[0].Days != 0 || r.DueSoon[1].Days != 60 {
		t.Errorf("days: %d, %d, %d; want -1, 0, 60", r.Overdue[1].Days, r.DueSoon[0].Days, r.DueSoon[1].Days)
	}
	if r := DueReviews(docs, today, 0); len(r.DueSoon) != 1 {
		t.Errorf("a zero window keeps only reviews due today, got %d", len(r.DueSoon))
	}
}

func TestAtomFeedIsWellFormedAndDeterministic(t *testing.T) {
	changes := []Change{
		{ID: "SMS-REG-001", Title: "Log & <Register>", URL: "https://sms.example/docs/sms-reg-001/", Version: "2.1",
			Date: day("2026-02-02").Time, Author: "Document Controller", Summary: "Annual review"},
		{ID: "SMS-POL-001", Title: "Policy", URL: "https://sms.example/docs/sms-pol-001/", Version: "2.0", Date: day("2026-01-20").Time},
	}
	info := FeedInfo{Title: "Handbook: changes", SiteURL: "https://sms.example/", SelfURL: "https://sms.example/feed.xml", Author: "Example Ltd"}
	a, err := Atom(info, changes)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Atom(info, changes)
	if !bytes.Equal(a, b) {
		t.Error("two feeds of the same changes differ")
	}
	var feed struct {
		XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
		ID      string   `xml:"id"`
		Updated string   `xml:"updated"`
		Entries []struct {
			Title   string `xml:"title"`
			ID      string `xml:"id"`
			Updated string `xml:"updated"`
			Link    struct {
				Href string `xml:"href,attr"`
			} `xml:"link"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal(a, &feed); err != nil {
		t.Fatalf("feed is not well-formed Atom: %v\n%s", err, a)
	}
	if feed.Updated != "2026-02-02T00:00:00Z" {
		t.Errorf("feed updated = %q, want the newest change's date", feed.Updated)
	}
	if len(feed.Entries) != 2 || feed.Entries[0].Title != "SMS-REG-001 Log & <Register>: version 2.1" ||
		feed.Entries[0].Link.Href != changes[0].URL || feed.Entries[0].ID == feed.Entries[1].ID {
		t.Errorf("entries = %+v", feed.Entries)
	}
	wellFormed(t, a)

	// A base URL that is only a path still gives absolute ids.
	info.SiteURL, info.SelfURL = "/", "/feed.xml"
	c, _ := Atom(info, changes)
	if !bytes.Contains(c, []byte("<id>urn:uuid:")) {
		t.Errorf("feed of a relative site has no urn:uuid ids:\n%s", c)
	}
	wellFormed(t, c)
}

func wellFormed(t *testing.T, b []byte) {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(b))
	for {
		_, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v", err)
		}
	}
}

// TestCSVCellsCannotRunAsFormulas: a cell that a spreadsheet would take
// for a formula (= + - @ tab CR first) is prefixed with an apostrophe in
// the CSV; the JSON keeps the exact text; other cells are untouched.
func TestCSVCellsCannotRunAsFormulas(t *testing.T) {
	titles := []string{`=HYPERLINK("http://evil.example","x")`, "+1+1", "-2+3", "@SUM(A1)", "\tTabbed", "\rReturn", "Plain - title", "1.0"}
	var docs []*site.Document
	for i, title := range titles {
		d := doc("SMS-PROC-"+strings.Repeat("0", 2)+string(rune('1'+i)), "approved")
		d.Meta.Title = title
		docs = append(docs, d)
	}
	rows := Rows(docs, func(d *site.Document) string { return "/x/" })
	csvBytes, err := CSV(rows)
	if err != nil {
		t.Fatal(err)
	}
	records, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(csvBytes, []byte(bom)))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := slices.Index(Columns, "title")
	for i, title := range titles {
		want := title
		if strings.ContainsAny(title[:1], "=+-@\t\r") {
			want = "'" + title
		}
		want = strings.ReplaceAll(want, "\r", "") // encoding/csv with UseCRLF drops a lone CR
		if got := records[i+1][col]; got != want {
			t.Errorf("CSV cell %q, want %q", got, want)
		}
	}
	objects := jsonRows(t, rows)
	for i, title := range titles {
		if got := objects[i]["title"]; got != title {
			t.Errorf("JSON title %q, want the exact %q", got, title)
		}
	}
}

// jsonRows is the JSON log of rows, decoded.
func jsonRows(t *testing.T, rows []Row) []map[string]any {
	t.Helper()
	b, err := JSON(rows)
	if err != nil {
		t.Fatal(err)
	}
	var objects []map[string]any
	if err := json.Unmarshal(b, &objects); err != nil {
		t.Fatal(err)
	}
	return objects
}
