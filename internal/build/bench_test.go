package build_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"handbook/internal/benchcorpus"
	"handbook/internal/build"
	"handbook/internal/cputime"
)

// benchToday keeps the corpus's overdue warnings the same on every day.
var benchToday = time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)

// BenchmarkCheck runs load, validate, link and render on all cores,
// writing nothing.
func BenchmarkCheck(b *testing.B) {
	dir := benchcorpus.Site(b)
	for b.Loop() {
		if _, _, err := build.Check(context.Background(), build.Options{Site: dir, Today: benchToday}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBuild runs whole builds of the benchmark corpus into a fresh
// output folder (the first build of each case writes every file, the next
// ones only what changed: nothing): pages only, pages and the search index,
// and everything (search index, figures). Run it with -cpuprofile or
// -memprofile to see where a build spends.
func BenchmarkBuild(b *testing.B) {
	dir := benchcorpus.Site(b)
	for _, c := range []struct {
		name string
		opts build.Options
	}{
		{"pages", build.Options{NoSearch: true, NoFigures: true}},
		{"pages+search", build.Options{NoFigures: true}},
		{"full", build.Options{}},
	} {
		b.Run(c.name, func(b *testing.B) {
			opts := c.opts
			opts.Site, opts.Out, opts.Today = dir, b.TempDir()+"/public", benchToday
			var res *build.Result
			cpu := cputime.Used()
			for b.Loop() {
				var err error
				if res, err = build.Build(context.Background(), opts); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric((cputime.Used()-cpu).Seconds()/float64(b.N), "cpu-s/op")
			for _, t := range res.Timings {
				b.ReportMetric(float64(t.Duration.Milliseconds()), t.Step+"-ms")
			}
			// The write step's generators, one by one (index and draw
			// overlap the others).
			for _, t := range res.Parts {
				if t.Step != "" {
					b.ReportMetric(float64(t.Duration.Milliseconds()), strings.ReplaceAll(t.Step, " ", "-")+"-ms")
				}
			}
		})
	}
}

// BenchmarkBuildEdit is issue 20's goal 4: a build with the cache after
// one document's body changed (outside the timing), into the output and
// cache of the build before. Profile it with -cpuprofile to see what a
// small edit still recomputes.
func BenchmarkBuildEdit(b *testing.B) {
	site := filepath.Join(b.TempDir(), "site")
	if err := os.CopyFS(site, os.DirFS(benchcorpus.Site(b))); err != nil {
		b.Fatal(err)
	}
	docs, err := filepath.Glob(filepath.Join(site, "content", "*", "*.md"))
	if err != nil || len(docs) == 0 {
		b.Fatalf("corpus documents: %v, %v", docs, err)
	}
	root := b.TempDir()
	opts := build.Options{Site: site, Out: filepath.Join(root, "public"), Cache: filepath.Join(root, "cache"), Today: benchToday}
	edit := func(i int) {
		f, err := os.OpenFile(docs[0], os.O_APPEND|os.O_WRONLY, 0)
		if err == nil {
			_, err = fmt.Fprintf(f, "\nEdited %d.\n", i)
			err = errors.Join(err, f.Close())
		}
		if err != nil {
			b.Fatal(err)
		}
	}
	// Two builds before the timed ones, the second after an edit: a site
	// is built over and over, and the timed builds are the steady state
	// (the output folder's twin made, internal/output).
	for i := range 2 {
		edit(-1 - i)
		if _, err := build.Build(context.Background(), opts); err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	cpu := cputime.Used()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		edit(i)
		b.StartTimer()
		if _, err := build.Build(context.Background(), opts); err != nil {
			b.Fatal(err)
		}
	}
	// CPU seconds per edited build: on a shared machine, a steadier
	// figure than the wall time (the edits themselves cost nothing).
	b.ReportMetric((cputime.Used()-cpu).Seconds()/float64(b.N), "cpu-s/op")
}
