package link_test

import (
	"encoding/json"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/yuin/goldmark/parser"

	"handbook/internal/config"
	"handbook/internal/diag"
	"handbook/internal/link"
	"handbook/internal/markdown"
	"handbook/internal/site"
)

// bodyLine is where every test document's body starts in its file: the
// front matter takes lines 1 to 4.
const bodyLine = 5

// doc is a test document: path under content/, id, title and body.
type doc struct {
	path, id, title, body string
	status                string // default approved
	related               []string
}

// built is the outcome of linking and rendering a set of documents.
type built struct {
	html  map[string]string // by id
	refs  []link.Ref
	diags []string
	ix    *link.Index
	graph *link.Graph
	docs  []*site.Document
}

// build links and renders docs as the build does: one index, every page
// converted, then anchors checked and the graph made.
func build(t *testing.T, cfg *config.Config, excluded map[string]bool, docs ...doc) *built {
	t.Helper()
	if cfg == nil {
		cfg = config.Default()
	}
	s := &site.Site{Config: cfg, ByID: map[string]*site.Document{}, ByPath: map[string]*site.Document{}}
	for _, d := range docs {
		status := d.status
		if status == "" {
			status = "approved"
		}
		sd := &site.Document{
			Path:     "content/" + d.path,
			Meta:     site.Meta{ID: d.id, Title: d.title, Status: status, Related: d.related},
			Lines:    map[string]int{"": 1, "related": 3},
			Body:     []byte(d.body),
			BodyLine: bodyLine,
		}
		s.Docs = append(s.Docs, sd)
		s.ByID[d.id] = sd
		s.ByPath[sd.Path] = sd
	}
	b := &built{html: map[string]string{}, ix: link.NewIndex(s, excluded)}
	conv := markdown.New(cfg, b.ix.Extension())
	anchors := map[string]map[string]bool{}
	var all []*diag.Diagnostic
	for _, d := range s.Docs {
		if excluded[d.Meta.ID] {
			continue
		}
		b.docs = append(b.docs, d)
		var pc parser.Context
		res := conv.Convert(d, cfg.URL(d.URLPath()), func(p parser.Context) { pc = p; link.Attach(p, d) })
		refs, errs := link.Results(pc)
		b.refs = append(b.refs, refs...)
		all = append(all, errs...)
		all = append(all, res.Problems...)
		b.html[d.Meta.ID] = string(res.HTML)
		set := map[string]bool{}
		for _, h := range res.Headings {
			set[h.ID] = true
		}
		anchors[d.Meta.ID] = set
	}
	all = append(all, link.CheckAnchors(b.refs, anchors)...)
	diag.Sort(all)
	for _, d := range all {
		b.diags = append(b.diags, d.Error())
	}
	b.graph = link.NewGraph(b.ix, b.docs, b.refs)
	return b
}

// target documents most tests link to.
var (
	plan = doc{path: "plans/service-management-plan.md", id: "SMS-PLN-002", title: "Service Management Plan",
		body: "## Objectives\n\nText.\n\n## 4. Risks {#risks}\n"}
	review = doc{path: "procedures/review.md", id: "SMS-PROC-009", title: "Service Management Plan Review Procedure", body: "Text.\n"}
	rtp    = doc{path: "plans/risk-treatment-plan.md", id: "SMS-PLN-005", title: "Risk Treatment Plan", body: "Text.\n"}
	roles  = doc{path: "plans/roles.md", id: "SMS-PLN-006", title: "Service Management Roles, Responsibilities and Authorities", body: "Text.\n"}
	deep   = doc{path: "procedures/audit/internal/deep.md", id: "SMS-PROC-003", title: "Procedure for Service Management Audits", body: "## Audit programme\n"}
)

