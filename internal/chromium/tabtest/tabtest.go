// Package tabtest drives one tab of headless Chromium for a test and
// records what would make any page broken: uncaught script errors and
// whatever the Content-Security-Policy blocked, plus what the caller's own
// listener reports (failed requests, requests leaving the site). Check
// fails the test for each.
package tabtest

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// Tab is one browser tab under test.
type Tab struct {
	T   testing.TB
	Ctx context.Context

	mu       sync.Mutex
	problems []string
}

// New starts recording problems in the tab of ctx, a chromedp context;
// listen, if not nil, sees every event as well and may call Problem.
func New(t testing.TB, ctx context.Context, listen func(ev any)) *Tab {
	t.Helper()
	tb := &Tab{T: t, Ctx: ctx}
	err := chromedp.Listen(ctx, func(ev any) {
		switch ev := ev.(type) {
		case *runtime.EventExceptionThrown:
			tb.Problem("script error: %s", exceptionText(ev.ExceptionDetails))
		case *runtime.EventBindingCalled:
			if ev.Name == cspBinding {
				tb.Problem("Content-Security-Policy violation: %s", ev.Payload)
			}
		}
		if listen != nil {
			listen(ev)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	tb.Do(chromedp.Func(reportCSP))
	return tb
}

// Problem records something that breaks the page.
func (tb *Tab) Problem(format string, args ...any) {
	tb.mu.Lock()
	tb.problems = append(tb.problems, fmt.Sprintf(format, args...))
	tb.mu.Unlock()
}

// Check fails the test for every problem recorded in the tab.
func (tb *Tab) Check() {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	for _, p := range tb.problems {
		tb.T.Error(p)
	}
}

// Do runs actions in the tab, failing the test on error.
func (tb *Tab) Do(actions ...chromedp.Action[chromedp.Void]) {
	tb.T.Helper()
	if err := chromedp.Do(tb.Ctx, actions...); err != nil {
		tb.T.Fatal(err)
	}
}

// Run runs one action in the tab and returns its value.
func Run[T any](tb *Tab, a chromedp.Action[T]) T {
	tb.T.Helper()
	v, err := chromedp.Run(tb.Ctx, a)
	if err != nil {
		tb.T.Fatal(err)
	}
	return v
}

// Eval evaluates a JavaScript expression (awaiting a promise) in the page.
func Eval[T any](tb *Tab, js string) T {
	tb.T.Helper()
	return Run(tb, chromedp.Evaluate[T](js, chromedp.EvalAwaitPromise))
}

// WaitFor waits until a JavaScript expression is truthy, as long as the
// test's context allows, or WaitLimit when that context has no deadline.
// A navigation or reload that replaces the page while it polls makes it
// poll the new page.
func (tb *Tab) WaitFor(js string) {
	tb.T.Helper()
	ctx := tb.Ctx
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, WaitLimit)
		defer cancel()
	}
	for {
		_, err := chromedp.Run(ctx, chromedp.Poll[chromedp.Void](js, chromedp.WithPollingTimeout(0)))
		if err == nil {
			return
		}
		// -32000: the page was replaced mid-poll ("Cannot find context
		// with specified id", "Inspected target navigated or closed").
		if ctx.Err() != nil || !strings.Contains(err.Error(), "-32000") {
			tb.T.Fatalf("waiting for %s: %v", js, err)
		}
	}
}

// WaitLimit bounds WaitFor in a context without a deadline: far above
// what any page takes on a loaded machine; not a timing assertion, only
// the point where a page that never gets there counts as broken.
const WaitLimit = 90 * time.Second

// cspBinding is the function pages call to report what the server's
// Content-Security-Policy blocked (an inline style or script would be).
const cspBinding = "__handbookCSP"

func reportCSP(ctx context.Context, t *chromedp.Target) error {
	if _, err := cdp.Call(ctx, t, runtime.AddBinding, runtime.AddBindingParams{Name: cspBinding}); err != nil {
		return err
	}
	// A tab used again (by New once more) has the script twice: the
	// first copy that runs in a page listens, the others see it does.
	_, err := cdp.Call(ctx, t, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{
		Source: `window.` + cspBinding + `Listening || (window.` + cspBinding + `Listening = true,
			document.addEventListener("securitypolicyviolation", e => ` + cspBinding +
			`(e.violatedDirective + " blocked " + (e.blockedURI || "inline") + " in " + e.sourceFile + ":" + e.lineNumber + " " + (e.sample || ""))))`,
	})
	return err
}

func exceptionText(d *runtime.ExceptionDetails) string {
	if d == nil {
		return "?"
	}
	msg := d.Text
	if d.Exception != nil && d.Exception.Description != "" {
		msg = d.Exception.Description
	}
	return fmt.Sprintf("%s (%s:%d)", msg, d.URL, d.LineNumber+1)
}
