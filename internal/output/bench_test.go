package output

import (
	"bytes"
	"fmt"
	"path/filepath"
	"testing"

	"handbook/internal/cputime"
)

// benchPages is the number of pages BenchmarkWrite writes: a 1,000-document
// site has about that many documents and as many title redirects.
const benchPages = 2000

// BenchmarkWrite writes a site's pages (30 KB each, a folder each) and
// commits: into an empty folder (a first build); again with the same
// bytes (a repeat build, which writes nothing but the marker); and with
// one page changed (an edit); the last two with a staging folder and with
// the output's twin.
func BenchmarkWrite(b *testing.B) {
	page := bytes.Repeat([]byte("<p>handbook</p>\n"), 30<<10/16)
	write := func(b *testing.B, begin func(string) (*Dir, error), final string, edit int) {
		d, err := begin(final)
		if err != nil {
			b.Fatal(err)
		}
		for i := range benchPages {
			data := page
			if i == 0 {
				data = fmt.Appendf(nil, "%s edit %d", page, edit)
			}
			if err := d.Write(fmt.Sprintf("docs/sms-proc-%04d/index.html", i), data); err != nil {
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
			write(b, Begin, filepath.Join(b.TempDir(), "public"), 0)
		}
	})
	for _, mode := range []string{"staging", "twin"} {
		for _, edit := range []bool{false, true} {
			name := map[bool]string{false: "unchanged", true: "edit"}[edit] + "/" + mode
			b.Run(name, func(b *testing.B) {
				final := filepath.Join(b.TempDir(), "public")
				write(b, begins[mode], final, 0)
				write(b, begins[mode], final, 0)
				b.SetBytes(benchPages * int64(len(page)))
				n, cpu := 0, cputime.Used()
				for b.Loop() {
					if edit {
						n++
					}
					write(b, begins[mode], final, n)
				}
				// The CPU time too: on a shared machine the wall time says little.
				b.ReportMetric(float64(cputime.Used()-cpu)/float64(b.N), "cpu-ns/op")
			})
		}
	}
}
