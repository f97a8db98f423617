package output

import (
	"bytes"
	"fmt"
	"path/filepath"
	"testing"
)

// benchPages is the number of pages BenchmarkWrite writes: a 1,000-document
// site has about that many documents and as many title redirects.
const benchPages = 2000

// BenchmarkWrite writes a site's pages (30 KB each, a folder each) and
// commits: into an empty folder (a first build), and again with the same
// bytes (a repeat build, which writes nothing but the marker).
func BenchmarkWrite(b *testing.B) {
	page := bytes.Repeat([]byte("<p>handbook</p>\n"), 30<<10/16)
	write := func(b *testing.B, final string) {
		d, err := Begin(final)
		if err != nil {
			b.Fatal(err)
		}
		for i := range benchPages {
			if err := d.Write(fmt.Sprintf("docs/sms-proc-%04d/index.html", i), page); err != nil {
				b.Fatal(err)
			}
		}
		if err := d.Commit(); err != nil {
			b.Fatal(err)
		}
	}
	b.Run("first", func(b *testing.B) {
		b.SetBytes(benchPages * int64(len(page)))
		for b.Loop() {
			write(b, filepath.Join(b.TempDir(), "public"))
		}
	})
	b.Run("unchanged", func(b *testing.B) {
		final := filepath.Join(b.TempDir(), "public")
		write(b, final)
		b.SetBytes(benchPages * int64(len(page)))
		for b.Loop() {
			write(b, final)
		}
	})
}
