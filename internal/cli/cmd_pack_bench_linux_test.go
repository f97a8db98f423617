package cli

import (
	"context"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"handbook/internal/benchcorpus"
	"handbook/internal/build"
	"handbook/internal/chromium"
	"handbook/internal/pack"
)

// BenchmarkPackBook prints handbook.pdf of the benchmark corpus
// (HANDBOOK_BENCH_N documents, 1,000 by default): both printings, from a
// site built once. It reports the PDF's pages and size, and the peak
// resident memory of the largest browser process (the renderer holding
// the whole book). The repository handbook's whole pack is timed with
// `time handbook pack` (README, Preparing for an audit).
func BenchmarkPackBook(b *testing.B) {
	exe, err := chromium.Find(os.Getenv)
	if err != nil {
		b.Skip(err)
	}
	site := benchcorpus.Site(b)
	out := filepath.Join(b.TempDir(), "public")
	_, st, err := build.BuildState(context.Background(), build.Options{Site: site, Out: out, BaseURL: "/", NoSearch: true})
	if err != nil {
		b.Fatal(err)
	}
	in := packInput(context.Background(), st, site, false)
	in.Dir, in.Exe, in.Public = out, exe, "/"
	var pdf []byte
	for b.Loop() {
		if pdf, err = pack.BookPDF(context.Background(), in); err != nil {
			b.Fatal(err)
		}
	}
	starts, err := pack.OutlinePages(pdf)
	if err != nil {
		b.Fatal(err)
	}
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_CHILDREN, &ru); err == nil {
		b.ReportMetric(float64(ru.Maxrss)/1024, "peak-browser-MB")
	}
	b.ReportMetric(float64(len(starts)), "documents")
	b.ReportMetric(float64(len(pdf))/(1<<20), "pdf-MB")
}
