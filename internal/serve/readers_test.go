package serve_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"

	"handbook/internal/acks"
	"handbook/internal/acks/acktest"
	"handbook/internal/serve"
	"handbook/internal/serve/readertest"
)

type reader struct{ user, groups string }

var (
	ana = reader{"ana", "staff"}
	max = reader{"max", "it-managers"}
)

func (rd reader) do(t testing.TB, method, u string, form url.Values, hdr map[string]string) (int, string, http.Header) {
	t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, u, body)
	if err != nil {
		t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if rd.user != "" {
		req.Header.Set("X-Forwarded-User", rd.user)
		req.Header.Set("X-Forwarded-Email", rd.user+"@example.org")
		req.Header.Set("X-Forwarded-Groups", rd.groups)
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), resp.Header
}

func (rd reader) get(t testing.TB, u string) (int, string) {
	st, body, _ := rd.do(t, "GET", u, nil, nil)
	return st, body
}

var tokenRE = regexp.MustCompile(`name="token" value="([0-9a-f]+)"`)

// TestReadersEditionsDoNotLeak serves two readers of different groups at
// once: every answer the staff reader gets is scanned for the managers'
// readertest.Canary, while the manager reads it.
func TestReadersEditionsDoNotLeak(t *testing.T) {
	t.Parallel()
	base := readertest.StartReaders(t, readertest.ReadersSite(t, 0), acktest.Backend{DataDir: t.TempDir()}).URL
	paths := []string{"/", "/docs/sms-proc-009/", "/docs/sms-pol-001/", "/log/", "/log.json", "/log.csv", "/links.json",
		"/api/search?q=escalation", "/api/search?q=confidential", "/search/?q=escalation", "/feed.xml", "/types/procedure/",
		"/clauses/", "/reviews/", "/acknowledgements/", "/acknowledgements.csv", "/sitemap.xml"}
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for _, p := range paths {
				if _, body := ana.get(t, base+p); strings.Contains(body, readertest.Canary) || strings.Contains(strings.ToLower(body), strings.ToLower(readertest.Canary)) {
					t.Errorf("staff reader: %s holds the managers' readertest.Canary", p)
				}
			}
		})
		wg.Go(func() {
			if st, body := max.get(t, base+"/docs/sms-proc-009/"); st != 200 || !strings.Contains(body, readertest.Canary) {
				t.Errorf("manager: the confidential procedure: %d", st)
			}
		})
	}
	wg.Wait()
	// Identity headers from an untrusted peer would be ignored; here the
	// peer is trusted, so check the anonymous (no header) reader instead.
	if _, body := (reader{}).get(t, base+"/docs/sms-proc-009/"); strings.Contains(body, readertest.Canary) {
		t.Errorf("an anonymous request read the managers' edition")
	}
}

