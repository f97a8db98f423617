package build_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"handbook/internal/chromium"
)

// TestLogAndFiguresInABrowser drives the built handbook in headless
// Chromium: the log sorts and filters (log.js), and a process box of
// Figure 1 is a working link. Skipped in -short mode and without Chromium.
func TestLogAndFiguresInABrowser(t *testing.T) {
	t.Parallel() // its own output, server and browser
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	exe, err := chromium.Find(os.Getenv)
	if err != nil {
		t.Skip(err)
	}
	out := repoOutput(t)
	srv := httptest.NewServer(http.FileServer(http.Dir(out)))
	t.Cleanup(srv.Close)
	alloc, cancelAlloc := chromium.Allocator(context.Background(), exe, t.TempDir(), chromedp.WindowSize(1280, 900))
	t.Cleanup(cancelAlloc)
	ctx, cancel := chromedp.NewContext(alloc)
	t.Cleanup(cancel)
	ctx, cancelTimeout := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(cancelTimeout)
	var mu sync.Mutex
	var jsErrors []string
	err = chromedp.Listen(ctx, func(ev any) {
		if e, ok := ev.(*runtime.EventExceptionThrown); ok {
			mu.Lock()
			jsErrors = append(jsErrors, e.ExceptionDetails.Text)
			mu.Unlock()
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	visit := func(path string) {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/"+path),
			chromedp.Poll[chromedp.Void](`document.readyState === "complete"`, chromedp.WithPollingTimeout(0))); err != nil {
			t.Fatal(err)
		}
	}
	eval := func(js string) string {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Evaluate[string](js))
		if err != nil {
			t.Fatalf("%s: %v", js, err)
		}
		return v
	}
	firstIDs := `Array.from(document.querySelectorAll("table.log-table tbody tr:not([hidden])")).slice(0, 3).map(r => r.cells[0].textContent.trim()).join(" ")`

	visit("log/")
	if got := eval(`String(document.querySelectorAll("table.log-table th button.sort").length)`); got != "12" {
		t.Fatalf("%s sort buttons, want one per column (12)", got)
	}
	if got := eval(firstIDs); got != "SMS-PLN-001 SMS-PLN-002 SMS-PLN-003" {
		t.Errorf("first rows = %s", got)
	}
	// Sorting by number twice reverses the order and says so.
	if err := chromedp.Do(ctx, chromedp.Click(`table.log-table th:nth-child(1) button`), chromedp.Click(`table.log-table th:nth-child(1) button`)); err != nil {
		t.Fatal(err)
	}
	if got := eval(firstIDs); got != "SMS-TPL-005 SMS-TPL-004 SMS-TPL-003" {
		t.Errorf("after sorting by number descending, first rows = %s", got)
	}
	if got := eval(`document.querySelector("table.log-table th:nth-child(1)").getAttribute("aria-sort")`); got != "descending" {
		t.Errorf("aria-sort = %q", got)
	}
	// Filtering: free text, then a status.
	if err := chromedp.Do(ctx, chromedp.SendKeys(`.log-filters input[type=search]`, "incident")); err != nil {
		t.Fatal(err)
	}
	if got := eval(`document.querySelector(".log-count").textContent`); !strings.HasPrefix(got, "3 of 44") {
		t.Errorf("filtering on \"incident\" shows %q", got)
	}
	// The choice lists are type, then status.
	eval(`const [text, type, status] = document.querySelectorAll(".log-filters input, .log-filters select");
		text.value = ""; text.dispatchEvent(new Event("input"));
		type.value = "procedure"; status.value = "draft";
		type.dispatchEvent(new Event("change")); status.dispatchEvent(new Event("change")); ""`)
	if got := eval(firstIDs); got != "SMS-PROC-012" {
		t.Errorf("procedures in draft: %s, want SMS-PROC-012", got)
	}

	// A process box of Figure 1 in the policy is a link to its document.
	visit("docs/sms-pol-001/")
	if err := chromedp.Do(ctx, chromedp.Click(`[id="scope.incident-management"] a`)); err != nil {
		t.Fatal(err)
	}
	// The page is replaced while we ask: retry until it answers (the
	// test's context bounds the wait).
	for {
		loc, err := chromedp.Run(ctx, chromedp.Location())
		if err == nil && strings.HasSuffix(loc, "/docs/sms-prc-002/") {
			break
		}
		if ctx.Err() != nil {
			t.Fatalf("clicking Incident management in Figure 1 led to %s, not its process", loc)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if len(jsErrors) > 0 {
		t.Errorf("JavaScript errors: %v", jsErrors)
	}
}
