package query_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"handbook/internal/benchcorpus"
	"handbook/internal/build"
	"handbook/internal/search"
	"handbook/internal/search/index"
	"handbook/internal/search/query"
	"handbook/internal/search/searchtest"
	"handbook/internal/search/web"
)

// The benchmarks run on the synthetic corpus of ../shared/bench (1,000
// documents, or HANDBOOK_BENCH_N), indexed afresh, or on the output
// folder of a build with HANDBOOK_BENCH_OUT=DIR:
//
//	HANDBOOK_BENCH_N=10000 go test -run '^$' -bench . ./internal/search/query/
//	HANDBOOK_BENCH_OUT=/tmp/out10k go test -run '^$' -bench APISearch ./internal/search/query/

// corpusDocs loads and renders the benchmark corpus as the build does.
func corpusDocs(b *testing.B) []search.Document {
	_, st, err := build.Check(context.Background(), build.Options{Site: benchcorpus.Site(b)})
	if err != nil {
		b.Fatal(err)
	}
	docs := make([]search.Document, len(st.Docs()))
	for i, d := range st.Docs() {
		sd := search.Document{ID: d.Meta.ID, Title: d.Meta.Title, Type: d.Meta.Type, Clauses: d.Meta.Clauses,
			Tags: d.Meta.Tags, URL: "/" + d.URLPath()}
		for _, s := range st.Page(d.Meta.ID).Sections {
			sd.Sections = append(sd.Sections, search.Section{Anchor: s.Anchor, Heading: s.Heading, Text: s.Text})
		}
		if len(sd.Sections) == 0 {
			sd.Sections = []search.Section{{}}
		}
		docs[i] = sd
	}
	return docs
}

func benchOutput(b *testing.B) string {
	if dir := os.Getenv("HANDBOOK_BENCH_OUT"); dir != "" {
		return dir
	}
	dir := b.TempDir()
	if _, err := index.Write(context.Background(), index.FolderOutput(dir), corpusDocs(b), nil); err != nil {
		b.Fatal(err)
	}
	return dir
}

// BenchmarkIndexSite times indexing the corpus (the build's "index" step,
// which runs beside the pages) and reports the records and index sizes.
func BenchmarkIndexSite(b *testing.B) {
	docs := corpusDocs(b)
	var stats index.WriteStats
	var dir string
	var err error
	for b.Loop() {
		dir = b.TempDir()
		if stats, err = index.Write(context.Background(), index.FolderOutput(dir), docs, nil); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(stats.Records), "records")
	b.ReportMetric(float64(dirSize(filepath.Join(dir, "_search", "index")))/1e6, "bleve-MB")
	b.ReportMetric(float64(dirSize(filepath.Join(dir, "_search", "static")))/1e6, "static-MB")
}

func dirSize(dir string) int64 {
	var n int64
	filepath.Walk(dir, func(_ string, fi os.FileInfo, err error) error {
		if err == nil && !fi.IsDir() {
			n += fi.Size()
		}
		return nil
	})
	return n
}

// openBench opens the benchmark index and makes 200 mixed queries of it.
func openBench(b *testing.B) (http.Handler, *query.Index, []query.Request) {
	dir := benchOutput(b)
	ix, err := query.Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { ix.Close() })
	query.NoPhraseCacheIndex(ix)
	h := web.NewHandler(ix, dir)
	qs, err := query.MixedQueries(ix, 200)
	if err != nil {
		b.Fatal(err)
	}
	return h, ix, qs
}

// BenchmarkAPISearch times GET /api/search over 200 mixed queries, as the
// server answers them (JSON included), and reports the median and 95th
// percentile latency of one query.
func BenchmarkAPISearch(b *testing.B) {
	h, _, qs := openBench(b)
	targets := make([]string, len(qs))
	for i, q := range qs {
		v := url.Values{"q": {q.Q}}
		if q.Type != "" {
			v.Set("type", q.Type)
		}
		targets[i] = "/api/search?" + v.Encode()
	}
	serve := func(t string) (int, time.Duration) {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest("GET", t, nil)
		start := time.Now()
		h.ServeHTTP(rec, req)
		return rec.Code, time.Since(start)
	}
	for _, t := range targets { // the first query of a term reads its shard
		serve(t)
	}
	var lat []time.Duration
	for b.Loop() {
		for _, t := range targets {
			code, d := serve(t)
			if code != 200 {
				b.Fatalf("%s: %d", t, code)
			}
			lat = append(lat, d)
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
	_, ix, qs := openBench(b)
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

// BenchmarkStaticAgreement asks the 200 mixed queries, by document, of the
// server and of the static search (search.js in Node, on the same files a
// browser fetches) and prints how often they agree: the same documents of
// the first page in the same order, and the same total (or one within 5%
// that the static search calls "about"). Run it once:
//
//	go test -run '^$' -bench StaticAgreement -benchtime 1x ./internal/search/
func BenchmarkStaticAgreement(b *testing.B) {
	dir := benchOutput(b)
	ix, err := query.Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { ix.Close() })
	qs, err := query.MixedQueries(ix, 200)
	if err != nil {
		b.Fatal(err)
	}
	for i := range qs {
		qs[i].Group = query.GroupDocument
	}
	var a query.Agreement
	for b.Loop() {
		a = query.StaticAgreement(b, ix, dir, qs)
	}
	fmt.Println("static search agreement:", a)
	for _, d := range a.Differ {
		fmt.Println("  differs:", d)
	}
	b.ReportMetric(100*float64(a.SameTop)/float64(a.Queries), "%same-top")
	b.ReportMetric(100*float64(a.SameTotal)/float64(a.Queries), "%same-total")
	b.ReportMetric(0, "ns/op")
}

// BenchmarkStaticEdit times the static index written again after one
// document's text changed, with the memos a build's cache keeps (issue
// 20's goal 4): what a body edit costs the search step.
func BenchmarkStaticEdit(b *testing.B) {
	docs := corpusDocs(b)
	memoDocs, memoFiles := &searchtest.MapMemo{}, &searchtest.MapMemo{}
	write := func() {
		out := index.Output{Put: func(string, []byte) error { return nil }, Docs: memoDocs, Files: memoFiles}
		if _, err := index.Write(context.Background(), out, docs, nil); err != nil {
			b.Fatal(err)
		}
	}
	write()
	last := &docs[0].Sections[len(docs[0].Sections)-1]
	i := 0
	for b.Loop() {
		i++
		last.Text += fmt.Sprintf(" Edited %d.", i)
		write()
	}
}

// BenchmarkStaticWrite times the static index written afresh, without
// memos: the search step of a build without a cache.
func BenchmarkStaticWrite(b *testing.B) {
	docs := corpusDocs(b)
	for b.Loop() {
		out := index.Output{Put: func(string, []byte) error { return nil }}
		if _, err := index.Write(context.Background(), out, docs, nil); err != nil {
			b.Fatal(err)
		}
	}
}