func TestLinkForms(t *testing.T) {
	for _, tc := range []struct {
		name, body, want string
	}{
		{"id", "[the plan](SMS-PLN-002)",
			`<a href="/docs/sms-pln-002/" title="SMS-PLN-002 · Service Management Plan">the plan</a>`},
		{"id with anchor", "[risks](SMS-PLN-002#risks)",
			`<a href="/docs/sms-pln-002/#risks" title="SMS-PLN-002 · Service Management Plan">risks</a>`},
		{"id with an automatic anchor", "[objectives](SMS-PLN-002#objectives)",
			`<a href="/docs/sms-pln-002/#objectives" title="SMS-PLN-002 · Service Management Plan">objectives</a>`},
		// A link showing the title has the id alone as its tooltip.
		{"id, title as text", "[Service Management Plan](SMS-PLN-002)",
			`<a href="/docs/sms-pln-002/" title="SMS-PLN-002">Service Management Plan</a>`},
		{"id, title as text over two lines", "[Service Management\nPlan](SMS-PLN-002)",
			"<a href=\"/docs/sms-pln-002/\" title=\"SMS-PLN-002\">Service Management\nPlan</a>"},
		{"id, emphasised title as text", "[*Service Management Plan*](SMS-PLN-002)",
			`<a href="/docs/sms-pln-002/" title="SMS-PLN-002 · Service Management Plan"><em>Service Management Plan</em></a>`},
		{"id keeps the author's title", `[the plan](SMS-PLN-002 "Read this")`,
			`<a href="/docs/sms-pln-002/" title="Read this">the plan</a>`},
		{"wiki", "[[SMS-PLN-002]]",
			`<a href="/docs/sms-pln-002/" title="SMS-PLN-002">Service Management Plan</a>`},
		{"wiki with anchor and text", "[[SMS-PLN-002#risks|the risks]]",
			`<a href="/docs/sms-pln-002/#risks" title="SMS-PLN-002 · Service Management Plan">the risks</a>`},
		{"wiki with text", "[[ SMS-PLN-002 | the plan ]]",
			`<a href="/docs/sms-pln-002/" title="SMS-PLN-002 · Service Management Plan">the plan</a>`},
		{"wiki with anchor, title as text", "[[SMS-PLN-002#risks]]",
			`<a href="/docs/sms-pln-002/#risks" title="SMS-PLN-002">Service Management Plan</a>`},
		{"relative, same folder", "[plan](service-management-plan.md)",
			`<a href="/docs/sms-pln-002/" title="SMS-PLN-002 · Service Management Plan">plan</a>`},
		{"relative with ./ and anchor", "[plan](./service-management-plan.md#risks)",
			`<a href="/docs/sms-pln-002/#risks" title="SMS-PLN-002 · Service Management Plan">plan</a>`},
		{"relative, deeper", "[audits](../procedures/audit/internal/deep.md#audit-programme)",
			`<a href="/docs/sms-proc-003/#audit-programme" title="SMS-PROC-003 · Procedure for Service Management Audits">audits</a>`},
		{"in-page anchor stays", "[below](#here)\n\n## Here",
			`<a href="#here">below</a>`},
		{"anchor of a heading inside a quote", "[q](#in-quote)\n\n> ## In quote",
			`<a href="#in-quote">q</a>`},
		{"own id with anchor", "[below](SMS-PLN-001#here)\n\n## Here",
			`<a href="/docs/sms-pln-001/#here" title="SMS-PLN-001 · Source Document">below</a>`},
		{"external left alone", "[site](https://example.com/SMS-PLN-002.md)",
			`<a href="https://example.com/SMS-PLN-002.md">site</a>`},
		{"mailto left alone", "[mail](mailto:desk@example.com)",
			`<a href="mailto:desk@example.com">mail</a>`},
		{"site path left alone", "[log](/log/)",
			`<a href="/log/">log</a>`},
		{"other relative file left alone", "[sheet](files/form.xlsx)",
			`<a href="files/form.xlsx">sheet</a>`},
		{"wiki inside emphasis", "*see [[SMS-PLN-005]]*",
			`<em>see <a href="/docs/sms-pln-005/" title="SMS-PLN-005">Risk Treatment Plan</a></em>`},
		{"wiki in a table cell", "| a |\n|---|\n| [[SMS-PLN-005]] |",
			`<td><a href="/docs/sms-pln-005/" title="SMS-PLN-005">Risk Treatment Plan</a></td>`},
		{"id link in a heading", "## See [the plan](SMS-PLN-002)",
			`<h2 id="see-the-plan">See <a href="/docs/sms-pln-002/" title="SMS-PLN-002 · Service Management Plan">the plan</a>`},
		{"escaped wiki link is text", `\[[SMS-PLN-099]] and \[\[x]]`, `<p>[[SMS-PLN-099]] and [[x]]</p>`},
		{"wiki link in code is text", "`[[SMS-PLN-099]]` and `[[`", `<code>[[SMS-PLN-099]]</code> and <code>[[</code>`},
		{"wiki label is text, escaped", "[[SMS-PLN-002|<b>*plan*</b> & co]]",
			`<a href="/docs/sms-pln-002/" title="SMS-PLN-002 · Service Management Plan">&lt;b&gt;*plan*&lt;/b&gt; &amp; co</a>`},
		{"wiki link in a heading", "## See [[SMS-PLN-005]]",
			`<h2 id="see-sms-pln-005">See <a href="/docs/sms-pln-005/" title="SMS-PLN-005">Risk Treatment Plan</a>`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := doc{path: "plans/source.md", id: "SMS-PLN-001", title: "Source Document", body: tc.body + "\n"}
			b := build(t, nil, nil, src, plan, rtp, deep)
			if len(b.diags) > 0 {
				t.Errorf("problems: %v", b.diags)
			}
			if !strings.Contains(b.html["SMS-PLN-001"], tc.want) {
				t.Errorf("HTML:\n%s\nwant it to contain:\n%s", b.html["SMS-PLN-001"], tc.want)
			}
		})
	}
}

