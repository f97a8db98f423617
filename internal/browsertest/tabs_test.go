package browsertest

import (
	"context"
	"sync"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// tabs lends the tabs of one Chromium to the tests. A test's tab comes
// back when the test ends, blank and with every override a test sets
// cleared, and the next test takes it: opening a tab (a window of its own)
// and closing it cost Chromium more CPU than loading a page in it, and a
// tab kept keeps its renderer's compiled scripts (the handbook's, axe's).
// Only as many tabs exist as tests run at once.
type tabs struct {
	browser context.Context // the browser's first tab: new tabs open beside it

	mu   sync.Mutex
	idle []pooledTab
}

// pooledTab is one tab: its chromedp context, which its target lives as
// long as, and the function that closes it.
type pooledTab struct {
	ctx   context.Context
	close context.CancelFunc
}

// take returns an idle tab, the one given back last, or opens a new one.
func (p *tabs) take() (pooledTab, error) {
	p.mu.Lock()
	if n := len(p.idle); n > 0 {
		tab := p.idle[n-1]
		p.idle = p.idle[:n-1]
		p.mu.Unlock()
		return tab, nil
	}
	p.mu.Unlock()
	ctx, cancel := chromedp.NewContext(p.browser)
	// The first Run attaches the tab for as long as ctx lives, not for a
	// test's shorter context.
	if err := chromedp.Do(ctx); err != nil {
		cancel()
		return pooledTab{}, err
	}
	return pooledTab{ctx, cancel}, nil
}

// give takes back a tab whose test has ended (and whose listeners have
// stopped): it clears what tests override (JavaScript off, viewport, media
// and colour scheme, focus emulation, request headers) and has the page
// leave for about:blank itself, which keeps its renderer (a navigation
// that the browser starts swaps it for another). A tab that cannot be
// reset is closed.
func (p *tabs) give(tab pooledTab) {
	if err := reset(tab.ctx); err != nil {
		tab.close()
		return
	}
	p.mu.Lock()
	p.idle = append(p.idle, tab)
	p.mu.Unlock()
}

// reset does give's work on the tab of ctx.
func reset(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	call := func(do func(ctx context.Context, t *chromedp.Target) error) error {
		return chromedp.Do(ctx, chromedp.Func(do))
	}
	if err := call(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{})
		return err
	}); err != nil {
		return err
	}
	blank, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`location.href === "about:blank"`))
	if err != nil {
		return err
	}
	if !blank {
		leave := chromedp.Evaluate[chromedp.Void](`location.href = "about:blank"`)
		if _, err := chromedp.Run(ctx, chromedp.WaitEvent(page.LoadEventFired, nil, leave)); err != nil {
			return err
		}
	}
	return call(func(ctx context.Context, t *chromedp.Target) error {
		if _, err := cdp.Call(ctx, t, emulation.ClearDeviceMetricsOverride, cdp.Empty{}); err != nil {
			return err
		}
		if _, err := cdp.Call(ctx, t, emulation.SetTouchEmulationEnabled, emulation.SetTouchEmulationEnabledParams{}); err != nil {
			return err
		}
		if _, err := cdp.Call(ctx, t, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Features: []*emulation.MediaFeature{}}); err != nil {
			return err
		}
		if _, err := cdp.Call(ctx, t, emulation.SetFocusEmulationEnabled, emulation.SetFocusEmulationEnabledParams{}); err != nil {
			return err
		}
		_, err := cdp.Call(ctx, t, network.SetExtraHTTPHeaders, network.SetExtraHTTPHeadersParams{Headers: network.Headers{}})
		return err
	})
}

// closeAll closes the idle tabs (all of them, once the tests have ended).
func (p *tabs) closeAll() {
	p.mu.Lock()
	idle := p.idle
	p.idle = nil
	p.mu.Unlock()
	for _, tab := range idle {
		tab.close()
	}
}
