package build

import (
	"context"
	"testing"

	"handbook/internal/benchcorpus"
)

// discard is a sink that counts the bytes it is given.
type discard struct{ bytes int64 }

func (d *discard) Write(_ string, data []byte) error {
	d.bytes += int64(len(data))
	return nil
}

// BenchmarkRegister runs the register step on the benchmark corpus,
// writing nothing: all of it as the build runs it (its writers side by
// side), then each writer alone on one goroutine.
func BenchmarkRegister(b *testing.B) {
	st := renderState(b, benchcorpus.Site(b))
	run := func(name string, f func(*state, sink) error) {
		b.Run(name, func(b *testing.B) {
			var out discard
			for b.Loop() {
				out = discard{}
				if err := f(st, &out); err != nil {
					b.Fatal(err)
				}
			}
			b.SetBytes(out.bytes)
		})
	}
	run("all", func(st *state, out sink) error { return writeRegister(context.Background(), st, out) })
	run("log", writeLog)
	run("xlsx", writeLogXLSX)
	run("clauses", writeClauses)
	run("reviews", writeReviews)
	run("feed", writeFeed)
}
