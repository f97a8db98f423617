package serve

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"
	"time"

	"handbook/internal/acks"
)

// AckPath takes the acknowledgement form's POST.
const AckPath = "/api/ack"

// docInfo is a document of an edition as its log.json describes it.
type docInfo struct {
	ID             string `json:"id"`
	Title          string `json:"title"`
	Version        string `json:"version"`
	Classification string `json:"classification"`
	URL            string `json:"url"`
	Acknowledge    bool   `json:"acknowledge"`
}

// docIndex is an edition's documents: all of them by id and by page, and
// those that ask for acknowledgement in log order.
type docIndex struct {
	byID   map[string]docInfo
	byPage map[string]string // "docs/x/index.html" -> id
	asks   []docInfo
}

// readDocs reads an edition's documents from its log.json.
func readDocs(root *os.Root) (*docIndex, error) {
	b, err := root.ReadFile("log.json")
	if err != nil {
		return nil, fmt.Errorf("reading the edition's log.json: %w", err)
	}
	var rows []docInfo
	if err := json.Unmarshal(b, &rows); err != nil {
		return nil, fmt.Errorf("reading the edition's log.json: %w", err)
	}
	ix := &docIndex{byID: map[string]docInfo{}, byPage: map[string]string{}}
	for _, d := range rows {
		ix.byID[d.ID] = d
		ix.byPage[pagePath(d.ID)] = d.ID
		if d.Acknowledge {
			ix.asks = append(ix.asks, d)
		}
	}
	return ix, nil
}

// pagePath is the file of a document's page in the output.
func pagePath(id string) string { return "docs/" + strings.ToLower(id) + "/index.html" }

// current reports whether version v still counts as acknowledging the
// document's version cur: the same version, or under renew "major" the
// same major version.
func (rd *Readers) current(v, cur string) bool {
	if v == cur {
		return true
	}
	if rd.Config.Acknowledge.RenewEvery() {
		return false
	}
	return major(v) == major(cur)
}

func major(v string) string {
	m, _, _ := strings.Cut(v, ".")
	return m
}

// token is the reader's form token: it proves a POST came from a page
// this server gave that reader (with the Origin check, against cross-site
// request forgery). Every replica sharing the database signs alike.
func (rd *Readers) token(reader string) string {
	m := hmac.New(sha256.New, rd.Store.Secret())
	m.Write([]byte("ack-form\x00" + reader))
	return hex.EncodeToString(m.Sum(nil))
}

// sameOrigin reports whether a POST was sent by a page of this site:
// Sec-Fetch-Site where the browser sends it (every current one does; no
// script can forge it), else the Origin header. Origin alone is not
// enough: under this site's Referrer-Policy (no-referrer) browsers send
// "Origin: null" with forms.
func sameOrigin(r *http.Request) bool {
	if site := r.Header.Get("Sec-Fetch-Site"); site != "" {
		return site == "same-origin"
	}
	u, err := url.Parse(r.Header.Get("Origin"))
	return err == nil && u.Host != "" && u.Host == r.Host
}

