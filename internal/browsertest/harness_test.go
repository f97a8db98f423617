package browsertest

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"handbook/internal/build"
	"handbook/internal/chromium"
	"handbook/internal/chromium/tabtest"
	"handbook/internal/search/web"
	"handbook/internal/serve"
)

// requireEnv makes a missing browser an error instead of a skip (set by .ci/run).
const requireEnv = "HANDBOOK_REQUIRE_BROWSER"

// today fixes the build date, so that review banners (and screenshots) do
// not change from day to day.
var today = time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)

// suite is a built site as the tests see it: its output, the two servers
// that serve it, and the package's one Chromium.
type suite struct {
	out       string // the built site
	static    string // base URL of the output served as plain files
	served    string // base URL of the real server (pages + search)
	tabs      *tabs  // the browser's tabs, lent to the tests
	artifacts string
	axeLog    axeLog
}

// shared is what every test of the package shares, started by the first
// test that asks for it and stopped by TestMain: one Chromium, and the
// suite of the repository's handbook.
var shared struct {
	browserOnce sync.Once
	tabs        *tabs
	stopBrowser func()
	browserErr  error

	repoOnce sync.Once
	repo     *suite
	stopRepo func() error
	repoErr  error
}

// newSuite returns the suite of the repository's handbook, shared by every
// test of the package that asks for it: the first one builds the site and
// starts the servers. It skips the test when no browser is installed
// outside CI.
func newSuite(t *testing.T) *suite {
	t.Helper()
	tabs := newBrowser(t)
	shared.repoOnce.Do(func() {
		shared.repo, shared.stopRepo, shared.repoErr = startSite(tabs, filepath.Join("..", ".."), filepath.Join("testdata", "artifacts"))
	})
	if shared.repoErr != nil {
		t.Fatal(shared.repoErr)
	}
	return shared.repo
}

// newBrowser returns the tabs of the package's Chromium, started by the
// first test that asks; it skips the test when no browser is installed
// outside CI.
func newBrowser(t *testing.T) *tabs {
	t.Helper()
	exe := findBrowser(t)
	shared.browserOnce.Do(func() {
		shared.tabs, shared.stopBrowser, shared.browserErr = startBrowser(exe)
	})
	if shared.browserErr != nil {
		t.Fatal(shared.browserErr)
	}
	return shared.tabs
}

func TestMain(m *testing.M) {
	code := m.Run()
	if shared.stopRepo != nil {
		if err := shared.stopRepo(); err != nil {
			fmt.Fprintln(os.Stderr, err)
			code = 1
		}
	}
	if shared.stopBrowser != nil {
		shared.stopBrowser()
	}
	os.Exit(code)
}

// newSiteSuite is a suite of the site in the folder site, with its
// screenshots and axe log in artifacts, for the test t alone (in the
// package's Chromium).
func newSiteSuite(t *testing.T, site, artifacts string) *suite {
	t.Helper()
	s, stop, err := startSite(newBrowser(t), site, artifacts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := stop(); err != nil {
			t.Error(err)
		}
	})
	return s
}

// startBrowser starts Chromium (exe) with a fresh profile; stop ends it
// and removes the profile.
func startBrowser(exe string) (p *tabs, stop func(), err error) {
	profile, err := os.MkdirTemp("", "handbook-browsertest-chromium-")
	if err != nil {
		return nil, nil, err
	}
	alloc, cancelAlloc := chromium.Allocator(context.Background(), exe, profile, chromedp.WindowSize(1280, 900))
	ctx, cancel := chromedp.NewContext(alloc)
	stopAll := func() {
		if p != nil {
			p.closeAll()
		}
		cancel()
		cancelAlloc()
		os.RemoveAll(profile)
	}
	if err := chromedp.Do(ctx); err != nil {
		stopAll()
		return nil, nil, fmt.Errorf("starting %s: %w", exe, err)
	}
	p = &tabs{browser: ctx}
	return p, stopAll, nil
}

