package htmlcheck

import "testing"

func TestProblems(t *testing.T) {
	tests := []struct {
		page string
		bad  bool
	}{
		{`<p>text &lt;script&gt;alert(1)&lt;/script&gt;</p>`, false},
		{`<a href="/docs/x/" title="a &quot;onclick=">x</a>`, false},
		{`<img src="data:image/png;base64,AAAA" alt="">`, false},
		{`<a href="https://example.com/?javascript:x">x</a>`, false},
		{`<pre><code>&lt;img src=x onerror=alert(1)&gt;</code></pre>`, false},
		{`<script>alert(1)</script>`, true},
		{`<SCRIPT SRC=//evil/x.js></SCRIPT>`, true},
		{`<img src=x onerror=alert(1)>`, true},
		{`<svg><a xlink:href="javascript:alert(1)">x</a></svg>`, true},
		{`<a href="java&#x09;script:alert(1)">x</a>`, true},
		{`<a href=" JaVaScRiPt:alert(1)">x</a>`, true},
		{`<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>`, true},
		{`<a href="vbscript:msgbox(1)">x</a>`, true},
		{`<iframe src="/x"></iframe>`, true},
		{`<div style="background:url(javascript:alert(1))">x</div>`, true},
		{`<form action="/x"><button formaction="javascript:alert(1)">x</button></form>`, true},
		{`<p title="x" onmouseover="alert(1)">x</p>`, true},
	}
	for _, tt := range tests {
		got := Problems([]byte(tt.page), Options{})
		if (len(got) > 0) != tt.bad {
			t.Errorf("%s: problems %v, want bad=%v", tt.page, got, tt.bad)
		}
	}
}

func TestAllowed(t *testing.T) {
	page := `<head><script src="/js/handbook.js" defer></script><link rel="stylesheet" href="/css/a.css"></head>`
	allowed := func(tag string, attrs map[string]string) bool {
		return (tag == "script" && attrs["src"] == "/js/handbook.js") || (tag == "link" && attrs["rel"] == "stylesheet")
	}
	if got := Problems([]byte(page), Options{Allowed: allowed}); len(got) > 0 {
		t.Errorf("the theme's own assets are reported: %v", got)
	}
	if got := Problems([]byte(page), Options{}); len(got) != 2 {
		t.Errorf("without an allow list: %v", got)
	}
}