func TestBaseURL(t *testing.T) {
	cfg := config.Default()
	cfg.BaseURL = "https://intranet.example.com/handbook/"
	src := doc{path: "a.md", id: "SMS-PLN-001", title: "Source Document", body: "[[SMS-PLN-002#risks|risks]] and [p](SMS-PLN-002) and the Risk Treatment Plan.\n"}
	b := build(t, cfg, nil, src, plan, rtp)
	for _, want := range []string{
		`href="https://intranet.example.com/handbook/docs/sms-pln-002/#risks"`,
		`href="https://intranet.example.com/handbook/docs/sms-pln-002/"`,
		`href="https://intranet.example.com/handbook/docs/sms-pln-005/"`,
	} {
		if !strings.Contains(b.html["SMS-PLN-001"], want) {
			t.Errorf("missing %s in\n%s", want, b.html["SMS-PLN-001"])
		}
	}
}

// TestLinkErrors checks every kind of broken reference, each at the line of
// the link in the file (the body starts at line 5).
func TestLinkErrors(t *testing.T) {
	for _, tc := range []struct {
		name, body string
		want       []string
		html       string // the broken link's rendering, if checked
	}{
		{"unknown id", "Text.\n\nSee [x](SMS-PLN-099).", []string{
			"content/plans/source.md:7: link to unknown document id SMS-PLN-099",
		}, `<a href="SMS-PLN-099">x</a>`},
		{"unknown id, wiki", "Para\nsee [[SMS-PLN-099|x]] here", []string{
			"content/plans/source.md:6: link to unknown document id SMS-PLN-099",
		}, "see [[SMS-PLN-099|x]] here"},
		{"unknown anchor", "[x](SMS-PLN-002#risk)", []string{
			"content/plans/source.md:5: link to unknown anchor #risk in SMS-PLN-002 (did you mean #risks?)",
		}, ""},
		{"unknown anchor, wiki", "\n\n[[SMS-PLN-002#nowhere|x]]", []string{
			"content/plans/source.md:7: link to unknown anchor #nowhere in SMS-PLN-002",
		}, ""},
		{"unknown anchor, relative", "[x](service-management-plan.md#nowhere)", []string{
			"content/plans/source.md:5: link to unknown anchor #nowhere in SMS-PLN-002",
		}, ""},
		{"unknown anchor on a page without headings", "[x](SMS-PLN-005#a)", []string{
			"content/plans/source.md:5: link to unknown anchor #a in SMS-PLN-005 (the page has no headings)",
		}, ""},
		{"unknown in-page anchor", "## Here\n\n[x](#there)", []string{
			"content/plans/source.md:7: link to unknown anchor #there on this page (did you mean #here?)",
		}, ""},
		{"missing relative file", "A\nB [x](../procedures/missing.md) C", []string{
			"content/plans/source.md:6: relative link to a missing document ../procedures/missing.md (looked for content/procedures/missing.md)",
		}, ""},
		{"relative file outside content", "[x](../../README.md)", []string{
			"content/plans/source.md:5: relative link to a missing document ../../README.md (looked for README.md)",
		}, ""},
		{"unclosed wiki link", "Line one\nsee [[SMS-PLN-002 and more", []string{
			"content/plans/source.md:6: unclosed [[: a wiki link is [[ID]], [[ID#anchor]] or [[ID|text]] on one line",
		}, "see [[SMS-PLN-002 and more"},
		{"wiki link across lines", "see [[SMS-PLN-002\n|text]]", []string{
			"content/plans/source.md:5: unclosed [[: a wiki link is [[ID]], [[ID#anchor]] or [[ID|text]] on one line",
		}, ""},
		{"empty wiki link", "\nsee [[]] and [[ | label]]", []string{
			"content/plans/source.md:6: empty wiki link target: write [[ID]], [[ID#anchor]] or [[ID|text]]",
			"content/plans/source.md:6: empty wiki link target: write [[ID]], [[ID#anchor]] or [[ID|text]]",
		}, "see  and label"},
		{"empty link target", "A\n\nsee [text]() and [text](<>)", []string{
			"content/plans/source.md:7: empty link target: write [text](ID), [text](ID#anchor) or an address",
			"content/plans/source.md:7: empty link target: write [text](ID), [text](ID#anchor) or an address",
		}, ""},
		{"id in the wrong case", "[x](sms-pln-002)", []string{
			"content/plans/source.md:5: link to sms-pln-002: ids are case-sensitive, did you mean SMS-PLN-002?",
		}, ""},
		{"id in the wrong case, wiki", "[[Sms-Pln-002]]", []string{
			"content/plans/source.md:5: link to Sms-Pln-002: ids are case-sensitive, did you mean SMS-PLN-002?",
		}, ""},
		{"wiki target that is no id", "[[Risk Treatment Plan]]", []string{
			"content/plans/source.md:5: wiki link target Risk Treatment Plan is not a document id",
		}, ""},
		{"link with empty text", "One\nTwo [](SMS-PLN-099)", []string{
			"content/plans/source.md:6: link to unknown document id SMS-PLN-099",
		}, ""},
		{"link in a later list item", "- a\n- b\n- [y](SMS-PLN-099)", []string{
			"content/plans/source.md:7: link to unknown document id SMS-PLN-099",
		}, ""},
		{"every error of a page at once", "[a](SMS-PLN-098)\n\n[[SMS-PLN-097]]\n\n[c](nope.md)\n\n[d](SMS-PLN-002#nope)", []string{
			"content/plans/source.md:5: link to unknown document id SMS-PLN-098",
			"content/plans/source.md:7: link to unknown document id SMS-PLN-097",
			"content/plans/source.md:9: relative link to a missing document nope.md (looked for content/plans/nope.md)",
			"content/plans/source.md:11: link to unknown anchor #nope in SMS-PLN-002",
		}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := doc{path: "plans/source.md", id: "SMS-PLN-001", title: "Source Document", body: tc.body + "\n"}
			b := build(t, nil, nil, src, plan, rtp)
			if !slices.Equal(b.diags, tc.want) {
				t.Errorf("diagnostics:\n got: %s\nwant: %s", strings.Join(b.diags, "\n      "), strings.Join(tc.want, "\n      "))
			}
			if tc.html != "" && !strings.Contains(b.html["SMS-PLN-001"], tc.html) {
				t.Errorf("HTML:\n%s\nwant it to contain %s", b.html["SMS-PLN-001"], tc.html)
			}
		})
	}
}

