package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"handbook/internal/chromium"
)

// requireBrowser makes a missing browser an error instead of a skip (set
// by .ci/run, as for the other browser tests).
const requireBrowser = "HANDBOOK_REQUIRE_BROWSER"

// TestServeWatchLiveReloadInBrowser opens a page of `serve --watch` in
// headless Chromium, breaks the document on disk and fixes it: the error
// overlay appears with the path:line without a reload, and the fix reloads
// the page with the new text and no overlay. The Content-Security-Policy
// must block nothing, and no script may throw.
func TestServeWatchLiveReloadInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	exe, err := chromium.Find(os.Getenv)
	if err != nil {
		if os.Getenv(requireBrowser) != "" {
			t.Fatalf("%v; %s is set, so browser tests must run", err, requireBrowser)
		}
		t.Skipf("browser test skipped: %v (set %s=1 to make this an error)", err, requireBrowser)
	}
	site := serveSite(t)
	s := startServe(t, nil, "-s", site, "--watch")
	alloc, cancelAlloc := chromium.Allocator(context.Background(), exe, t.TempDir())
	defer cancelAlloc()
	ctx, cancel := chromedp.NewContext(alloc)
	defer cancel()
	ctx, cancelTimeout := context.WithTimeout(ctx, 2*time.Minute) // bounds a hang; asserts no speed
	defer cancelTimeout()
	b := &browserTab{t: t, ctx: ctx}
	if err := chromedp.Listen(ctx, b.listen); err != nil {
		t.Fatal(err)
	}
	b.do(chromedp.Func(reportViolations), chromedp.Navigate(s.url+"docs/sms-proc-001/"))
	b.waitFor(`document.querySelector(".doc-body") !== null`)
	b.eval(`window.handbookMark = 1`)

	alpha := filepath.Join(site, "content/procedures/alpha.md")
	writeFile(t, alpha, "---\nid: SMS-PROC-001\ntitle: [unclosed\n---\nbody\n")
	b.waitFor(`document.getElementById("handbook-build-error") !== null`)
	overlay := b.eval(`document.getElementById("handbook-build-error").textContent`)
	if !strings.Contains(overlay.(string), "content/procedures/alpha.md:3") {
		t.Errorf("the overlay does not show the error at path:line: %q", overlay)
	}
	if b.eval(`window.handbookMark === 1 && document.body.textContent.includes("version one")`) != true {
		t.Error("a failed build reloaded the page or replaced the last good one")
	}

	writeFile(t, alpha, serveDoc("SMS-PROC-001", "Alpha Procedure", "internal", "Alpha body, version two.\n"))
	b.waitFor(`window.handbookMark === undefined && document.body.textContent.includes("version two")`)
	if b.eval(`document.getElementById("handbook-build-error") === null`) != true {
		t.Error("the overlay stays after the fix")
	}
	b.check()
}

// violationBinding is the function a page calls to report what the
// Content-Security-Policy blocked.
const violationBinding = "__handbookViolation"

func reportViolations(ctx context.Context, t *chromedp.Target) error {
	if _, err := cdp.Call(ctx, t, runtime.AddBinding, runtime.AddBindingParams{Name: violationBinding}); err != nil {
		return err
	}
	_, err := cdp.Call(ctx, t, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{
		Source: `document.addEventListener("securitypolicyviolation", e => ` + violationBinding +
			`(e.violatedDirective + " blocked " + (e.blockedURI || "inline") + " in " + e.sourceFile))`,
	})
	return err
}

// browserTab is one page under test, collecting script errors and policy
// violations as they happen.
type browserTab struct {
	t        *testing.T
	ctx      context.Context
	mu       sync.Mutex
	problems []string
}

func (b *browserTab) listen(ev any) {
	var p string
	switch ev := ev.(type) {
	case *runtime.EventExceptionThrown:
		p = "script error: " + ev.ExceptionDetails.Text
		if ev.ExceptionDetails.Exception != nil {
			p += " " + ev.ExceptionDetails.Exception.Description
		}
	case *runtime.EventBindingCalled:
		if ev.Name == violationBinding {
			p = "Content-Security-Policy violation: " + ev.Payload
		}
	}
	if p != "" {
		b.mu.Lock()
		b.problems = append(b.problems, p)
		b.mu.Unlock()
	}
}

func (b *browserTab) check() {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, p := range b.problems {
		b.t.Error(p)
	}
}

func (b *browserTab) do(actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, actions...); err != nil {
		b.t.Fatal(err)
	}
}

func (b *browserTab) eval(js string) any {
	b.t.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.Evaluate[any](js))
	if err != nil {
		b.t.Fatalf("%s: %v", js, err)
	}
	return v
}

// waitFor waits until js is truthy, across the reloads the test causes;
// the test's context bounds the wait.
func (b *browserTab) waitFor(js string) {
	b.t.Helper()
	for {
		_, err := chromedp.Run(b.ctx, chromedp.Poll[chromedp.Void](js, chromedp.WithPollingTimeout(0)))
		if err == nil {
			return
		}
		if b.ctx.Err() != nil {
			b.t.Fatalf("waiting for %s: %v", js, err)
		}
		time.Sleep(20 * time.Millisecond) // a reload replaced the page mid-poll: poll the new one
	}
}