// startSite builds site and starts the two servers; stop ends them,
// removes the build and writes the axe log into artifacts. On error
// everything started is stopped already.
func startSite(tabs *tabs, site, artifacts string) (s *suite, stop func() error, err error) {
	var undo []func()
	undoAll := func() {
		for _, f := range slices.Backward(undo) {
			f()
		}
	}
	defer func() {
		if err != nil {
			undoAll()
		}
	}()
	tmp, err := os.MkdirTemp("", "handbook-browsertest-")
	if err != nil {
		return nil, nil, err
	}
	undo = append(undo, func() { os.RemoveAll(tmp) })
	s = &suite{out: filepath.Join(tmp, "public"), artifacts: artifacts, tabs: tabs}
	res, err := build.Build(context.Background(), build.Options{Site: site, Out: s.out, Today: today})
	if err != nil {
		return nil, nil, fmt.Errorf("building %s: %w\n%v", site, err, res.Diags)
	}
	static := httptest.NewServer(http.FileServer(http.Dir(s.out)))
	undo = append(undo, static.Close)
	s.static = static.URL

	sh, closer, err := web.OpenHandler(s.out)
	if err != nil {
		return nil, nil, fmt.Errorf("opening the search index: %w", err)
	}
	undo = append(undo, func() { closer.Close() })
	srv := serve.New(serve.Options{})
	if err := srv.Publish(serve.Site{Dir: s.out, Search: sh}); err != nil {
		return nil, nil, err
	}
	served := httptest.NewServer(srv.Handler())
	undo = append(undo, served.Close)
	s.served = served.URL

	if err := os.MkdirAll(s.artifacts, 0o755); err != nil {
		return nil, nil, err
	}
	return s, func() error {
		undoAll()
		return s.axeLog.write(s.artifacts)
	}, nil
}

// findBrowser returns Chromium's path, or skips the test when there is
// none (or in -short mode) outside CI.
func findBrowser(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("browser tests skipped in -short mode")
	}
	exe, err := chromium.Find(os.Getenv)
	if err != nil {
		if os.Getenv(requireEnv) != "" {
			t.Fatalf("%v; %s is set, so the browser tests must run (install the Debian package chromium)", err, requireEnv)
		}
		t.Skipf("browser tests skipped: %v. Install Chromium (Debian: apt-get install chromium) or set %s to its path; set %s=1 to make this an error.", err, chromium.EnvPath, requireEnv)
	}
	return exe
}

// exists reports whether the site has a page at path (relative to the root).
func (s *suite) exists(path string) bool {
	path, _, _ = strings.Cut(path, "?")
	_, err := os.Stat(filepath.Join(s.out, filepath.FromSlash(strings.TrimSuffix(path, "/")), pageFile(path)))
	return err == nil
}

func pageFile(path string) string {
	if path == "" || strings.HasSuffix(path, "/") {
		return "index.html"
	}
	return ""
}

// tab is one browser tab of a test (tabtest.Tab: script errors and what
// the Content-Security-Policy blocked), which also records failed requests
// and requests that leave the test server (the handbook must work offline).
type tab struct {
	*tabtest.Tab
	t    *testing.T
	ctx  context.Context
	base string
}

// open lends the test t a tab, for the site at base (s.static or s.served),
// until it ends.
func (s *suite) open(t *testing.T, base string) *tab {
	t.Helper()
	lent, err := s.tabs.take()
	if err != nil {
		t.Fatalf("opening a tab: %v", err)
	}
	ctx, cancel := context.WithTimeout(lent.ctx, 90*time.Second)
	// Cleanups run last first: the tab's problems are read, then its
	// listeners stop (with ctx), then it goes back.
	t.Cleanup(func() { cancel(); s.tabs.give(lent) })
	tb := &tab{t: t, ctx: ctx, base: base}
	host := mustHost(t, base)
	static := base != s.served // a plain file server, without the search API
	tb.Tab = tabtest.New(t, ctx, func(ev any) {
		switch ev := ev.(type) {
		case *network.EventRequestWillBeSent:
			u, err := url.Parse(ev.Request.URL)
			if err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != host {
				tb.Problem("request leaves the site: %s", ev.Request.URL)
			}
			if err == nil && static && strings.HasSuffix(u.Path, "/api/search") {
				tb.Problem("a plain web server was asked for the search API: %s", ev.Request.URL)
			}
		case *network.EventResponseReceived:
			if ev.Response.Status >= 400 && ev.Type != network.ResourceTypeDocument {
				tb.Problem("%s %d: %s", ev.Type, ev.Response.Status, ev.Response.URL)
			}
		}
	})
	t.Cleanup(tb.Check)
	return tb
}

func mustHost(t *testing.T, base string) string {
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	return u.Host
}

func (tb *tab) do(actions ...chromedp.Action[chromedp.Void]) {
	tb.t.Helper()
	tb.Do(actions...)
}

func (tb *tab) waitFor(js string) {
	tb.t.Helper()
	tb.WaitFor(js)
}

// run runs one action in the tab and returns its value.
func run[T any](tb *tab, a chromedp.Action[T]) T {
	tb.t.Helper()
	return tabtest.Run(tb.Tab, a)
}

// eval evaluates a JavaScript expression (awaiting a promise) in the page.
func eval[T any](tb *tab, js string) T {
	tb.t.Helper()
	return tabtest.Eval[T](tb.Tab, js)
}