// mentionRE and mentionView show a page's title-mention links compactly:
// <M:SMS-PLN-005>Risk Treatment Plan</M>.
var mentionRE = regexp.MustCompile(`<a href="/docs/([a-z0-9-]+)/" title="[^"]*" class="mention">((?s:.*?))</a>`)

func mentionView(html string) string {
	return mentionRE.ReplaceAllStringFunc(html, func(m string) string {
		sm := mentionRE.FindStringSubmatch(m)
		return "<M:" + strings.ToUpper(sm[1]) + ">" + sm[2] + "</M>"
	})
}

// TestMentions pins the title-mention rules on every edge case.
func TestMentions(t *testing.T) {
	for _, tc := range []struct {
		name, body, want string
	}{
		{"plain", "See the Risk Treatment Plan for details.",
			"<p>See the <M:SMS-PLN-005>Risk Treatment Plan</M> for details.</p>"},
		{"at the start and end", "Risk Treatment Plan",
			"<p><M:SMS-PLN-005>Risk Treatment Plan</M></p>"},
		{"longest title wins", "Follow the Service Management Plan Review Procedure yearly.",
			"<p>Follow the <M:SMS-PROC-009>Service Management Plan Review Procedure</M> yearly.</p>"},
		{"shorter title where the longer is incomplete", "The Service Management Plan Review is yearly.",
			"<p>The <M:SMS-PLN-002>Service Management Plan</M> Review is yearly.</p>"},
		{"both, in different sections", "The Service Management Plan.\n\n## Next\n\nThe Service Management Plan Review Procedure.",
			"<p>The <M:SMS-PLN-002>Service Management Plan</M>.</p>\n<h2 id=\"next\">Next" + anchor("next") + "</h2>\n<p>The <M:SMS-PROC-009>Service Management Plan Review Procedure</M>.</p>"},
		{"wraps across a line break", "See the Risk Treatment\nPlan today.",
			"<p>See the <M:SMS-PLN-005>Risk Treatment\nPlan</M> today.</p>"},
		{"wraps with a trailing space", "See the Risk Treatment \nPlan today.",
			"<p>See the <M:SMS-PLN-005>Risk Treatment\nPlan</M> today.</p>"},
		{"wraps with CRLF", "See the Risk Treatment\r\nPlan today.",
			"<p>See the <M:SMS-PLN-005>Risk Treatment\nPlan</M> today.</p>"},
		{"wraps twice", "the Service Management\nPlan Review\nProcedure applies",
			"<p>the <M:SMS-PROC-009>Service Management\nPlan Review\nProcedure</M> applies</p>"},
		{"wraps after a comma", "in Service Management Roles,\nResponsibilities and Authorities.",
			"<p>in <M:SMS-PLN-006>Service Management Roles,\nResponsibilities and Authorities</M>.</p>"},
		{"line break right after", "the Risk Treatment Plan\nis reviewed",
			"<p>the <M:SMS-PLN-005>Risk Treatment Plan</M>\nis reviewed</p>"},
		{"line break right before", "see the\nRisk Treatment Plan now",
			"<p>see the\n<M:SMS-PLN-005>Risk Treatment Plan</M> now</p>"},
		{"wraps across a hard line break", "the Risk Treatment  \nPlan",
			"<p>the <M:SMS-PLN-005>Risk Treatment<br />\nPlan</M></p>"},
		{"not across paragraphs", "the Risk Treatment\n\nPlan",
			"<p>the Risk Treatment</p>\n<p>Plan</p>"},
		{"brackets", "(Risk Treatment Plan)", "<p>(<M:SMS-PLN-005>Risk Treatment Plan</M>)</p>"},
		{"quotes", `"Risk Treatment Plan"`, "<p>&ldquo;<M:SMS-PLN-005>Risk Treatment Plan</M>&rdquo;</p>"},
		{"possessive", "the Risk Treatment Plan's owner", "<p>the <M:SMS-PLN-005>Risk Treatment Plan</M>&rsquo;s owner</p>"},
		{"full stop, comma, colon", "Risk Treatment Plan: see it.", "<p><M:SMS-PLN-005>Risk Treatment Plan</M>: see it.</p>"},
		{"dashes", "x --Risk Treatment Plan-- y", "<p>x &ndash;<M:SMS-PLN-005>Risk Treatment Plan</M>&ndash; y</p>"},
		{"slash", "Risk Treatment Plan/Register", "<p><M:SMS-PLN-005>Risk Treatment Plan</M>/Register</p>"},
		{"not inside a longer word", "Risk Treatment Plans and XRisk Treatment Plan", "<p>Risk Treatment Plans and XRisk Treatment Plan</p>"},
		{"not followed by a digit", "Risk Treatment Plan2", "<p>Risk Treatment Plan2</p>"},
		{"case matters", "the risk treatment plan", "<p>the risk treatment plan</p>"},
		{"extra spaces inside do not match", "the Risk  Treatment Plan", "<p>the Risk  Treatment Plan</p>"},
		{"not in a code span", "use `Risk Treatment Plan` here", "<p>use <code>Risk Treatment Plan</code> here</p>"},
		{"not in a code block", "```\nRisk Treatment Plan\n```", "<pre><code>Risk Treatment Plan\n</code></pre>"},
		{"not in an indented code block", "    Risk Treatment Plan", "<pre><code>Risk Treatment Plan\n</code></pre>"},
		{"not in a heading", "## The Risk Treatment Plan", "<h2 id=\"the-risk-treatment-plan\">The Risk Treatment Plan" + anchor("the-risk-treatment-plan") + "</h2>"},
		{"not in an external link", "[the Risk Treatment Plan](https://example.com/)",
			`<p><a href="https://example.com/">the Risk Treatment Plan</a></p>`},
		{"not in an id link", "[the Risk Treatment Plan](SMS-PLN-002)",
			`<p><a href="/docs/sms-pln-002/" title="SMS-PLN-002 · Service Management Plan">the Risk Treatment Plan</a></p>`},
		{"not in an autolink", "<https://example.com/Risk_Treatment_Plan> and https://example.com/Risk_Treatment_Plan",
			`<p><a href="https://example.com/Risk_Treatment_Plan">https://example.com/Risk_Treatment_Plan</a> and <a href="https://example.com/Risk_Treatment_Plan">https://example.com/Risk_Treatment_Plan</a></p>`},
		{"wiki link inside a link's text is text", "[see [[SMS-PLN-005]]](https://example.com/)",
			`<p><a href="https://example.com/">see Risk Treatment Plan</a></p>`},
		{"not in image text", "![Risk Treatment Plan](x.png)", `<p><img src="x.png" alt="Risk Treatment Plan" /></p>`},
		{"not in raw HTML", `<abbr title="Risk Treatment Plan">RTP</abbr>`, `<p><abbr title="Risk Treatment Plan">RTP</abbr></p>`},
		{"between inline tags", "<b>Risk Treatment Plan</b>", "<p><b><M:SMS-PLN-005>Risk Treatment Plan</M></b></p>"},
		{"not in the document's own title", "This is the Source Document.", "<p>This is the Source Document.</p>"},
		{"once per section", "Risk Treatment Plan, then Risk Treatment Plan.\n\nAgain the Risk Treatment Plan.",
			"<p><M:SMS-PLN-005>Risk Treatment Plan</M>, then Risk Treatment Plan.</p>\n<p>Again the Risk Treatment Plan.</p>"},
		{"again after a heading", "Risk Treatment Plan.\n\n## Two\n\nRisk Treatment Plan.",
			"<p><M:SMS-PLN-005>Risk Treatment Plan</M>.</p>\n<h2 id=\"two\">Two" + anchor("two") + "</h2>\n<p><M:SMS-PLN-005>Risk Treatment Plan</M>.</p>"},
		{"not after an explicit link in the section", "[plan](SMS-PLN-005) then the Risk Treatment Plan.",
			`<p><a href="/docs/sms-pln-005/" title="SMS-PLN-005 · Risk Treatment Plan">plan</a> then the Risk Treatment Plan.</p>`},
		{"an unlinkable longer title hides the shorter inside it", "[[SMS-PROC-009|review]]: the Service Management Plan Review Procedure.",
			`<p><a href="/docs/sms-proc-009/" title="SMS-PROC-009 · Service Management Plan Review Procedure">review</a>: the Service Management Plan Review Procedure.</p>`},
		{"in emphasis", "*Risk Treatment Plan*", "<p><em><M:SMS-PLN-005>Risk Treatment Plan</M></em></p>"},
		{"split by emphasis", "Risk *Treatment* Plan", "<p>Risk <em>Treatment</em> Plan</p>"},
		{"in a list and a table", "- the Risk Treatment Plan\n\n| Doc |\n|---|\n| Service Management Plan |",
			"<ul>\n<li>the <M:SMS-PLN-005>Risk Treatment Plan</M></li>\n</ul>\n<table>\n<thead>\n<tr>\n<th>Doc</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td><M:SMS-PLN-002>Service Management Plan</M></td>\n</tr>\n</tbody>\n</table>"},
		{"in a block quote", "> the Risk Treatment Plan", "<blockquote>\n<p>the <M:SMS-PLN-005>Risk Treatment Plan</M></p>\n</blockquote>"},
		{"two titles in one sentence", "the Risk Treatment Plan and the Service Management Plan.",
			"<p>the <M:SMS-PLN-005>Risk Treatment Plan</M> and the <M:SMS-PLN-002>Service Management Plan</M>.</p>"},
		{"adjacent to a wiki link", "[[SMS-PLN-002]] and Risk Treatment Plan",
			`<p><a href="/docs/sms-pln-002/" title="SMS-PLN-002">Service Management Plan</a> and <M:SMS-PLN-005>Risk Treatment Plan</M></p>`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := doc{path: "plans/source.md", id: "SMS-PLN-001", title: "Source Document", body: tc.body + "\n"}
			retired := doc{path: "r.md", id: "SMS-PROC-010", title: "Retired Procedure", status: "retired", body: "x\n"}
			b := build(t, nil, nil, src, plan, review, rtp, roles, retired)
			if len(b.diags) > 0 {
				t.Errorf("problems: %v", b.diags)
			}
			got := strings.TrimSuffix(mentionView(b.html["SMS-PLN-001"]), "\n")
			if got != tc.want {
				t.Errorf("HTML:\n got: %s\nwant: %s", got, tc.want)
			}
		})
	}
}

