// Package htmlcheck finds markup in rendered HTML that could run script:
// tags that execute or embed, event-handler attributes, and URLs with an
// executable scheme. Tests use it to show that hostile Markdown and front
// matter come out as text. It parses with golang.org/x/net/html, the way a
// browser tokenizes, not with patterns over the text.
package htmlcheck

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	"golang.org/x/net/html"
)

// dangerousTags run script or load another document.
var dangerousTags = map[string]bool{
	"script": true, "iframe": true, "frame": true, "frameset": true, "object": true, "embed": true,
	"applet": true, "base": true, "meta": true, "link": true, "form": true, "style": true,
	"template": true, "portal": true,
}

// urlAttrs hold URLs that a browser follows or loads.
var urlAttrs = map[string]bool{
	"href": true, "src": true, "action": true, "formaction": true, "xlink:href": true,
	"background": true, "poster": true, "srcset": true, "data": true, "cite": true, "ping": true,
}

// safeDataImages are the data: URLs goldmark lets through: raster images,
// which cannot run script.
var safeDataImages = []string{"data:image/png", "data:image/gif", "data:image/jpeg", "data:image/webp"}

// Options say what the page may legitimately contain.
type Options struct {
	// Allowed reports whether an element with these attributes belongs to
	// the page's own template (a script or stylesheet of the theme); such
	// an element is not checked further.
	Allowed func(tag string, attrs map[string]string) bool
}

// Problems lists what in page could run script, one line each.
func Problems(page []byte, opts Options) []string {
	var out []string
	z := html.NewTokenizer(bytes.NewReader(page))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			if z.Err() != io.EOF {
				out = append(out, fmt.Sprintf("tokenizer: %v", z.Err()))
			}
			return out
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		tok := z.Token()
		attrs := map[string]string{}
		for _, a := range tok.Attr {
			name := strings.ToLower(a.Key)
			if a.Namespace != "" {
				name = a.Namespace + ":" + name
			}
			attrs[name] = a.Val
		}
		tag := strings.ToLower(tok.Data)
		if opts.Allowed != nil && opts.Allowed(tag, attrs) {
			continue
		}
		if dangerousTags[tag] {
			out = append(out, fmt.Sprintf("<%s> element %v", tag, attrs))
		}
		for name, val := range attrs {
			switch {
			case strings.HasPrefix(name, "on"):
				out = append(out, fmt.Sprintf("<%s %s=%q>: event handler", tag, name, val))
			case name == "style" && unsafeStyle(val):
				out = append(out, fmt.Sprintf("<%s style=%q>: script in a style", tag, val))
			case urlAttrs[name] && UnsafeURL(val):
				out = append(out, fmt.Sprintf("<%s %s=%q>: executable URL", tag, name, val))
			}
		}
	}
}

// UnsafeURL reports whether a URL, as a browser would read it (ignoring
// whitespace and control characters inside the scheme, any case), has a
// scheme that runs script: javascript:, vbscript:, or data: other than a
// raster image.
func UnsafeURL(u string) bool {
	var b strings.Builder
	for _, r := range u {
		if r > ' ' && r != 0x7f {
			b.WriteRune(r)
		}
	}
	s := strings.ToLower(b.String())
	if strings.HasPrefix(s, "javascript:") || strings.HasPrefix(s, "vbscript:") {
		return true
	}
	if strings.HasPrefix(s, "data:") {
		for _, ok := range safeDataImages {
			if strings.HasPrefix(s, ok+";") || strings.HasPrefix(s, ok+",") {
				return false
			}
		}
		return true
	}
	return false
}

func unsafeStyle(v string) bool {
	s := strings.ToLower(v)
	return strings.Contains(s, "expression(") || strings.Contains(s, "javascript:") || strings.Contains(s, "url(")
}