// navigateBy runs an action that makes the page load another (a click, a
// key) and waits for that page's load event.
func (tb *tab) navigateBy(a chromedp.Action[chromedp.Void]) {
	tb.t.Helper()
	run(tb, chromedp.WaitEvent(page.LoadEventFired, nil, a))
}

// visit loads a page of the site (path relative to the root) and waits for
// it and its deferred scripts.
func (tb *tab) visit(path string) {
	tb.t.Helper()
	tb.do(chromedp.Navigate(tb.base + "/" + path))
	tb.waitFor(`document.readyState === "complete"`)
}

// url is the address of a page of the site in this tab.
func (tb *tab) url(path string) string { return tb.base + "/" + path }

// location is the address the tab shows, relative to the site root.
func (tb *tab) location() string {
	return strings.TrimPrefix(run(tb, chromedp.Location()), tb.base+"/")
}

// enter presses Enter as a keyboard does: one keydown that carries the
// text "\r", so that a handler that prevents the keydown also prevents the
// keypress (chromedp's KeyEvent sends the two separately).
func (tb *tab) enter() chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		for _, typ := range []input.DispatchKeyEventType{input.DispatchKeyEventTypeKeyDown, input.DispatchKeyEventTypeKeyUp} {
			p := input.DispatchKeyEventParams{Type: typ, Key: "Enter", Code: "Enter", WindowsVirtualKeyCode: 13, NativeVirtualKeyCode: 13}
			if typ == input.DispatchKeyEventTypeKeyDown {
				p.Text, p.UnmodifiedText = "\r", "\r"
			}
			if _, err := cdp.Call(ctx, t, input.DispatchKeyEvent, p); err != nil {
				return err
			}
		}
		return nil
	})
}

// key sends one key press (a kb constant or a character) to the focused element.
func (tb *tab) key(k string) {
	tb.t.Helper()
	tb.do(chromedp.KeyEvent(k))
}

// emulate sets the emulated media type ("screen", "print") and colour scheme
// ("light", "dark").
func (tb *tab) emulate(media, scheme string) {
	tb.t.Helper()
	tb.do(chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Media:    media,
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
		})
		return err
	}))
}

// lightAndDark screenshots the page in the tab and has axe check it in the
// light scheme, then colour contrast in the dark one, and screenshots its
// first screen there.
func (s *suite) lightAndDark(tb *tab, name string) {
	tb.t.Helper()
	tb.emulate("screen", "light")
	s.screenshot(tb, name)
	s.axeLightAndDark(tb, name)
	s.viewShot(tb, name+"-dark")
}

// nextFrames is JavaScript that waits for two animation frames: after the
// window changed, the page's resize and media-query handlers have run in
// the first, what they put off to a frame in the second.
const nextFrames = `new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))`

// viewport sets the size of the page in CSS pixels.
func (tb *tab) viewport(w, h int64) {
	tb.t.Helper()
	tb.do(chromedp.EmulateViewport(w, h))
}

// screenshot saves the whole page as testdata/artifacts/<name>.png.
func (s *suite) screenshot(tb *tab, name string) {
	tb.t.Helper()
	if !screenshots() {
		return
	}
	png := run(tb, chromedp.FullScreenshot(100))
	if err := os.WriteFile(filepath.Join(s.artifacts, name+".png"), png, 0o644); err != nil {
		tb.t.Fatal(err)
	}
}

// screenshots reports whether the tests save screenshots for people to look
// at (HANDBOOK_SCREENSHOTS=1). No test reads them back, and encoding the
// full-page PNGs was about an eighth of the package's CPU, so make test
// leaves them out.
func screenshots() bool { return os.Getenv("HANDBOOK_SCREENSHOTS") == "1" }

// viewShot saves what the window shows as testdata/artifacts/<name>.png.
func (s *suite) viewShot(tb *tab, name string) {
	tb.t.Helper()
	if !screenshots() {
		return
	}
	png := run(tb, chromedp.CaptureScreenshot())
	if err := os.WriteFile(filepath.Join(s.artifacts, name+".png"), png, 0o644); err != nil {
		tb.t.Fatal(err)
	}
}

// pdf prints the page as Chromium's print preview would and saves it as
// testdata/artifacts/<name>.pdf.
func (s *suite) pdf(tb *tab, name string) []byte {
	tb.t.Helper()
	b := run(tb, chromedp.PrintToPDF(chromedp.PDFPaper(chromedp.PaperA4)))
	if err := os.WriteFile(filepath.Join(s.artifacts, name+".pdf"), b, 0o644); err != nil {
		tb.t.Fatal(err)
	}
	return b
}