func TestAcknowledgementFlow(t *testing.T) {
	t.Parallel()
	for _, b := range acktest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			base := readertest.StartReaders(t, readertest.ReadersSite(t, 0), b).URL
			page := base + "/docs/sms-pol-001/"
			st, body := ana.get(t, page)
			m := tokenRE.FindStringSubmatch(body)
			if st != 200 || m == nil || !strings.Contains(body, "I have read and understood version 3.0") {
				t.Fatalf("the policy page offers no form to ana (%d):\n%s", st, body)
			}
			if _, home := ana.get(t, base+"/"); !strings.Contains(home, "Your outstanding acknowledgements (1)") || !strings.Contains(home, "/docs/sms-pol-001/?ack") {
				t.Errorf("home page does not list ana's outstanding acknowledgement")
			}
			if st, _, h := ana.do(t, "GET", page+"?ack", nil, nil); st != http.StatusSeeOther || h.Get("Location") != "/docs/sms-pol-001/#ack" {
				t.Errorf("?ack: %d %q", st, h.Get("Location"))
			}
			form := url.Values{"doc": {"SMS-POL-001"}, "version": {"3.0"}, "token": {m[1]}}
			same := map[string]string{"Origin": base, "Sec-Fetch-Site": "same-origin"}
			refusals := []struct {
				name string
				rd   reader
				form url.Values
				hdr  map[string]string
				want int
			}{
				{"cross-site", ana, form, map[string]string{"Origin": "http://evil.example", "Sec-Fetch-Site": "cross-site"}, 403},
				{"no origin", ana, form, nil, 403},
				{"another reader's token", max, form, same, 403},
				{"anonymous", reader{}, form, same, 401},
				{"old version", ana, url.Values{"doc": {"SMS-POL-001"}, "version": {"2.0"}, "token": {m[1]}}, same, 409},
				{"unknown document", ana, url.Values{"doc": {"SMS-POL-404"}, "version": {"3.0"}, "token": {m[1]}}, same, 404},
				{"document above the reader", ana, url.Values{"doc": {"SMS-PROC-009"}, "version": {"3.0"}, "token": {m[1]}}, same, 404},
			}
			for _, r := range refusals {
				if st, body, _ := r.rd.do(t, "POST", base+serve.AckPath, r.form, r.hdr); st != r.want {
					t.Errorf("%s: %d %s, want %d", r.name, st, body, r.want)
				}
			}
			for i := range 2 { // twice: idempotent
				st, _, h := ana.do(t, "POST", base+serve.AckPath, form, same)
				if st != http.StatusSeeOther || h.Get("Location") != "/docs/sms-pol-001/#ack" {
					t.Fatalf("ack %d: %d %q", i, st, h.Get("Location"))
				}
			}
			if _, body := ana.get(t, page); !strings.Contains(body, "You acknowledged version 3.0") {
				t.Errorf("after acknowledging, the page still asks")
			}
			if st, _ := ana.get(t, base+"/acknowledgements/"); st != 404 {
				t.Errorf("staff reader sees the report: %d", st)
			}
			st, report := max.get(t, base+"/acknowledgements/")
			if st != 200 || !strings.Contains(report, "1 acknowledged, 1 not yet") || !strings.Contains(report, "<td>ana</td>") ||
				!strings.Contains(report, "Not yet acknowledged:</strong> max") {
				t.Errorf("report (%d):\n%s", st, report)
			}
			_, csv := max.get(t, base+"/acknowledgements.csv")
			if !strings.HasPrefix(csv, "reader,email,doc,version,page_sha256,at\nana,ana@example.org,SMS-POL-001,3.0,") {
				t.Errorf("csv:\n%s", csv)
			}
			_, js := max.get(t, base+"/acknowledgements.json")
			var got []acks.Ack
			if err := json.Unmarshal([]byte(js), &got); err != nil || len(got) != 1 || len(got[0].PageHash) != 64 {
				t.Errorf("json: %v %s", err, js)
			}
		})
	}
}

// TestAcknowledgementsUnderLoad: 50 readers acknowledge at once; every
// 303 is a row, and no answer is a 5xx.
func TestAcknowledgementsUnderLoad(t *testing.T) {
	t.Parallel()
	for _, b := range acktest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			base := readertest.StartReaders(t, readertest.ReadersSite(t, 0), b).URL
			var wg sync.WaitGroup
			var mu sync.Mutex
			accepted := 0
			for i := range 50 {
				wg.Go(func() {
					rd := reader{fmt.Sprintf("r%02d", i), "staff"}
					_, body := rd.get(t, base+"/docs/sms-pol-001/")
					m := tokenRE.FindStringSubmatch(body)
					if m == nil {
						t.Error("no form")
						return
					}
					st, _, _ := rd.do(t, "POST", base+serve.AckPath, url.Values{"doc": {"SMS-POL-001"}, "version": {"3.0"}, "token": {m[1]}},
						map[string]string{"Origin": base})
					if st >= 500 {
						t.Errorf("%s: %d", rd.user, st)
					}
					if st == http.StatusSeeOther {
						mu.Lock()
						accepted++
						mu.Unlock()
					}
				})
			}
			wg.Wait()
			s, err := acks.Open(context.Background(), b.DSN, b.DataDir)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			all, err := s.All(context.Background())
			if err != nil || len(all) != accepted || accepted != 50 {
				t.Errorf("rows %d, accepted %d (want 50): %v", len(all), accepted, err)
			}
		})
	}
}

// TestDatabaseDownKeepsPagesServing: with the database gone, pages still
// answer (the slot says acknowledgements cannot be shown) and the POST is
// a 503, not a lost write reported as done.
func TestDatabaseDownKeepsPagesServing(t *testing.T) {
	t.Parallel()
	srv := readertest.StartReaders(t, readertest.ReadersSite(t, 0), acktest.Backend{DataDir: t.TempDir()})
	page := srv.URL + "/docs/sms-pol-001/"
	_, body := ana.get(t, page)
	m := tokenRE.FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no form")
	}
	srv.Store.Close()
	if st, body := ana.get(t, page); st != 200 || !strings.Contains(body, "Acknowledgements cannot be shown right now") {
		t.Errorf("page with the database down: %d", st)
	}
	form := url.Values{"doc": {"SMS-POL-001"}, "version": {"3.0"}, "token": {m[1]}}
	if st, body, _ := ana.do(t, "POST", srv.URL+serve.AckPath, form, map[string]string{"Sec-Fetch-Site": "same-origin"}); st != http.StatusServiceUnavailable {
		t.Errorf("POST with the database down: %d %s", st, body)
	}
}