func anchor(id string) string {
	return `<a class="anchor" href="#` + id + `" aria-label="Copy link to this section">#</a>`
}

// TestOwnTitleHidesShorterTitles: in the Service Management Plan Review
// Procedure, its own title is not a mention of the Service Management Plan.
func TestOwnTitleHidesShorterTitles(t *testing.T) {
	r := review
	r.body = "The Service Management Plan Review Procedure checks the Service Management Plan.\n"
	b := build(t, nil, nil, r, plan)
	want := "<p>The Service Management Plan Review Procedure checks the <M:SMS-PLN-002>Service Management Plan</M>.</p>\n"
	if got := mentionView(b.html["SMS-PROC-009"]); got != want {
		t.Errorf("HTML:\n got: %s\nwant: %s", got, want)
	}
}

// TestMentionRefs checks that mentions are recorded with their line.
func TestMentionRefs(t *testing.T) {
	src := doc{path: "a.md", id: "SMS-PLN-001", title: "Source Document", body: "Intro.\n\nSee the Risk\nTreatment Plan and [[SMS-PLN-002#risks]].\n"}
	b := build(t, nil, nil, src, plan, rtp)
	var got []string
	for _, r := range b.refs {
		if r.From == "SMS-PLN-001" {
			got = append(got, r.To+"#"+r.Anchor+" "+string(r.Kind)+" "+strconv.Itoa(r.Line))
		}
	}
	want := []string{"SMS-PLN-005# mention 7", "SMS-PLN-002#risks wiki 8"}
	if !slices.Equal(got, want) {
		t.Errorf("refs %v, want %v", got, want)
	}
}

