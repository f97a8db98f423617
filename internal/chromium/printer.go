package chromium

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/chromedp/chromedp"
)

// Printer prints the pages of a built site folder to PDF: it serves the
// folder on a loopback port and drives one headless browser, started
// once, with one tab per page; so memory is that of the pages being
// printed at the same time. Print may be called from several goroutines.
type Printer struct {
	base          string // http://127.0.0.1:port/
	public        string // the address printed instead of base
	srv           *http.Server
	profile       string
	browser       context.Context // the running browser; a tab is a chromedp.NewContext of it
	closeBrowser  context.CancelFunc
	cancelProcess context.CancelFunc
}

// NewPrinter serves dir and starts the browser exe. The addresses a
// printed page names (its own, and the targets of its links) are given
// under public, the published site's address ("/" prints them as paths),
// never the loopback port's. The caller closes the Printer.
func NewPrinter(ctx context.Context, exe, dir, public string) (*Printer, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	profile, err := os.MkdirTemp("", "handbook-chromium-")
	if err != nil {
		ln.Close()
		return nil, err
	}
	p := &Printer{base: "http://" + ln.Addr().String() + "/", public: public, profile: profile,
		srv: &http.Server{Handler: http.FileServer(http.Dir(dir)), ReadHeaderTimeout: 5 * time.Second}}
	go p.srv.Serve(ln)
	var alloc context.Context
	alloc, p.cancelProcess = Allocator(ctx, exe, profile)
	p.browser, p.closeBrowser = chromedp.NewContext(alloc)
	if err := chromedp.Do(p.browser); err != nil { // starts the browser
		p.Close()
		return nil, err
	}
	return p, nil
}

// Close stops the browser and the server and removes the profile.
func (p *Printer) Close() {
	p.closeBrowser()
	p.cancelProcess()
	p.srv.Close()
	os.RemoveAll(p.profile)
}

// pageReady is true once the page and its fonts have loaded (the page's
// own script, which numbers links for print, runs on load).
const pageReady = `document.readyState === "complete" && document.fonts.status === "loaded"`

// Print opens page (a site-relative path) in a new tab, waits for it to
// load, and prints it in print media with the page's own CSS page size,
// an outline of its headings and tags, sent as a stream. It returns the
// PDF and the id of the document the page shows (article[data-id]), ""
// for a page that shows none.
func (p *Printer) Print(ctx context.Context, page string) (pdf []byte, id string, err error) {
	tab, cancel := chromedp.NewContext(p.browser)
	defer cancel()
	stop := context.AfterFunc(ctx, cancel) // the caller's deadline ends the tab
	defer stop()
	if err := chromedp.Do(tab, chromedp.Navigate(p.base+page)); err != nil {
		return nil, "", err
	}
	if _, err := chromedp.Run(tab, chromedp.Poll[chromedp.Void](pageReady, chromedp.WithPollingTimeout(0))); err != nil {
		return nil, "", err
	}
	// The page's script wrote its own address (the port's) into the
	// printed note and the list of link targets.
	publish := `document.querySelectorAll(".print-note, .print-links li").forEach(e => { e.textContent = e.textContent.split(` +
		jsString(p.base) + `).join(` + jsString(p.public) + `) }); true`
	if _, err := chromedp.Run(tab, chromedp.Evaluate[bool](publish)); err != nil {
		return nil, "", err
	}
	id, err = chromedp.Run(tab, chromedp.Evaluate[string](`document.querySelector("article[data-id]")?.dataset.id || ""`))
	if err != nil {
		return nil, "", err
	}
	pdf, err = chromedp.Run(tab, chromedp.PrintToPDF(chromedp.PDFPreferCSSPageSize(), chromedp.PDFOutlineAndTagged(), chromedp.PDFStream()))
	return pdf, id, err
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
