package serve_test

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"handbook/internal/build"
	"handbook/internal/search/web"
	"handbook/internal/serve"
)

// The load test's size: bounded in count, so its run time stays modest.
// Every target is asked loadRounds times at least (about 20 with the
// repository's 255 targets), each search more often than the server runs
// searches at once, so that a target that keeps a search slot or a
// connection exhausts them; 20,000 requests took 5 CPU seconds.
const (
	loadClients  = 50
	loadRequests = 5000
	loadRounds   = 15
)

// TestLoad serves the repository's own handbook on loopback and sends it
// loadRequests requests from loadClients clients at once: pages, static
// files, searches (JSON and HTML), missing pages and HEADs. Every answer
// must be below 500 and every request must complete.
func TestLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("load test: skipped with -short")
	}
	if raceEnabled {
		t.Skip("load test: skipped under the race detector, whose slowdown would hit the search deadline")
	}
	out := filepath.Join(t.TempDir(), "public")
	res, err := build.Build(context.Background(), build.Options{Site: "../..", Out: out, BaseURL: "/"})
	if err != nil {
		t.Fatalf("building the handbook: %v %v", err, res.Diags.All())
	}
	targets := loadTargets(t, out)
	sh, closer, err := web.OpenHandler(out)
	if err != nil {
		t.Fatal(err)
	}
	defer closer.Close()
	srv := serve.New(serve.Options{})
	if err := srv.Publish(serve.Site{Dir: out, Search: sh}); err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ctx, ln) }()
	defer func() {
		cancel()
		if err := <-served; err != nil {
			t.Errorf("shutdown: %v", err)
		}
	}()

	searches := 0
	for _, tg := range targets {
		if strings.Contains(tg.path, "search") && strings.Contains(tg.path, "q=") {
			searches++
		}
	}
	t.Logf("targets: %d, of which %d searches (requests go round them in turn)", len(targets), searches)
	if loadRequests < loadRounds*len(targets) {
		t.Fatalf("%d requests ask each of %d targets fewer than %d times", loadRequests, len(targets), loadRounds)
	}
	r := runLoad("http://"+ln.Addr().String(), targets)
	t.Logf("load: %d requests from %d clients in %v: %.0f requests/s; latency p50 %v, p95 %v, p99 %v, max %v; by status %v",
		r.n, loadClients, r.elapsed.Round(time.Millisecond), float64(r.n)/r.elapsed.Seconds(),
		r.percentile(50), r.percentile(95), r.percentile(99), r.percentile(100), r.statuses)
	if r.transportErrs > 0 {
		t.Errorf("%d transport errors; first: %v", r.transportErrs, r.firstErr)
	}
	for status, n := range r.statuses {
		if status >= 500 {
			t.Errorf("%d answers with status %d", n, status)
		}
	}
}

// loadTargets lists what the clients ask for, in proportions like a
// reader's: mostly pages, a quarter searches, some misses and HEADs.
func loadTargets(t *testing.T, out string) []loadTarget {
	var pages []string
	err := filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.Contains(p, "/_search/") {
			return err
		}
		rel, _ := filepath.Rel(out, p)
		rel = filepath.ToSlash(rel)
		switch {
		case strings.HasPrefix(rel, "."):
		case strings.HasSuffix(rel, "index.html"):
			pages = append(pages, "/"+strings.TrimSuffix(rel, "index.html"))
		case strings.HasSuffix(rel, ".css"), strings.HasSuffix(rel, ".js"), strings.HasSuffix(rel, ".svg"):
			pages = append(pages, "/"+rel)
		}
		return nil
	})
	if err != nil || len(pages) < 10 {
		t.Fatalf("the built handbook has %d pages (%v)", len(pages), err)
	}
	slices.Sort(pages)
	words := []string{"incident", "change management", "audit", "SMS-POL-001", "review", "risk",
		"documented information", "supplier", "capacity", "continuity", "\"service level\"", "polic",
		"managment", "8.6.1", "roles responsibilities", "zzzznothing"}
	var ts []loadTarget
	for i, p := range pages {
		ts = append(ts, loadTarget{"GET", p})
		if i%5 == 0 {
			ts = append(ts, loadTarget{"HEAD", p})
		}
	}
	for i, w := range words {
		q := url.QueryEscape(w)
		ts = append(ts, loadTarget{"GET", "/api/search?q=" + q},
			loadTarget{"GET", "/search/?q=" + q},
			loadTarget{"GET", "/api/search?q=" + q + "&type=procedure"},
			loadTarget{"GET", fmt.Sprintf("/api/search?q=%s&size=%d", q, 1+i%50)})
	}
	ts = append(ts, loadTarget{"GET", "/no/such/page/"}, loadTarget{"GET", "/api/search?q="},
		loadTarget{"GET", "/api/search?q=" + strings.Repeat("x", 300)})
	return ts
}

type loadTarget struct{ method, path string }

type loadResult struct {
	n             int
	elapsed       time.Duration
	latencies     []time.Duration
	statuses      map[int]int
	transportErrs int
	firstErr      error
}

func (r *loadResult) percentile(p int) time.Duration {
	if len(r.latencies) == 0 {
		return 0
	}
	i := min(len(r.latencies)-1, len(r.latencies)*p/100)
	return r.latencies[i].Round(10 * time.Microsecond)
}

// runLoad sends loadRequests requests from loadClients goroutines, each
// taking the next target in turn.
func runLoad(base string, targets []loadTarget) *loadResult {
	tr := &http.Transport{MaxIdleConnsPerHost: loadClients, MaxConnsPerHost: loadClients}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: time.Minute,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	var next atomic.Int64
	var mu sync.Mutex
	r := &loadResult{statuses: map[int]int{}}
	var wg sync.WaitGroup
	start := time.Now()
	for range loadClients {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= loadRequests {
					return
				}
				tg := targets[i%len(targets)]
				t0 := time.Now()
				status, err := fetch(client, tg.method, base+tg.path)
				d := time.Since(t0)
				mu.Lock()
				r.n++
				r.latencies = append(r.latencies, d)
				if err != nil {
					r.transportErrs++
					if r.firstErr == nil {
						r.firstErr = err
					}
				} else {
					r.statuses[status]++
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	r.elapsed = time.Since(start)
	slices.Sort(r.latencies)
	return r
}

func fetch(c *http.Client, method, u string) (int, error) {
	req, err := http.NewRequest(method, u, nil)
	if err != nil {
		return 0, err
	}
	resp, err := c.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}