// TestExcluded: links to documents left out of an audience's build become
// plain text, and the excluded document's title does not appear.
func TestExcluded(t *testing.T) {
	secret := doc{path: "secret.md", id: "SMS-REC-001", title: "Board Risk Register", body: "## Top risks\n"}
	src := doc{path: "plans/source.md", id: "SMS-PLN-001", title: "Source Document", body: "" +
		"A [the register](SMS-REC-001) link.\n\n" +
		"B [the register](SMS-REC-001#top-risks) link.\n\n" +
		"C [[SMS-REC-001]] link.\n\n" +
		"D [[SMS-REC-001|the register]] link.\n\n" +
		"E [the register](../secret.md) link.\n\n" +
		"F the Board Risk Register is not mentioned.\n\n" +
		"G the Risk Treatment Plan still is.\n"}
	b := build(t, nil, map[string]bool{"SMS-REC-001": true}, src, secret, rtp)
	if len(b.diags) > 0 {
		t.Errorf("problems: %v", b.diags)
	}
	want := "<p>A the register link.</p>\n" +
		"<p>B the register link.</p>\n" +
		"<p>C (a document not published to this audience) link.</p>\n" +
		"<p>D the register link.</p>\n" +
		"<p>E the register link.</p>\n" +
		"<p>F the Board Risk Register is not mentioned.</p>\n" +
		"<p>G the <M:SMS-PLN-005>Risk Treatment Plan</M> still is.</p>\n"
	if got := mentionView(b.html["SMS-PLN-001"]); got != want {
		t.Errorf("HTML:\n got: %s\nwant: %s", got, want)
	}
	if strings.Contains(b.html["SMS-PLN-001"], "SMS-REC-001") || strings.Contains(b.html["SMS-PLN-001"], "sms-rec-001") {
		t.Errorf("the excluded id reaches the page")
	}
	for _, r := range b.refs {
		if r.To == "SMS-REC-001" {
			t.Errorf("a reference to the excluded document is recorded: %+v", r)
		}
	}
	if _, ok := b.ix.Doc("SMS-REC-001"); ok {
		t.Errorf("the index returns the excluded document")
	}
}

