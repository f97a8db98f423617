package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"handbook/internal/chromium"
	"handbook/internal/chromium/tabtest"
	"handbook/internal/sitetest"
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
	t.Parallel() // its own site folder, process, port and browser
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
	b := tabtest.New(t, ctx, nil)
	b.Do(chromedp.Navigate(s.url + "docs/sms-proc-001/"))
	b.WaitFor(`document.querySelector(".doc-body") !== null`)
	tabtest.Eval[any](b, `window.handbookMark = 1`)

	alpha := filepath.Join(site, "content/procedures/alpha.md")
	sitetest.WriteFile(t, alpha, "---\nid: SMS-PROC-001\ntitle: [unclosed\n---\nbody\n")
	b.WaitFor(`document.getElementById("handbook-build-error") !== null`)
	overlay := tabtest.Eval[any](b, `document.getElementById("handbook-build-error").textContent`)
	if !strings.Contains(overlay.(string), "content/procedures/alpha.md:3") {
		t.Errorf("the overlay does not show the error at path:line: %q", overlay)
	}
	if tabtest.Eval[any](b, `window.handbookMark === 1 && document.body.textContent.includes("version one")`) != true {
		t.Error("a failed build reloaded the page or replaced the last good one")
	}

	sitetest.WriteFile(t, alpha, serveDoc("SMS-PROC-001", "Alpha Procedure", "internal", "Alpha body, version two.\n"))
	b.WaitFor(`window.handbookMark === undefined && document.body.textContent.includes("version two")`)
	if tabtest.Eval[any](b, `document.getElementById("handbook-build-error") === null`) != true {
		t.Error("the overlay stays after the fix")
	}
	b.Check()
}
