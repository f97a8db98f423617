package serve

import (
	"bufio"
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"handbook/internal/serve/servetest"
	"handbook/internal/sitetest"
)

// secret is the content of a file beside (not under) the served folder.
const secret = "TOP-SECRET-OUTSIDE-THE-OUTPUT"

// fixture writes testdata/output.txtar, an output folder with the shapes a
// server must handle, and a secret file outside it reachable by a symbolic
// link and by "..".
func fixture(t *testing.T) string {
	t.Helper()
	parent := t.TempDir()
	dir := filepath.Join(parent, "public")
	sitetest.Write(t, dir, sitetest.Files(t, "testdata/output.txtar"))
	sitetest.WriteFile(t, filepath.Join(parent, "secret.txt"), secret)
	if err := os.Symlink(filepath.Join(parent, "secret.txt"), filepath.Join(dir, "link-out.txt")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("../secret.txt", filepath.Join(dir, "rel-out.txt")); err != nil {
		t.Fatal(err)
	}
	return dir
}

// rawGet sends a request line exactly as written (no client-side
// cleaning or re-encoding) and returns the status and the whole answer.
func rawGet(t *testing.T, addr, method, target string) (int, string) {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := io.WriteString(c, method+" "+target+" HTTP/1.1\r\nHost: "+addr+"\r\nConnection: close\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest(method, "http://"+addr+"/", nil)
	resp, err := http.ReadResponse(bufio.NewReader(c), req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, target, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	var head strings.Builder
	_ = resp.Header.Write(&head)
	return resp.StatusCode, head.String() + "\n" + string(body)
}

func startServer(t *testing.T, opts Options, site Site) (*Server, string) {
	t.Helper()
	s := New(opts)
	if site.Dir != "" {
		if err := s.Publish(site); err != nil {
			t.Fatal(err)
		}
	}
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(ts.Close)
	return s, strings.TrimPrefix(ts.URL, "http://")
}

func TestHostileRequests(t *testing.T) {
	t.Parallel()
	dir := fixture(t)
	_, addr := startServer(t, Options{}, Site{Dir: dir})
	tests := []struct {
		method, target string
		status         int
		want           string // in the answer, when set
	}{
		{"GET", "/", 200, "home"},
		{"HEAD", "/", 200, ""},
		{"GET", "/docs/sms-pol-001/", 200, "policy"},
		{"GET", "/docs/sms-pol-001", 301, "Location: /docs/sms-pol-001/"},
		{"GET", "/docs/sms-pol-001?x=1", 301, "Location: /docs/sms-pol-001/?x=1"},
		// the id as people type it
		{"GET", "/docs/SMS-POL-001/", 301, "Location: /docs/sms-pol-001/"},
		{"GET", "/docs/SMS-POL-001", 301, "Location: /docs/sms-pol-001/"},
		{"GET", "/docs/Sms-Pol-001?x=1", 301, "Location: /docs/sms-pol-001/?x=1"},
		{"GET", "/docs/SMS-POL-999/", 404, "missing page"},
		{"GET", "/docs/SMS-POL-001/x", 404, "missing page"},
		{"GET", "/css/handbook.css", 200, "body{}"},
		{"GET", "/missing/", 404, "missing page"},
		{"HEAD", "/missing/", 404, ""},
		{"GET", "/nolist/", 404, "missing page"},
		{"GET", "/.handbook-output", 404, ""},
		{"GET", "/docs/.hidden/x", 404, ""},
		{"GET", "/.well-known/security.txt", 200, "Contact:"},
		{"GET", "/.git/config", 404, ""},
		{"GET", "/docs/.well-known/x", 404, ""},
		{"GET", "/link-out.txt", 404, ""},
		{"GET", "/rel-out.txt", 404, ""},
		{"GET", "//evil.example/", 404, ""},
		{"GET", "/search/", 200, "search page"},
		// traversal, plain and encoded
		{"GET", "/../secret.txt", 400, ""},
		{"GET", "/docs/../../secret.txt", 400, ""},
		{"GET", "/%2e%2e/secret.txt", 400, ""},
		{"GET", "/%2E%2E/secret.txt", 400, ""},
		{"GET", "/docs/%2e%2e%2f%2e%2e%2fsecret.txt", 400, ""},
		{"GET", "/..%2fsecret.txt", 400, ""},
		{"GET", "/%252e%252e/secret.txt", 400, ""},
		{"GET", "/%252e%252e%252fsecret.txt", 400, ""},
		{"GET", "/..%5csecret.txt", 400, ""},
		{"GET", "/..\\secret.txt", 400, ""},
		{"GET", "/%00", 400, ""},
		{"GET", "/docs%00/", 400, ""},
		{"GET", "http://x/../secret.txt", 400, ""},
		// methods
		{"POST", "/", 405, "Allow: GET, HEAD"},
		{"PUT", "/index.html", 405, ""},
		{"DELETE", "/index.html", 405, ""},
		{"OPTIONS", "/", 405, ""},
		{"TRACE", "/", 405, ""},
		{"PATCH", "/", 405, ""},
		{"PROPFIND", "/", 405, ""},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.target, func(t *testing.T) {
			status, answer := rawGet(t, addr, tt.method, tt.target)
			if status != tt.status {
				t.Errorf("status %d, want %d\n%s", status, tt.status, answer)
			}
			if tt.want != "" && !strings.Contains(answer, tt.want) {
				t.Errorf("answer lacks %q:\n%s", tt.want, answer)
			}
			if strings.Contains(answer, secret) {
				t.Errorf("answer leaks the file outside the output folder")
			}
			for _, h := range []string{"Content-Security-Policy: ", "X-Content-Type-Options: nosniff", "Referrer-Policy: "} {
				if !strings.Contains(answer, h) {
					t.Errorf("answer lacks header %q", h)
				}
			}
		})
	}
}

func TestContentSecurityPolicyHasNoInlineScript(t *testing.T) {
	t.Parallel()
	csp := ContentSecurityPolicy
	for _, bad := range []string{"'unsafe-inline'", "'unsafe-eval'", "*", "http:", "https:"} {
		if strings.Contains(csp, bad) {
			t.Errorf("policy allows %s: %s", bad, csp)
		}
	}
	if !strings.Contains(csp, "script-src 'self'") {
		t.Errorf("policy does not restrict scripts to the site: %s", csp)
	}
}

func TestWatchModeInjectsScriptIntoHTMLOnly(t *testing.T) {
	t.Parallel()
	dir := fixture(t)
	for _, watch := range []bool{false, true} {
		_, addr := startServer(t, Options{Watch: watch}, Site{Dir: dir})
		_, page := rawGet(t, addr, "GET", "/docs/sms-pol-001/")
		_, css := rawGet(t, addr, "GET", "/css/handbook.css")
		_, notFound := rawGet(t, addr, "GET", "/nowhere/")
		tag := string(scriptTag(1))
		if got := strings.Contains(page, tag+"</head>"); got != watch {
			t.Errorf("watch=%v: script before </head> in a page = %v\n%s", watch, got, page)
		}
		if got := strings.Contains(notFound, tag); got != watch {
			t.Errorf("watch=%v: script in the 404 page = %v", watch, got)
		}
		if strings.Contains(css, tag) {
			t.Errorf("watch=%v: script injected into CSS", watch)
		}
		status, js := rawGet(t, addr, "GET", ScriptPath+"?build=1")
		if watch && (status != 200 || !strings.Contains(js, "EventSource")) {
			t.Errorf("watch mode does not serve the live-reload script: %d", status)
		}
		if !watch && status != 404 {
			t.Errorf("the live-reload script is served without watch mode: %d", status)
		}
		if !watch {
			if status, _ := rawGet(t, addr, "GET", EventsPath); status != 404 {
				t.Errorf("the event stream is served without watch mode: %d", status)
			}
		}
	}
}

func TestInject(t *testing.T) {
	t.Parallel()
	tag := string(scriptTag(7))
	tests := []struct{ in, want string }{
		{"<html><head><title>x</title></head><body></body></html>", "<html><head><title>x</title>" + tag + "</head><body></body></html>"},
		{"<HTML><HEAD></HEAD></HTML>", "<HTML><HEAD>" + tag + "</HEAD></HTML>"},
		{"no head at all", "no head at all" + tag},
	}
	for _, tt := range tests {
		if got := string(inject([]byte(tt.in), 7)); got != tt.want {
			t.Errorf("inject(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// stream reads server-sent events from the server at addr.
type stream struct {
	resp *http.Response
	r    *bufio.Reader
}

func openStream(t *testing.T, addr string) *stream {
	t.Helper()
	return openStreamSince(t, addr, "")
}

// openStreamSince opens the stream as a page of build since does.
func openStreamSince(t *testing.T, addr, since string) *stream {
	t.Helper()
	resp, err := http.Get("http://" + addr + EventsPath + "?since=" + since)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/event-stream" {
		t.Fatalf("events: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	t.Cleanup(func() { resp.Body.Close() })
	return &stream{resp: resp, r: bufio.NewReader(resp.Body)}
}

// next returns the next event's name and data.
func (s *stream) next(t *testing.T) (event, data string) {
	t.Helper()
	event, data, err := servetest.Next(s.r)
	if err != nil {
		t.Fatalf("event stream ended: %v", err)
	}
	return event, data
}

func TestEventsReloadAndBuildError(t *testing.T) {
	t.Parallel()
	dir := fixture(t)
	s, addr := startServer(t, Options{Watch: true}, Site{Dir: dir})
	st := openStream(t, addr)
	s.Fail("content/a.md:3: <b>bad</b> front matter")
	if ev, data := st.next(t); ev != eventError || !strings.Contains(data, `content/a.md:3: \u003cb\u003ebad`) {
		t.Errorf("after a failed build: %s %s", ev, data)
	}
	// A page opened (or reloaded) while the build is broken learns at once.
	late := openStream(t, addr)
	if ev, _ := late.next(t); ev != eventError {
		t.Errorf("a new page is not told of the failed build: %s", ev)
	}
	if err := s.Publish(Site{Dir: dir}); err != nil {
		t.Fatal(err)
	}
	for _, x := range []*stream{st, late} {
		if ev, _ := x.next(t); ev != eventReload {
			t.Errorf("after a good build: %s, want %s", ev, eventReload)
		}
	}
}

// TestStalePageReloads: a page of build 1 whose event stream connects
// after build 2 is published is told to reload at once; a current page is not.
func TestStalePageReloads(t *testing.T) {
	t.Parallel()
	dir := fixture(t)
	s, addr := startServer(t, Options{Watch: true}, Site{Dir: dir})
	if _, page := rawGet(t, addr, "GET", "/"); !strings.Contains(page, ScriptPath+"?build=1") {
		t.Fatalf("the page does not carry its build number:\n%s", page)
	}
	if err := s.Publish(Site{Dir: dir}); err != nil {
		t.Fatal(err)
	}
	if ev, _ := openStreamSince(t, addr, "1").next(t); ev != eventReload {
		t.Errorf("a stale page: %s, want %s", ev, eventReload)
	}
	current := openStreamSince(t, addr, "2")
	s.Fail("content/x.md:1: broken")
	if ev, _ := current.next(t); ev != eventError {
		t.Errorf("a current page's first event: %s, want %s", ev, eventError)
	}
}

func TestNotBuiltYet(t *testing.T) {
	t.Parallel()
	_, addr := startServer(t, Options{Watch: true}, Site{})
	status, page := rawGet(t, addr, "GET", "/docs/x/")
	if status != http.StatusServiceUnavailable || !strings.Contains(page, string(scriptTag(0))) {
		t.Errorf("before the first good build: %d\n%s", status, page)
	}
}

// blockingSearch is a search handler that waits until released, counting
// how many run at once.
type blockingSearch struct {
	release         chan struct{}
	running, most   atomic.Int64
	started         chan struct{}
	sawCancellation atomic.Bool
}

func (b *blockingSearch) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	n := b.running.Add(1)
	defer b.running.Add(-1)
	for {
		m := b.most.Load()
		if n <= m || b.most.CompareAndSwap(m, n) {
			break
		}
	}
	b.started <- struct{}{}
	select {
	case <-b.release:
	case <-r.Context().Done():
		b.sawCancellation.Store(true)
		return
	}
	_, _ = io.WriteString(w, `{"hits":[]}`)
}

func TestSearchLimits(t *testing.T) {
	t.Parallel()
	dir := fixture(t)
	search := &blockingSearch{release: make(chan struct{}), started: make(chan struct{}, 10)}
	_, addr := startServer(t, Options{Limits: Limits{MaxQuery: 64, MaxConcurrent: 2, Timeout: time.Hour}}, Site{Dir: dir, Search: search})

	if status, _ := rawGet(t, addr, "GET", "/api/search?q="+strings.Repeat("a", 100)); status != 400 {
		t.Errorf("an over-long query: %d, want 400", status)
	}
	if status, page := rawGet(t, addr, "GET", "/search/"); status != 200 || !strings.Contains(page, "search page") {
		t.Errorf("/search/ without a query is the page: %d", status)
	}
	var wg sync.WaitGroup
	statuses := make([]int, 5)
	for i := range statuses {
		wg.Go(func() { statuses[i], _ = rawGet(t, addr, "GET", "/api/search?q=x") })
	}
	servetest.Receive(t, search.started, "the first search to start")
	servetest.Receive(t, search.started, "the second search to start")
	close(search.release) // the three waiting get their turn
	wg.Wait()
	for i, s := range statuses {
		if s != 200 {
			t.Errorf("search %d: %d", i, s)
		}
	}
	if m := search.most.Load(); m > 2 {
		t.Errorf("%d searches ran at once, limit 2", m)
	}
}

func TestSearchDeadline(t *testing.T) {
	t.Parallel()
	dir := fixture(t)
	search := &blockingSearch{release: make(chan struct{}), started: make(chan struct{}, 10)}
	_, addr := startServer(t, Options{Limits: Limits{Timeout: 50 * time.Millisecond}}, Site{Dir: dir, Search: search})
	status, answer := rawGet(t, addr, "GET", "/search?q=slow")
	if status != http.StatusServiceUnavailable {
		t.Errorf("a search past its deadline: %d, want 503\n%s", status, answer)
	}
	servetest.Receive(t, search.started, "the search to start")
	// The handler's context is cancelled: it stops working.
	servetest.WaitFor(t, "the search handler to stop", func() bool { return search.running.Load() == 0 })
	if !search.sawCancellation.Load() {
		t.Error("the search handler's context was not cancelled at the deadline")
	}
}

func TestSwapReleasesOldSiteAfterLastRequest(t *testing.T) {
	t.Parallel()
	dir := fixture(t)
	search := &blockingSearch{release: make(chan struct{}), started: make(chan struct{}, 10)}
	var released atomic.Int64
	s, addr := startServer(t, Options{Limits: Limits{Timeout: time.Hour}},
		Site{Dir: dir, Search: search, Release: func() { released.Add(1) }})
	done := make(chan int)
	go func() { st, _ := rawGet(t, addr, "GET", "/api/search?q=x"); done <- st }()
	servetest.Receive(t, search.started, "the search to start")
	if err := s.Publish(Site{Dir: dir}); err != nil {
		t.Fatal(err)
	}
	if released.Load() != 0 {
		t.Fatal("the old site was released while a request used it")
	}
	close(search.release)
	if st := servetest.Receive(t, done, "the answer to the request in flight"); st != 200 {
		t.Errorf("the request in flight during the swap: %d", st)
	}
	// The request's last reference is dropped just after its answer is sent.
	servetest.WaitFor(t, "the old site's release", func() bool { return released.Load() > 0 })
	s.Close()
	if n := released.Load(); n != 1 {
		t.Errorf("the old site was released %d times, want 1", n)
	}
}

func TestGracefulShutdownEndsEventStreams(t *testing.T) {
	t.Parallel()
	s := New(Options{Watch: true})
	if err := s.Publish(Site{Dir: fixture(t)}); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error)
	go func() { served <- s.Serve(ctx, ln) }()
	st := openStream(t, ln.Addr().String())
	cancel()
	// Shutdown waits for the stream unless the server ends it: an error
	// here is the shutdown deadline passing.
	if err := servetest.Receive(t, served, "the shutdown"); err != nil {
		t.Fatalf("shutdown: %v", err)
	}
	if _, err := io.ReadAll(st.r); err != nil {
		t.Errorf("the event stream did not end cleanly: %v", err)
	}
	s.Close()
}

func TestCleanPath(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want string
		ok   bool
	}{
		{"/", "", true},
		{"/docs/a/", "docs/a", true},
		{"/docs//a", "docs/a", true},
		{"/./docs", "docs", true},
		{"/%41", "%41", true},
		{"/../x", "", false},
		{"/a/../../x", "", false},
		{"/a/..", "", false},
		{"/a\\b", "", false},
		{"/%2e%2e/x", "", false},
		{"/a\x00", "", false},
		{"/a\r\nSet-Cookie: x", "", false},
		{"docs", "", false},
	}
	for _, tt := range tests {
		got, ok := cleanPath(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("cleanPath(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}
