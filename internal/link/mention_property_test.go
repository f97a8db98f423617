package link_test

import (
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"

	"handbook/internal/config"
	"handbook/internal/markdown"
	"handbook/internal/site"
)

// TestMentionProperties renders many generated paragraphs built from the
// words of overlapping titles, line breaks, punctuation, emphasis, code
// and headings, and checks what must hold whatever the text:
//   - linking mentions never changes the text a reader sees;
//   - no link is inside another link, a heading or code;
//   - a mention's text is its target's title (up to line breaks);
//   - a title is linked at most once per section, never the page's own.
func TestMentionProperties(t *testing.T) {
	words := []string{"Service", "Management", "Plan", "Review", "Procedure", "Risk", "Treatment",
		"Roles,", "Responsibilities", "and", "Authorities", "Source", "Document", "the", "Plans"}
	seps := []string{" ", " ", " ", " ", "\n", "  \n", ". ", ", ", " (", ") ", " \"", "\" ", "'s ", " *", "* ", " `", "` ", "\n\n", "\n\n## ", "\n\n- ", "\n> ", " [", "](https://example.com/) "}
	rng := rand.New(rand.NewPCG(1, 2))
	docs := []doc{plan, review, rtp, roles}
	titles := map[string]string{}
	for _, d := range docs {
		titles["/docs/"+strings.ToLower(d.id)+"/"] = d.title
	}
	cfg := config.Default()
	plain := markdown.New(cfg)
	mentions := 0
	for i := range 400 {
		var b strings.Builder
		for range 5 + rng.IntN(20) {
			if rng.IntN(2) == 0 {
				b.WriteString(words[rng.IntN(len(words))])
			} else {
				// A title, sometimes wrapped, sometimes cut short.
				ws := strings.Fields(docs[rng.IntN(len(docs))].title)
				ws = ws[:1+rng.IntN(len(ws))]
				if rng.IntN(3) > 0 {
					ws = ws[:len(ws):len(ws)]
				}
				for j, w := range ws {
					if j > 0 {
						b.WriteString([]string{" ", " ", " ", "\n", "  \n"}[rng.IntN(5)])
					}
					b.WriteString(w)
				}
			}
			b.WriteString(seps[rng.IntN(len(seps))])
		}
		body := b.String() + "\n"
		src := doc{path: "plans/source.md", id: "SMS-PLN-001", title: "Source Document", body: body}
		built := build(t, cfg, nil, append([]doc{src}, docs...)...)
		got := built.html["SMS-PLN-001"]
		want := string(plain.Convert(&site.Document{Path: "x.md", Body: []byte(body), BodyLine: bodyLine}, nil).HTML)
		if problem := checkMentions(got, want, titles); problem != "" {
			t.Fatalf("case %d: %s\nsource:\n%s\nHTML:\n%s", i, problem, body, got)
		}
		mentions += strings.Count(got, `class="mention"`)
	}
	if mentions < 200 {
		t.Errorf("only %d mentions in 400 cases: the generator does not exercise the finder", mentions)
	}
}

var (
	tagTokRE  = regexp.MustCompile(`<(/?)([a-z0-9]+)([^>]*)>`)
	hrefAttRE = regexp.MustCompile(`href="([^"]*)"`)
)

// checkMentions checks the rendered page got against the same body
// rendered without the link extension (want); it returns what is wrong.
func checkMentions(got, want string, titles map[string]string) string {
	if visible(got) != visible(want) {
		return "the visible text changed:\n" + visible(want) + "\n" + visible(got)
	}
	inLink, inHeading, inCode := false, false, false
	var linkText strings.Builder
	var linkTarget string
	linked := map[string]bool{}
	pos := 0
	for _, m := range tagTokRE.FindAllStringSubmatchIndex(got, -1) {
		if inLink {
			linkText.WriteString(got[pos:m[0]])
		}
		pos = m[1]
		closing, name, attrs := got[m[2]:m[3]] == "/", got[m[4]:m[5]], got[m[6]:m[7]]
		switch {
		case name == "a" && !closing && strings.Contains(attrs, `class="anchor"`):
			// the heading's copy-link control
		case name == "a" && !closing:
			if inLink {
				return "a link inside a link"
			}
			inLink, linkTarget = true, ""
			linkText.Reset()
			if strings.Contains(attrs, `class="mention"`) {
				if inHeading || inCode {
					return "a mention inside a heading or code"
				}
				linkTarget = hrefAttRE.FindStringSubmatch(attrs)[1]
			}
		case name == "a" && closing:
			inLink = false
			if linkTarget == "" {
				continue
			}
			title, ok := titles[linkTarget]
			if !ok {
				return "a mention of " + linkTarget + ", not another document"
			}
			if txt := strings.Join(strings.Fields(linkText.String()), " "); txt != title {
				return "mention text " + txt + " is not the title " + title
			}
			if linked[linkTarget] {
				return title + " linked twice in one section"
			}
			linked[linkTarget] = true
		case name[0] == 'h' && len(name) == 2 && name[1] >= '1' && name[1] <= '6':
			inHeading = !closing
			clear(linked)
		case name == "code":
			inCode = !closing
		}
	}
	return ""
}

// visible is the text of h without tags, its whitespace dropped (tags
// between words and words split by a link render the same).
func visible(h string) string {
	return strings.Join(strings.Fields(tagTokRE.ReplaceAllString(h, "")), "")
}