// acknowledge records "I have read and understood" (POST /api/ack with
// doc, version and token): a signed-in reader, a same-origin request with
// the reader's token, a document of the reader's edition that asks for
// acknowledgement, and its current version. Idempotent per reader,
// document and version. A browser is sent back to the page (303); a
// client asking for JSON gets JSON.
func (s *Server) acknowledge(w http.ResponseWriter, r *http.Request, g *generation) {
	rd, v := s.opts.Readers, visitOf(r)
	switch {
	case r.Method != http.MethodPost:
		w.Header().Set("Allow", "POST")
		s.fail(w, r, g, http.StatusMethodNotAllowed, "acknowledgements are sent with POST")
		return
	case rd.Store == nil:
		s.fail(w, r, g, http.StatusNotFound, "acknowledgements are not recorded by this server")
		return
	case !v.signedIn:
		s.fail(w, r, g, http.StatusUnauthorized, "sign in through the intranet to acknowledge a document")
		return
	case !sameOrigin(r):
		s.fail(w, r, g, http.StatusForbidden, "cross-site request refused")
		return
	case g.docs == nil:
		s.notBuilt(w)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 4<<10)
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, g, http.StatusBadRequest, "bad form")
		return
	}
	if !hmac.Equal([]byte(r.PostForm.Get("token")), []byte(rd.token(v.reader.ID))) {
		s.fail(w, r, g, http.StatusForbidden, "the form has expired: reload the page and try again")
		return
	}
	d, ok := g.docs.byID[r.PostForm.Get("doc")]
	switch {
	case !ok: // unknown, or above the reader's audience: the same answer
		s.fail(w, r, g, http.StatusNotFound, "no such document")
		return
	case !d.Acknowledge:
		s.fail(w, r, g, http.StatusBadRequest, d.ID+" does not ask for acknowledgement")
		return
	case r.PostForm.Get("version") != d.Version:
		s.fail(w, r, g, http.StatusConflict, fmt.Sprintf("version %q of %s is not the current one (%s): reload the page", r.PostForm.Get("version"), d.ID, d.Version))
		return
	}
	page, err := g.root.ReadFile(pagePath(d.ID))
	if err != nil {
		s.fail(w, r, g, http.StatusNotFound, "no such document")
		return
	}
	sum := sha256.Sum256(page)
	a := acks.Ack{Reader: v.reader.ID, Email: v.reader.Email, Doc: d.ID, Version: d.Version,
		PageHash: hex.EncodeToString(sum[:]), At: time.Now().UTC()}
	created, err := rd.Store.Record(r.Context(), a)
	if err != nil {
		s.opts.Logger.Error("recording an acknowledgement", "error", err)
		s.fail(w, r, g, http.StatusServiceUnavailable, "acknowledgements cannot be recorded right now; the page is still there: try again later")
		return
	}
	if strings.Contains(r.Header.Get("Accept"), "application/json") {
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{"doc": d.ID, "version": d.Version, "recorded": created})
		return
	}
	http.Redirect(w, r, "/"+strings.TrimSuffix(pagePath(d.ID), "index.html")+"#ack", http.StatusSeeOther)
}

// readerPath answers the requests that depend on the reader, reporting
// whether it did: a briefing link /docs/<id>/?ack goes to the form, and
// the acknowledgement report and its exports are for managers only (a
// 404, as for any page above one's audience, to the others).
func (s *Server) readerPath(w http.ResponseWriter, r *http.Request, g *generation, rel string) bool {
	v, rd := visitOf(r), s.opts.Readers
	if r.URL.Query().Has("ack") && strings.HasPrefix(rel, "docs/") {
		http.Redirect(w, r, "/"+rel+"/#ack", http.StatusSeeOther)
		return true
	}
	switch rel {
	case "acknowledgements", "acknowledgements.csv", "acknowledgements.json":
	default:
		return false
	}
	if !rd.mayReport(v) || rd.Store == nil || g.docs == nil || len(g.docs.asks) == 0 {
		s.notFound(w, r, g)
		return true
	}
	rep, err := s.report(r.Context(), g)
	if err != nil {
		s.opts.Logger.Error("reading acknowledgements", "error", err)
		plain(w, http.StatusServiceUnavailable, "acknowledgements cannot be read right now")
		return true
	}
	switch rel {
	case "acknowledgements.csv":
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Header().Set("Content-Disposition", `attachment; filename="acknowledgements.csv"`)
		_, _ = w.Write(acks.CSV(rep.all))
	case "acknowledgements.json":
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(acks.JSON(rep.all))
	default:
		s.file(w, r, g, rel) // its slot is filled by personalise
	}
	return true
}

// personalise fills the reader's slots of an HTML page: the
// acknowledgement form of a document, the outstanding acknowledgements
// on the home page, the report on /acknowledgements/. Pages without a
// slot, and anonymous readers, get the page as built (same reports
// whether it is).
func (s *Server) personalise(r *http.Request, g *generation, name string, page []byte) (out []byte, same bool) {
	v, rd := visitOf(r), s.opts.Readers
	if v == nil || !v.signedIn || rd.Store == nil || g.docs == nil || !bytes.Contains(page, []byte(slotPrefix)) {
		return page, true
	}
	mine, err := rd.Store.ForReader(r.Context(), v.reader.ID)
	if err != nil {
		s.opts.Logger.Error("reading acknowledgements", "error", err)
		return fill(page, "ack", unavailableHTML), false
	}
	if id, ok := g.docs.byPage[name]; ok {
		d := g.docs.byID[id]
		return fill(page, "ack", render("form", formView{Doc: d, Token: rd.token(v.reader.ID), Done: rd.done(mine, d)})), false
	}
	switch name {
	case "index.html":
		var out []docInfo
		for _, d := range g.docs.asks {
			if rd.done(mine, d) == nil {
				out = append(out, d)
			}
		}
		return fill(page, "my-acks", render("mine", out)), false
	case "acknowledgements/index.html":
		rep, err := s.report(r.Context(), g)
		if err != nil {
			return fill(page, "ack-report", unavailableHTML), false
		}
		return fill(page, "ack-report", render("report", rep)), false
	}
	return page, true
}