// TestGraph checks backlinks, related documents in both directions and
// the shape of links.json.
func TestGraph(t *testing.T) {
	a := doc{path: "a.md", id: "SMS-A-1", title: "Alpha Document", body: "See [[SMS-B-1]] and the Gamma Document.\n\n[self](#x)\n\n## X\n", related: []string{"SMS-C-1", "SMS-NOPE-1"}}
	bdoc := doc{path: "b.md", id: "SMS-B-1", title: "Beta Document", body: "See [alpha](a.md#x).\n"}
	c := doc{path: "c.md", id: "SMS-C-1", title: "Gamma Document", body: "Nothing.\n", related: []string{"SMS-C-1"}}
	b := build(t, nil, nil, a, bdoc, c)
	for _, tc := range []struct {
		id            string
		backs, relate []string
	}{
		{"SMS-A-1", []string{"SMS-B-1"}, []string{"SMS-C-1"}},
		{"SMS-B-1", []string{"SMS-A-1"}, nil},
		{"SMS-C-1", []string{"SMS-A-1"}, []string{"SMS-A-1"}},
	} {
		if got := b.graph.ReferencedBy(tc.id); !slices.Equal(got, tc.backs) {
			t.Errorf("ReferencedBy(%s) = %v, want %v", tc.id, got, tc.backs)
		}
		if got := b.graph.Related(tc.id); !slices.Equal(got, tc.relate) {
			t.Errorf("Related(%s) = %v, want %v", tc.id, got, tc.relate)
		}
	}
	js, err := b.graph.JSON(b.ix, b.docs)
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Documents []map[string]string `json:"documents"`
		Links     []map[string]string `json:"links"`
	}
	if err := json.Unmarshal(js, &got); err != nil {
		t.Fatal(err)
	}
	wantDocs := []map[string]string{
		{"id": "SMS-A-1", "title": "Alpha Document", "type": "", "url": "/docs/sms-a-1/"},
		{"id": "SMS-B-1", "title": "Beta Document", "type": "", "url": "/docs/sms-b-1/"},
		{"id": "SMS-C-1", "title": "Gamma Document", "type": "", "url": "/docs/sms-c-1/"},
	}
	wantLinks := []map[string]string{
		{"from": "SMS-A-1", "to": "SMS-C-1", "kind": "related"},
		{"from": "SMS-A-1", "to": "SMS-B-1", "kind": "wiki"},
		{"from": "SMS-A-1", "to": "SMS-C-1", "kind": "mention"},
		{"from": "SMS-B-1", "to": "SMS-A-1", "anchor": "x", "kind": "relative"},
	}
	if !slices.EqualFunc(got.Documents, wantDocs, mapsEqual) || !slices.EqualFunc(got.Links, wantLinks, mapsEqual) {
		t.Errorf("links.json:\n%s\nwant documents %v\nlinks %v", js, wantDocs, wantLinks)
	}
	// Each kind of reference is named in links.json as documented.
	for _, k := range []link.Kind{link.Explicit, link.Wiki, link.Relative, link.Mention, link.Related} {
		if !slices.Contains([]string{"explicit", "wiki", "relative", "mention", "related"}, string(k)) {
			t.Errorf("kind %q", k)
		}
	}
}

