package query_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/chromedp"

	"handbook/internal/chromium"
	"handbook/internal/search/query"
)

// TestBytesPerQuery measures, in headless Chromium, what one query
// downloads from the static index (the mixed queries of the benchmarks, a
// fresh browser each, the page of ten hits made), and with
// HANDBOOK_BENCH_PAGEFIND=DIR what Pagefind downloads for the same words
// on a Hugo build of the same corpus (DIR: Hugo's output with pagefind/).
// It runs only with HANDBOOK_BENCH_OUT=DIR, a handbook build, e.g. of the
// 10,000-document corpus:
//
//	HANDBOOK_BENCH_OUT=/tmp/out10k HANDBOOK_BENCH_PAGEFIND=/tmp/out-hugo \
//	  go test -run BytesPerQuery -v ./internal/search/
func TestBytesPerQuery(t *testing.T) {
	out, pfDir := os.Getenv("HANDBOOK_BENCH_OUT"), os.Getenv("HANDBOOK_BENCH_PAGEFIND")
	if out == "" {
		t.Skip("set HANDBOOK_BENCH_OUT to a built handbook (and HANDBOOK_BENCH_PAGEFIND to Hugo's output with Pagefind)")
	}
	ix, err := query.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	qs, err := query.MixedQueries(ix, 200)
	ix.Close()
	if err != nil {
		t.Fatal(err)
	}
	exe, err := chromium.Find(os.Getenv)
	if err != nil {
		t.Skip(err)
	}
	alloc, cancel := chromium.Allocator(context.Background(), exe, t.TempDir())
	defer cancel()
	browser, cancel := chromedp.NewContext(alloc)
	defer cancel()
	if err := chromedp.Do(browser); err != nil {
		t.Fatal(err)
	}
	hbCount, pfCount := &counter{}, &counter{}
	hb := httptest.NewServer(hbCount.wrap(http.FileServer(http.Dir(out))))
	defer hb.Close()
	var pf *httptest.Server
	if pfDir != "" {
		pf = httptest.NewServer(pfCount.wrap(http.FileServer(http.Dir(pfDir))))
		defer pf.Close()
	}
	var ours, theirs, oursAll, theirsAll []int
	approx := 0
	for i, q := range qs {
		if i%50 == 0 {
			t.Logf("%d queries measured", i)
		}
		opts, _ := json.Marshal(map[string]any{"type": q.Type, "size": 10})
		r := measure(t, browser, hbCount, hb.URL+"/search/", `(async () => {
			performance.setResourceTimingBufferSize(10000);
			performance.clearResourceTimings();
			const res = await HandbookSearch.staticQuery(`+jsString(q.Q)+`, `+string(opts)+`);
			return {approximate: !!res.approximate, hits: res.hits.length};
		})()`, "/_search/")
		ours, oursAll = append(ours, r.Index), append(oursAll, r.All)
		if r.Approximate {
			approx++
		}
		if pf == nil {
			continue
		}
		words := strings.TrimRight(q.Q, "*")
		r = measure(t, browser, pfCount, pf.URL+"/", `(async () => {
			performance.setResourceTimingBufferSize(10000);
			performance.clearResourceTimings();
			const pagefind = await import("/pagefind/pagefind.js");
			const s = await pagefind.search(`+jsString(words)+`);
			const data = await Promise.all(s.results.slice(0, 10).map(r => r.data()));
			return {approximate: false, hits: data.length};
		})()`, "/pagefind/")
		theirs, theirsAll = append(theirs, r.Index), append(theirsAll, r.All)
	}
	report := func(name string, index, all []int) {
		slices.Sort(index)
		slices.Sort(all)
		sum := 0
		for _, n := range index {
			sum += n
		}
		t.Logf("%s: index bytes per query: median %d, p95 %d, max %d, mean %d; with code: median %d",
			name, index[len(index)/2], index[len(index)*95/100], index[len(index)-1], sum/len(index), all[len(all)/2])
	}
	fewer := -1
	if pf != nil {
		fewer = 0
		for i := range ours {
			if ours[i] < theirs[i] {
				fewer++
			}
		}
	}
	report("handbook static search", ours, oursAll)
	t.Logf("handbook static search: %d of %d answers approximate (budget reached)", approx, len(qs))
	if pf != nil {
		report("Pagefind", theirs, theirsAll)
		t.Logf("the static search downloads fewer index bytes than Pagefind for %d of %d queries", fewer, len(qs))
	}
	if ours[len(ours)-1] > 150000 {
		t.Errorf("a query downloaded %d bytes of index, more than 150 KB", ours[len(ours)-1])
	}
}

type measured struct {
	Index, All  int
	Approximate bool
}

// measure opens url in a fresh browser context (an empty cache), runs js
// and adds up the bytes the server sent meanwhile, as the server counts
// them (Pagefind fetches from a worker, which the page's resource timing
// does not see): under dir (the index, not its code), and all of them.
func measure(t *testing.T, browser context.Context, c *counter, url, js, dir string) measured {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
		t.Fatal(err)
	}
	c.reset()
	r, err := chromedp.Run(ctx, chromedp.Evaluate[struct {
		Approximate bool
		Hits        int
	}](js, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("%s: %v", url, err)
	}
	m := measured{Approximate: r.Approximate}
	for path, n := range c.take() {
		m.All += n
		if strings.Contains(path, dir) && !strings.HasSuffix(path, ".js") && !strings.Contains(path, "/wasm.") {
			m.Index += n
		}
	}
	return m
}

// counter counts the bytes a file server sends, by path.
type counter struct {
	mu    sync.Mutex
	bytes map[string]int
}

func (c *counter) wrap(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		cw := &countingWriter{ResponseWriter: w}
		h.ServeHTTP(cw, r)
		c.mu.Lock()
		if c.bytes == nil {
			c.bytes = map[string]int{}
		}
		c.bytes[r.URL.Path] += cw.n
		c.mu.Unlock()
	})
}

func (c *counter) reset() {
	c.mu.Lock()
	c.bytes = map[string]int{}
	c.mu.Unlock()
}

func (c *counter) take() map[string]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	m := c.bytes
	c.bytes = map[string]int{}
	return m
}

type countingWriter struct {
	http.ResponseWriter
	n int
}

func (w *countingWriter) Write(b []byte) (int, error) {
	n, err := w.ResponseWriter.Write(b)
	w.n += n
	return n, err
}

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
