package serve_test

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"handbook/internal/acks/acktest"
	"handbook/internal/serve"
	"handbook/internal/serve/readertest"
)

// BenchmarkAcknowledgementLoad: 50 readers at once acknowledge 40
// policies each (2,000 acknowledgements) on each database; it reports the
// p95 latency of the POST, and fails if a 5xx was answered or an accepted
// write is missing. Run with -benchtime 1x.
func BenchmarkAcknowledgementLoad(b *testing.B) {
	site := readertest.ReadersSite(b, 39)
	for _, be := range acktest.Backends(b) {
		b.Run(be.Name, func(b *testing.B) {
			for b.Loop() {
				srv := readertest.StartReaders(b, site, be)
				lat, accepted, failed := ackLoad(b, srv.URL, 50)
				all, err := srv.Store.All(b.Context())
				if err != nil || len(all) != accepted || failed > 0 {
					b.Fatalf("rows %d, accepted %d, 5xx %d: %v", len(all), accepted, failed, err)
				}
				slices.Sort(lat)
				b.ReportMetric(float64(lat[len(lat)*95/100].Microseconds())/1000, "p95-ms")
				b.ReportMetric(float64(accepted), "acks")
			}
		})
	}
}

// ackLoad has n readers acknowledge every policy of the site at once.
func ackLoad(b *testing.B, base string, n int) (lat []time.Duration, accepted, failed int) {
	var mu sync.Mutex
	var wg sync.WaitGroup
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for i := range n {
		wg.Go(func() {
			rd := reader{fmt.Sprintf("load-%02d", i), "staff"}
			_, body := rd.get(b, base+"/docs/sms-pol-001/")
			token := tokenRE.FindStringSubmatch(body)[1]
			for d := 0; d < 40; d++ {
				id := "SMS-POL-001"
				if d > 0 {
					id = fmt.Sprintf("SMS-POL-%03d", 100+d)
				}
				form := url.Values{"doc": {id}, "version": {"3.0"}, "token": {token}}
				req, _ := http.NewRequest("POST", base+serve.AckPath, strings.NewReader(form.Encode()))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				req.Header.Set("X-Forwarded-User", rd.user)
				req.Header.Set("X-Forwarded-Groups", rd.groups)
				req.Header.Set("Sec-Fetch-Site", "same-origin")
				start := time.Now()
				resp, err := client.Do(req)
				took := time.Since(start)
				mu.Lock()
				lat = append(lat, took)
				switch {
				case err != nil || resp.StatusCode >= 500:
					failed++
				case resp.StatusCode == http.StatusSeeOther:
					accepted++
				}
				mu.Unlock()
				if err == nil {
					resp.Body.Close()
				}
			}
		})
	}
	wg.Wait()
	return lat, accepted, failed
}

// BenchmarkPageReaders compares a page and a search with single sign-on
// off (one anonymous edition) and on (a signed-in reader's edition, the
// page's slots filled).
func BenchmarkPageReaders(b *testing.B) {
	site := readertest.ReadersSite(b, 0)
	servers := map[string]string{
		"identity-off": readertest.StartAnonymous(b, site).URL,
		"identity-on":  readertest.StartReaders(b, site, acktest.Backend{DataDir: b.TempDir()}).URL,
	}
	for _, name := range []string{"identity-off", "identity-on"} {
		for _, path := range []string{"/docs/sms-pol-001/", "/api/search?q=policy"} {
			b.Run(name+path, func(b *testing.B) {
				for b.Loop() {
					if st, _ := ana.get(b, servers[name]+path); st != 200 {
						b.Fatal(st)
					}
				}
			})
		}
	}
}
