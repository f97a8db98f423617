package build

import (
	"bytes"
	"testing"

	"handbook/internal/benchcorpus"
	"handbook/internal/cputime"
	"handbook/internal/render"
)

// BenchmarkDocPages renders the page of every document of the benchmark
// corpus as writeDocPages does, on one core, writing nothing: the cost of
// the layouts alone (cpu-s/op: the CPU time, which says more than the
// wall time on a shared machine).
func BenchmarkDocPages(b *testing.B) {
	st := renderState(b, benchcorpus.Site(b))
	kids := st.Children()
	var size int64
	var buf bytes.Buffer
	cpu := cputime.Used()
	for b.Loop() {
		size = 0
		site, parts := st.SiteView(), render.NewParts(st.Theme)
		for _, d := range st.Docs {
			p := st.DocPage(d, kids)
			p.Share(site, parts)
			if err := st.RenderDocPage(&buf, p); err != nil {
				b.Fatal(err)
			}
			size += int64(buf.Len())
		}
	}
	b.SetBytes(size)
	b.ReportMetric((cputime.Used()-cpu).Seconds()/float64(b.N), "cpu-s/op")
}
