package build_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"handbook/internal/build"
	"handbook/internal/sitetest"
)

// lineEndFiles are documents written with "\n"; each want is the exact
// diagnostic ("path:line: message" prefix) the file must produce whatever
// its line breaks: the line is the file's own, as an editor shows it.
var lineEndFiles = []struct {
	path, src string
	want      []string
}{
	{"content/yaml.md", "---\nid: SMS-PROC-001\ntitle: YAML document\ntype: procedure\nversion: \"1.0\"\nstatus: draft\nowner: Owner\nreveiw: 2026-01-01\n---\n## Target\n",
		[]string{`content/yaml.md:8: unknown field "reveiw"`}},
	{"content/yaml-syntax.md", "---\nid: SMS-PROC-010\ntitle: [unclosed\nowner: Owner\n---\nBody\n",
		[]string{"content/yaml-syntax.md:3: invalid YAML front matter"}},
	{"content/yaml-quoted.md", "---\nid: \"SMS-PROC-011\nowner: O\n---\nBody\n",
		[]string{"content/yaml-quoted.md:4: invalid YAML front matter"}},
	{"content/toml.md", "+++\nid = \"SMS-PROC-003\"\ntitle = \"TOML document\"\ntype = \"procedure\"\nversion = \"1.0\"\nstatus = \"draft\"\nowner = \"Owner\"\nreveiw = 2026-01-01\n+++\nBody\n",
		[]string{`content/toml.md:8: unknown field "reveiw"`}},
	{"content/toml-syntax.md", "+++\nid = \"SMS-PROC-012\"\n\ntitle = = 1\n+++\nBody\n",
		[]string{"content/toml-syntax.md:4: invalid TOML front matter"}},
	{"content/json.md", "{\n\"id\": \"SMS-PROC-004\",\n\"title\": \"JSON document\",\n\"type\": \"procedure\",\n\"version\": \"1.0\",\n\"status\": \"draft\",\n\"owner\": \"Owner\",\n\"reveiw\": \"2026-01-01\"\n}\n\nBody\n",
		[]string{`content/json.md:8: unknown field "reveiw"`}},
	{"content/json-syntax.md", "{\n\"id\": \"SMS-PROC-013\",\n\n\"title\" \"x\"\n}\n\nBody\n",
		[]string{"content/json-syntax.md:4: invalid JSON front matter"}},
	{"content/body.md", "---\nid: SMS-PROC-002\ntitle: Body document\ntype: procedure\nversion: \"1.0\"\nstatus: draft\nowner: Owner\n---\n## One\n\nA [broken link](SMS-PROC-999).\n\n```\ncode\n```\n\nAn [anchor](SMS-PROC-001#nowhere).\n\nThe [Insert Company Name] here.\n",
		[]string{"content/body.md:11: ", "content/body.md:17: ", "content/body.md:19: "}},
}

// TestLineEnds checks that "\n", "\r\n" and lone "\r" files give the same
// diagnostics at the same lines, for each front-matter format and for
// errors found in the Markdown body (links, anchors, placeholders).
func TestLineEnds(t *testing.T) {
	t.Parallel()
	for _, nl := range []string{"\n", "\r\n", "\r"} {
		t.Run(strings.NewReplacer("\n", "LF", "\r", "CR").Replace(nl), func(t *testing.T) {
			files := map[string]string{}
			for _, f := range lineEndFiles {
				files[f.path] = strings.ReplaceAll(f.src, "\n", nl)
			}
			dir := sitetest.New(t, files)
			res, _, err := build.Check(context.Background(), build.Options{Site: dir, Today: time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)})
			if err != nil && res == nil {
				t.Fatal(err)
			}
			var got []string
			for _, d := range res.Diags.All() {
				got = append(got, d.Error())
			}
			for _, f := range lineEndFiles {
				for _, w := range f.want {
					if !slices.ContainsFunc(got, func(g string) bool { return strings.HasPrefix(g, w) }) {
						t.Errorf("no diagnostic %q in:\n%s", w, strings.Join(got, "\n"))
					}
				}
			}
		})
	}
}
