package serve

import (
	"html/template"
	"strings"

	"handbook/internal/acks"
)

// formView is a document page's acknowledgement slot.
type formView struct {
	Doc   docInfo
	Token string
	Done  *acks.Ack // the reader's acknowledgement of this version, if any
}

// readerHTML renders the reader's slots. Everything goes through
// html/template: reader names and document titles are text.
var readerHTML = template.Must(template.New("").Funcs(template.FuncMap{
	"date":  func(a acks.Ack) string { return a.At.Format("2006-01-02 15:04 UTC") },
	"lower": strings.ToLower,
}).Parse(`
{{define "form"}}<section class="ack" aria-labelledby="ack-title">
<h2 id="ack-title">Acknowledgement</h2>
{{if .Done}}<p class="ack-done">You acknowledged version {{.Done.Version}} of this document on {{date .Done}}.</p>
{{else}}<form class="ack-form" method="post" action="/api/ack">
<p>Please read this document, then confirm that you have read and understood version {{.Doc.Version}}.</p>
<input type="hidden" name="doc" value="{{.Doc.ID}}"><input type="hidden" name="version" value="{{.Doc.Version}}"><input type="hidden" name="token" value="{{.Token}}">
<button type="submit" class="button">I have read and understood version {{.Doc.Version}}</button>
</form>{{end}}
</section>{{end}}
{{define "mine"}}{{if .}}<section class="my-acks" aria-labelledby="my-acks-title">
<h2 id="my-acks-title">Your outstanding acknowledgements ({{len .}})</h2>
<ul>{{range .}}<li><a href="/docs/{{lower .ID}}/?ack"><span class="doc-id">{{.ID}}</span> {{.Title}}</a>, version {{.Version}}</li>{{end}}</ul>
</section>{{end}}{{end}}
{{define "report"}}<p>Download: <a href="/acknowledgements.csv">CSV</a> · <a href="/acknowledgements.json">JSON</a>.
{{if .Roster}}Readers expected: the roster (<code>content/_data/readers.csv</code>).{{else}}No roster (<code>content/_data/readers.csv</code>): readers expected are those seen so far.{{end}}</p>
{{range .Docs}}<section class="ack-doc" aria-labelledby="ack-{{lower .Doc.ID}}">
<h2 id="ack-{{lower .Doc.ID}}"><a href="{{.Doc.URL}}"><span class="doc-id">{{.Doc.ID}}</span> {{.Doc.Title}}</a>, version {{.Doc.Version}}</h2>
<p>{{len .Done}} acknowledged, {{len .Pending}} not yet.</p>
{{if .Done}}<div class="table-scroll" tabindex="0" role="region" aria-label="Acknowledgements of {{.Doc.ID}}"><table>
<thead><tr><th scope="col">Reader</th><th scope="col">Email</th><th scope="col">Version</th><th scope="col">When</th></tr></thead>
<tbody>{{range .Done}}<tr><td>{{.Reader}}</td><td>{{.Email}}</td><td>{{.Version}}</td><td><time datetime="{{.At.Format "2006-01-02T15:04:05Z07:00"}}">{{date .}}</time></td></tr>{{end}}</tbody>
</table></div>{{end}}
{{if .Pending}}<p class="ack-pending"><strong>Not yet acknowledged:</strong> {{range $i, $r := .Pending}}{{if $i}}, {{end}}{{$r}}{{end}}</p>{{end}}
</section>{{end}}{{end}}`))

// render executes one of readerHTML's templates; they cannot fail on
// these types, so an error is a programming error shown as such.
func render(name string, data any) string {
	var b strings.Builder
	if err := readerHTML.ExecuteTemplate(&b, name, data); err != nil {
		return "<p>template error: " + template.HTMLEscapeString(err.Error()) + "</p>"
	}
	return b.String()
}