func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func TestEmptyGraphJSON(t *testing.T) {
	b := build(t, nil, nil, doc{path: "a.md", id: "SMS-A-1", title: "Alpha Document", body: "x\n"})
	js, err := b.graph.JSON(b.ix, b.docs)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(js), `"links":[]`) {
		t.Errorf("links.json without links must have an empty list: %s", js)
	}
	if strings.Contains(string(js), "\n") {
		t.Errorf("links.json is for programs, not indented: %s", js)
	}
}

// TestMentionsOddText feeds the mention finder text shapes goldmark splits
// into several text nodes.
func TestMentionsOddText(t *testing.T) {
	for _, tc := range []struct{ body, want string }{
		{"x * Risk Treatment Plan *", "<p>x * <M:SMS-PLN-005>Risk Treatment Plan</M> *</p>"},
		{"a ** b Risk Treatment Plan", "<p>a ** b <M:SMS-PLN-005>Risk Treatment Plan</M></p>"},
		{"[Risk Treatment Plan]", "<p>[<M:SMS-PLN-005>Risk Treatment Plan</M>]</p>"},
		{"\\[Risk Treatment Plan\\]", "<p>[<M:SMS-PLN-005>Risk Treatment Plan</M>]</p>"},
		{"Risk Treatment Plan&amp;co", "<p><M:SMS-PLN-005>Risk Treatment Plan</M>&amp;co</p>"},
		{"- the Risk Treatment\n  Plan in a list", "<li>the <M:SMS-PLN-005>Risk Treatment\nPlan</M> in a list</li>"},
		{"> the Risk Treatment\n> Plan quoted", "<p>the <M:SMS-PLN-005>Risk Treatment\nPlan</M> quoted</p>"},
		{"> the Risk Treatment\nPlan lazily quoted", "<p>the <M:SMS-PLN-005>Risk Treatment\nPlan</M> lazily quoted</p>"},
		{"the Risk Treatment\\\nPlan", "<p>the <M:SMS-PLN-005>Risk Treatment<br />\nPlan</M></p>"},
		{"!Risk Treatment Plan! ~Risk Treatment Plan _x", "<p>!<M:SMS-PLN-005>Risk Treatment Plan</M>! ~Risk Treatment Plan _x</p>"},
		{"a < b Risk Treatment Plan > c", "<p>a &lt; b <M:SMS-PLN-005>Risk Treatment Plan</M> &gt; c</p>"},
		{"see http://example.com/ Risk Treatment Plan", "</a> <M:SMS-PLN-005>Risk Treatment Plan</M></p>"},
		{"Risk&nbsp;Treatment Plan", "<p>Risk\u00a0Treatment Plan</p>"},
		{"Term\n: the Risk Treatment Plan", "<dl>\n<dt>Term</dt>\n<dd>the <M:SMS-PLN-005>Risk Treatment Plan</M></dd>\n</dl>"},
		{"Note[^1].\n\n[^1]: the Risk Treatment Plan", "<M:SMS-PLN-005>Risk Treatment Plan</M>"},
		{"the Risk Treatment Plan... and the Service Management Plan's", "<p>the <M:SMS-PLN-005>Risk Treatment Plan</M>&hellip; and the <M:SMS-PLN-002>Service Management Plan</M>&rsquo;s</p>"},
	} {
		src := doc{path: "plans/source.md", id: "SMS-PLN-001", title: "Source Document", body: tc.body + "\n"}
		b := build(t, nil, nil, src, plan, review, rtp)
		if got := mentionView(b.html["SMS-PLN-001"]); !strings.Contains(got, tc.want) {
			t.Errorf("%q:\n got: %s\nwant: %s", tc.body, got, tc.want)
		}
	}
}