// done returns the reader's acknowledgement that counts for d's current
// version, or nil.
func (rd *Readers) done(mine []acks.Ack, d docInfo) *acks.Ack {
	for i := len(mine) - 1; i >= 0; i-- {
		if a := mine[i]; a.Doc == d.ID && rd.current(a.Version, d.Version) {
			return &a
		}
	}
	return nil
}

// slotPrefix starts every slot the theme writes: <div class="ack-slot"
// ... data-slot="NAME">...</div> (empty, or with text for readers
// without a server).
const slotPrefix = `<div class="ack-slot"`

// fill replaces the slot named name with html (once; a page has one of a
// name), keeping the slot's element so its id stays a link target.
func fill(page []byte, name, html string) []byte {
	marker := []byte(`data-slot="` + name + `">`)
	at := bytes.Index(page, marker)
	if at < 0 {
		return page
	}
	open := bytes.LastIndex(page[:at], []byte(slotPrefix))
	end := bytes.Index(page[at:], []byte("</div>"))
	if open < 0 || end < 0 {
		return page
	}
	// The slot's content (empty, or text for copies without a server)
	// holds no <div> of its own: the first </div> closes it.
	start, stop := at+len(marker), at+end
	out := make([]byte, 0, len(page)+len(html))
	out = append(out, page[:start]...)
	out = append(out, html...)
	return append(out, page[stop:]...)
}

const unavailableHTML = `<p class="ack-unavailable">Acknowledgements cannot be shown right now. The page is up to date; try again later.</p>`

// reportData is who acknowledged what, for the report and its exports.
type reportData struct {
	Docs []docReport
	all  []acks.Ack
	// Roster: the expected readers come from readers.csv (else: the
	// readers seen so far).
	Roster bool
}

type docReport struct {
	Doc     docInfo
	Done    []acks.Ack
	Pending []string // readers who may read it and have not acknowledged it
}

// report gathers, per document of the edition that asks for it, who
// acknowledged its current version and who has not: against the roster
// (only readers whose audience includes the document), else against the
// readers seen so far.
func (s *Server) report(ctx context.Context, g *generation) (*reportData, error) {
	rd := s.opts.Readers
	all, err := rd.Store.All(ctx)
	if err != nil {
		return nil, err
	}
	rep := &reportData{all: all, Roster: len(rd.Roster) > 0}
	expected := s.expected(all)
	for _, d := range g.docs.asks {
		dr := docReport{Doc: d}
		did := map[string]bool{}
		for _, a := range all {
			if a.Doc == d.ID && rd.current(a.Version, d.Version) && !did[a.Reader] {
				did[a.Reader] = true
				dr.Done = append(dr.Done, a)
			}
		}
		for _, e := range expected {
			if !did[e.id] && rd.mayRead(e.groups, d.Classification) {
				dr.Pending = append(dr.Pending, e.id)
			}
		}
		rep.Docs = append(rep.Docs, dr)
	}
	return rep, nil
}

type expectedReader struct {
	id     string
	groups []string
	seen   bool
}

// expected lists the readers expected to acknowledge: the roster, or
// every reader seen in the records (whose groups are unknown: counted as
// able to read every document of the edition).
func (s *Server) expected(all []acks.Ack) []expectedReader {
	var out []expectedReader
	for _, r := range s.opts.Readers.Roster {
		out = append(out, expectedReader{id: r.ID, groups: r.Groups})
	}
	if len(out) > 0 {
		return out
	}
	seen := map[string]bool{}
	for _, a := range all {
		if !seen[a.Reader] {
			seen[a.Reader] = true
			out = append(out, expectedReader{id: a.Reader, seen: true})
		}
	}
	slices.SortFunc(out, func(a, b expectedReader) int { return strings.Compare(a.id, b.id) })
	return out
}

// mayRead reports whether a reader in groups may read a document of that
// classification; a reader of unknown groups (nil) is assumed to.
func (rd *Readers) mayRead(groups []string, class string) bool {
	if groups == nil {
		return true
	}
	aud, ok := rd.Config.GroupAudience(groups)
	if !ok {
		if rd.Deny {
			return false
		}
		aud = rd.editions()[0]
	}
	max, _ := rd.Config.MaxRank(aud)
	return rd.Config.ClassRank(class) <= max
}
