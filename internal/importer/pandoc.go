package importer

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os/exec"
	"strings"
	"time"
)

// ErrNoPandoc means the pandoc command is not installed.
var ErrNoPandoc = errors.New("pandoc is not installed: .docx files are read through pandoc (on Debian and Ubuntu: apt-get install pandoc; elsewhere see https://pandoc.org/installing.html)")

// pandocTimeout bounds one pandoc run, so that a document pandoc cannot
// finish never hangs the import.
const pandocTimeout = 2 * time.Minute

// pandocDoc is pandoc's JSON document: the AST handled generically, each
// element {"t": tag, "c": content}, so that it survives pandoc versions.
type pandocDoc struct {
	APIVersion any            `json:"pandoc-api-version"`
	Meta       map[string]any `json:"meta"`
	Blocks     []any          `json:"blocks"`
}

// runPandoc runs pandoc with args and stdin, returning its standard output.
func runPandoc(ctx context.Context, command string, stdin []byte, args ...string) ([]byte, error) {
	if command == "" {
		command = "pandoc"
	}
	if _, err := exec.LookPath(command); err != nil {
		return nil, ErrNoPandoc
	}
	ctx, cancel := context.WithTimeout(ctx, pandocTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, command, args...)
	cmd.Stdin = bytes.NewReader(stdin)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			msg = err.Error()
		}
		return nil, fmt.Errorf("pandoc: %s", firstLine(msg))
	}
	return stdout.Bytes(), nil
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

// tag is an element's type ("Para", "Header", "Str"), or "".
func tag(v any) string {
	if m, ok := v.(map[string]any); ok {
		t, _ := m["t"].(string)
		return t
	}
	return ""
}

// content is an element's "c".
func content(v any) any {
	if m, ok := v.(map[string]any); ok {
		return m["c"]
	}
	return nil
}

// items is v as a list, or nil.
func items(v any) []any {
	l, _ := v.([]any)
	return l
}

// stringify is the plain text of an element or a list of them: words,
// spaces and code, without footnotes.
func stringify(v any) string {
	var b strings.Builder
	var walk func(any)
	walk = func(v any) {
		switch x := v.(type) {
		case []any:
			for _, e := range x {
				walk(e)
			}
		case map[string]any:
			switch tag(x) {
			case "Str":
				s, _ := x["c"].(string)
				b.WriteString(s)
			case "Space", "SoftBreak", "LineBreak":
				b.WriteByte(' ')
			case "Code", "Math", "RawInline":
				if c := items(x["c"]); len(c) == 2 {
					s, _ := c[1].(string)
					b.WriteString(s)
				}
			case "Note":
			case "Para", "Plain", "Header":
				walk(x["c"])
				b.WriteByte(' ')
			default:
				walk(x["c"])
			}
		}
	}
	walk(v)
	return strings.Join(strings.Fields(b.String()), " ")
}

// header is a Header element's level and text.
func header(v any) (level int, text string, ok bool) {
	if tag(v) != "Header" {
		return 0, "", false
	}
	c := items(content(v))
	if len(c) != 3 {
		return 0, "", false
	}
	lv, _ := c[0].(float64)
	return int(lv), stringify(c[2]), true
}

// tableRows is the text of each cell of a Table element, row by row: the
// head's rows, then each body's, then the foot's.
func tableRows(v any) [][]string {
	c := items(content(v))
	if len(c) != 6 {
		return nil
	}
	var rows [][]string
	addRows := func(list any) {
		for _, r := range items(list) {
			rc := items(r)
			if len(rc) != 2 {
				continue
			}
			var cells []string
			for _, cell := range items(rc[1]) {
				cc := items(cell)
				if len(cc) != 5 {
					continue
				}
				cells = append(cells, stringify(cc[4]))
			}
			rows = append(rows, cells)
		}
	}
	if head := items(c[3]); len(head) == 2 {
		addRows(head[1])
	}
	for _, body := range items(c[4]) {
		if bc := items(body); len(bc) == 4 {
			addRows(bc[2])
			addRows(bc[3])
		}
	}
	if foot := items(c[5]); len(foot) == 2 {
		addRows(foot[1])
	}
	return rows
}

// walkElements calls fn for every element under v, depth first.
func walkElements(v any, fn func(map[string]any)) {
	switch x := v.(type) {
	case []any:
		for _, e := range x {
			walkElements(e, fn)
		}
	case map[string]any:
		if tag(x) != "" {
			fn(x)
		}
		walkElements(x["c"], fn)
	}
}

// walkTag calls fn for every element under v with tag t whose content is
// a list of n items (the shape the pandoc AST gives that element).
func walkTag(v any, t string, n int, fn func(e map[string]any, c []any)) {
	walkElements(v, func(e map[string]any) {
		if c := items(e["c"]); tag(e) == t && len(c) == n {
			fn(e, c)
		}
	})
}

// emptyAttr is an element's attributes with no id, class or key.
func emptyAttr() []any { return []any{"", []any{}, []any{}} }

// encodeBlocks is a pandoc JSON document of blocks, for pandoc to write.
func encodeBlocks(doc *pandocDoc, blocks []any) ([]byte, error) {
	return json.Marshal(pandocDoc{APIVersion: doc.APIVersion, Meta: map[string]any{}, Blocks: blocks})
}
