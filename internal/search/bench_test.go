package search

import (
	"context"
	"fmt"
	"net/http/httptest"
	"net/url"
	"os"
	"slices"
	"strings"
	"testing"
	"time"
)

// The benchmarks run on the test fixture, or on a built handbook with
// HANDBOOK_BENCH_OUT=DIR (an output folder of handbook build), such as the
// 10,000-document corpus of ../shared/bench:
//
//	HANDBOOK_BENCH_OUT=/tmp/out10k go test -run '^$' -bench Search ./internal/search/
func benchOutput(b *testing.B) string {
	if dir := os.Getenv("HANDBOOK_BENCH_OUT"); dir != "" {
		return dir
	}
	return writeFixture(b, fixtureDocs())
}

// mixedQueries makes n queries as staff type them from the index's own
// documents: words of titles and headings, questions, phrases, typos,
// prefixes, document ids, clause numbers and type filters.
func mixedQueries(ix *Index, n int) ([]Request, error) {
	var out []Request
	for i := 0; len(out) < n; i++ {
		d, err := ix.doc((i * 7919) % ix.meta.Docs)
		if err != nil {
			return nil, err
		}
		title := strings.Fields(strings.ToLower(d.Title))
		s := d.Sections[i%len(d.Sections)]
		heading := strings.Fields(strings.TrimLeft(strings.ToLower(s[1]), "0123456789. "))
		if len(heading) == 0 {
			heading = title
		}
		words := func(ws []string, k int) string { return strings.Join(ws[:min(k, len(ws))], " ") }
		long := slices.MaxFunc(title, func(a, b string) int { return len(a) - len(b) })
		var q Request
		switch i % 10 {
		case 0:
			q.Q = words(title, 2)
		case 1:
			q.Q = words(heading, 3)
		case 2: // two words of a heading and any small words between
			q.Q = `"` + phraseOf(heading, ix.words.stop) + `"`
		case 3: // a typo: two letters swapped
			r := []rune(long)
			if len(r) > 4 {
				r[2], r[3] = r[3], r[2]
			}
			q.Q = string(r)
		case 4:
			q.Q = string([]rune(long)[:min(5, len([]rune(long)))]) + "*"
		case 5:
			q.Q = d.ID
		case 6:
			q.Q = "how do I " + words(heading, 2)
		case 7:
			q = Request{Q: words(title, 1), Type: d.Type}
		case 8:
			q.Q = words(title, 3) + " " + words(heading, 1)
		case 9:
			q.Q = long
		}
		out = append(out, q)
	}
	return out, nil
}

// BenchmarkAPISearch times GET /api/search over 200 mixed queries, as the
// server answers them (JSON included), and reports the median and 95th
// percentile latency of a query.
func BenchmarkAPISearch(b *testing.B) {
	dir := benchOutput(b)
	h, closer, err := OpenHandler(dir)
	if err != nil {
		b.Fatal(err)
	}
	defer closer.Close()
	ix := h.(*handler).ix
	qs, err := mixedQueries(ix, 200)
	if err != nil {
		b.Fatal(err)
	}
	targets := make([]string, len(qs))
	for i, q := range qs {
		v := url.Values{"q": {q.Q}}
		if q.Type != "" {
			v.Set("type", q.Type)
		}
		targets[i] = "/api/search?" + v.Encode()
	}
	for _, t := range targets { // warm: the first query of a term reads its shard
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", t, nil))
	}
	var lat []time.Duration
	for b.Loop() {
		for _, t := range targets {
			rec := httptest.NewRecorder()
			start := time.Now()
			h.ServeHTTP(rec, httptest.NewRequest("GET", t, nil))
			lat = append(lat, time.Since(start))
			if rec.Code != 200 {
				b.Fatalf("%s: %d %s", t, rec.Code, rec.Body)
			}
		}
	}
	slices.Sort(lat)
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	b.ReportMetric(ms(lat[len(lat)/2]), "p50-ms")
	b.ReportMetric(ms(lat[len(lat)*95/100]), "p95-ms")
	b.ReportMetric(ms(lat[len(lat)-1]), "max-ms")
	b.ReportMetric(0, "ns/op")
}

// BenchmarkQueryKinds times each kind of query of the mix alone.
func BenchmarkQueryKinds(b *testing.B) {
	ix, err := Open(benchOutput(b))
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	qs, err := mixedQueries(ix, 200)
	if err != nil {
		b.Fatal(err)
	}
	kinds := []string{"title words", "heading words", "phrase", "typo", "prefix", "id", "question", "type filter", "long", "one word"}
	for k, name := range kinds {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				for i := k; i < len(qs); i += len(kinds) {
					if _, err := ix.Search(context.Background(), qs[i]); err != nil {
						b.Fatal(fmt.Sprint(qs[i], err))
					}
				}
			}
		})
	}
}

// BenchmarkWrite times indexing the fixture (see also BenchmarkIndexSite).
func BenchmarkWrite(b *testing.B) {
	docs := fixtureDocs()
	for b.Loop() {
		if _, err := Write(context.Background(), FolderOutput(b.TempDir()), docs, fixtureTypes()); err != nil {
			b.Fatal(err)
		}
	}
}

// phraseOf is the first run of a heading from one word that is not a stop
// word to the next.
func phraseOf(ws []string, stop map[string]bool) string {
	for i, w := range ws {
		if stop[w] {
			continue
		}
		for j := i + 1; j < len(ws) && j <= i+3; j++ {
			if !stop[ws[j]] {
				return strings.Join(ws[i:j+1], " ")
			}
		}
	}
	return strings.Join(ws, " ")
}
