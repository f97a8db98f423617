package browsertest

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"handbook/internal/acks/acktest"
	"handbook/internal/serve/readertest"
)

// TestAcknowledgeAndReport signs two readers in through the proxy's
// headers: a member of staff acknowledges the policy with its button, and
// a manager then sees it in the report and the CSV export.
func TestAcknowledgeAndReport(t *testing.T) {
	t.Parallel() // reads no keyboard focus: after TestBrowser, beside the others
	tabs := newBrowser(t)
	base := readertest.StartReaders(t, readertest.ReadersSite(t, 0), acktest.Backend{Name: "sqlite", DataDir: t.TempDir()}).URL
	s := &suite{tabs: tabs, served: base}
	signIn := func(user, groups string) *tab {
		tb := s.open(t, base)
		tb.do(chromedp.Func(func(ctx context.Context, tgt *chromedp.Target) error {
			_, err := cdp.Call(ctx, tgt, network.SetExtraHTTPHeaders, network.SetExtraHTTPHeadersParams{Headers: network.Headers{
				"X-Forwarded-User": user, "X-Forwarded-Email": user + "@example.org", "X-Forwarded-Groups": groups}})
			return err
		}))
		return tb
	}

	ana := signIn("ana", "staff")
	ana.visit("")
	if n := eval[int](ana, `document.querySelectorAll('.my-acks li').length`); n != 1 {
		t.Fatalf("home page lists %d outstanding acknowledgements, want 1", n)
	}
	ana.navigateBy(chromedp.Click(`.my-acks a`))
	ana.waitFor(`location.hash === "#ack" && document.querySelector('.ack-form button') !== null`)
	ana.navigateBy(chromedp.Click(`.ack-form button`))
	if !eval[bool](ana, `document.querySelector('.ack-done') !== null`) {
		t.Fatalf("after the click: %s %s", eval[string](ana, `location.href`), eval[string](ana, `document.body.textContent.slice(0, 300)`))
	}
	if got := eval[string](ana, `document.querySelector('.ack-done').textContent`); got == "" {
		t.Error("no confirmation after acknowledging")
	}
	ana.visit("")
	if eval[bool](ana, `document.querySelector('.my-acks') !== null`) {
		t.Error("home page still lists the acknowledged policy")
	}

	max := signIn("max", "it-managers")
	max.visit("acknowledgements/")
	report := eval[string](max, `document.querySelector('main').textContent`)
	for _, want := range []string{"1 acknowledged, 1 not yet", "ana", "Not yet acknowledged: max"} {
		if !strings.Contains(strings.Join(strings.Fields(report), " "), want) {
			t.Errorf("report lacks %q:\n%s", want, report)
		}
	}
	csv := eval[string](max, `fetch('/acknowledgements.csv').then(r => r.text())`)
	if !strings.Contains(csv, "\nana,ana@example.org,SMS-POL-001,3.0,") {
		t.Errorf("CSV export:\n%s", csv)
	}
}
