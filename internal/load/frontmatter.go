package load

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/adrg/frontmatter"
	"gopkg.in/yaml.v3"

	"handbook/internal/config"
)

// node is a decoded front-matter value with the file line it starts on.
// Scalars keep their source text ("2.10" stays "2.10"), so decoding is the
// same whichever of YAML, TOML or JSON the author wrote.
type node struct {
	line   int
	scalar string
	isList bool
	list   []node
	isMap  bool
	fields []field // in source order
}

// field is a key of a mapping and its value. A mapping's fields are a
// slice, not a map: front matter has a few keys, read in order, and
// 10,000 documents' maps were 8% of a build's allocated bytes.
type field struct {
	key string
	val node
}

// raw is what the frontmatter formats capture: which format matched and
// the bytes between (or, for JSON, including) the delimiters.
type raw struct {
	format string
	data   []byte
}

// formats are strict versions of frontmatter's defaults: each only captures
// the bytes, and decoding happens in decode with line numbers kept.
var formats = []*frontmatter.Format{
	capture("yaml", "---", "---", false),
	capture("toml", "+++", "+++", false),
	{Start: "{", End: "}", UnmarshalDelims: true, RequiresNewLine: true, Unmarshal: captureFunc("json")},
}

func capture(name, start, end string, delims bool) *frontmatter.Format {
	return &frontmatter.Format{Start: start, End: end, UnmarshalDelims: delims, Unmarshal: captureFunc(name)}
}

func captureFunc(name string) frontmatter.UnmarshalFunc {
	return func(data []byte, v any) error {
		r := v.(*raw)
		r.format, r.data = name, bytes.Clone(data)
		return nil
	}
}

// posError is a decoding error at a line relative to the front matter's
// first line (1-based); 0 means unknown.
type posError struct {
	line int
	msg  string
}

func (e *posError) Error() string { return e.msg }

// decode parses captured front matter into a map node. Line numbers in the
// result and in errors are relative to the captured data (1 = first line).
func decode(r raw) (node, error) {
	switch r.format {
	case "yaml":
		return decodeYAML(r.data)
	case "toml":
		return decodeTOML(r.data)
	default:
		return decodeJSON(r.data)
	}
}

func decodeYAML(data []byte) (node, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		line, msg := config.YAMLError(err, data)
		return node{}, &posError{line, "invalid YAML front matter: " + msg}
	}
	if len(doc.Content) == 0 {
		return node{isMap: true}, nil
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return node{}, &posError{root.Line, "front matter must be a mapping of fields"}
	}
	return fromYAML(root)
}

// Bounds on the YAML tree: aliases can make a few bytes a recursive or
// exponentially large value, which must be an error, not a crash (a
// recursive alias overflowed the stack) or an exhausted memory.
const (
	maxYAMLDepth = 64
	maxYAMLNodes = 100_000
)

// yamlTree converts yaml.v3 nodes, counting what aliases expand to.
type yamlTree struct{ nodes int }

func fromYAML(n *yaml.Node) (node, error) {
	var t yamlTree
	return t.convert(n, 0)
}

func (t *yamlTree) convert(n *yaml.Node, depth int) (node, error) {
	t.nodes++
	if depth > maxYAMLDepth || t.nodes > maxYAMLNodes {
		return node{}, &posError{n.Line, "front matter nests too deeply or an alias (*name) expands too far"}
	}
	switch n.Kind {
	case yaml.ScalarNode:
		return node{line: n.Line, scalar: n.Value}, nil
	case yaml.SequenceNode:
		out := node{line: n.Line, isList: true}
		for _, c := range n.Content {
			v, err := t.convert(c, depth+1)
			if err != nil {
				return node{}, err
			}
			out.list = append(out.list, v)
		}
		return out, nil
	case yaml.MappingNode:
		out := node{line: n.Line, isMap: true, fields: make([]field, 0, len(n.Content)/2)}
		var seen keySet
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if seen.dup(out.fields, k.Value) {
				return node{}, &posError{k.Line, fmt.Sprintf("field %q is given twice", k.Value)}
			}
			val, err := t.convert(v, depth+1)
			if err != nil {
				return node{}, err
			}
			val.line = k.Line
			out.fields = append(out.fields, field{k.Value, val})
		}
		return out, nil
	case yaml.AliasNode:
		return t.convert(n.Alias, depth+1)
	}
	return node{}, &posError{n.Line, "unsupported YAML value"}
}

var tomlLineRE = regexp.MustCompile(`line (\d+)`)

func decodeTOML(data []byte) (node, error) {
	var m map[string]any
	if _, err := toml.Decode(string(data), &m); err != nil {
		var pe toml.ParseError
		line := 0
		msg := err.Error()
		if errors.As(err, &pe) {
			line, msg = pe.Position.Line, pe.Message
		} else if sm := tomlLineRE.FindStringSubmatch(msg); sm != nil {
			line, _ = strconv.Atoi(sm[1])
		}
		return node{}, &posError{line, "invalid TOML front matter: " + msg}
	}
	// A top-level key is written "key = value" before any table, or as the
	// header of a table ("[key]") or of an array of tables ("[[key]]").
	return fromValue(m, keyLines(data, `^\s*(?:"?%[1]s"?\s*=|\[\[?\s*"?%[1]s"?\s*\])`), 1), nil
}

func decodeJSON(data []byte) (node, error) {
	var m map[string]any
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&m); err != nil {
		line := 0
		var se *json.SyntaxError
		if errors.As(err, &se) {
			line = 1 + bytes.Count(data[:min(int(se.Offset), len(data))], []byte("\n"))
		}
		return node{}, &posError{line, "invalid JSON front matter: " + err.Error()}
	}
	lines := jsonKeyLines(data)
	return fromValue(m, func(k string) int { return lines[k] }, 1), nil
}

// jsonKeyLines maps each key of the top-level object to the line it is
// written on, following the token stream so that a nested key of the same
// name (a history entry's "version") is not mistaken for it.
func jsonKeyLines(data []byte) map[string]int {
	type frame struct{ object, wantKey bool }
	lines := map[string]int{}
	dec := json.NewDecoder(bytes.NewReader(data))
	var stack []frame
	for {
		tok, err := dec.Token()
		if err != nil {
			return lines
		}
		n := len(stack)
		if k, ok := tok.(string); ok && n > 0 && stack[n-1].wantKey {
			if n == 1 {
				// The offset is just past the key, on the key's line.
				lines[k] = 1 + bytes.Count(data[:dec.InputOffset()], []byte("\n"))
			}
			stack[n-1].wantKey = false
			continue
		}
		switch tok {
		case json.Delim('{'):
			stack = append(stack, frame{object: true, wantKey: true})
			continue
		case json.Delim('['):
			stack = append(stack, frame{})
			continue
		case json.Delim('}'), json.Delim(']'):
			stack = stack[:n-1]
		}
		// A value ended: the enclosing object expects a key next.
		if n := len(stack); n > 0 && stack[n-1].object {
			stack[n-1].wantKey = true
		}
	}
}

// keyLines returns a function finding the first line on which a top-level
// key is written, for formats whose decoders do not report positions.
func keyLines(data []byte, pattern string) func(string) int {
	lines := strings.Split(string(data), "\n")
	return func(key string) int {
		re := regexp.MustCompile(fmt.Sprintf(pattern, regexp.QuoteMeta(key)))
		for i, l := range lines {
			if re.MatchString(l) {
				return i + 1
			}
		}
		return 0
	}
}

// fromValue converts a decoded TOML or JSON value into a node. Only the
// top-level keys get their own lines; nested values take their key's line.
func fromValue(v any, lineOf func(string) int, line int) node {
	switch x := v.(type) {
	case map[string]any:
		out := node{line: line, isMap: true, fields: make([]field, 0, len(x))}
		for k, val := range x {
			l := line
			if lineOf != nil {
				l = lineOf(k)
			}
			out.fields = append(out.fields, field{k, fromValue(val, nil, l)})
		}
		sortKeysByLine(&out)
		return out
	case []map[string]any:
		out := node{line: line, isList: true}
		for _, e := range x {
			out.list = append(out.list, fromValue(e, nil, line))
		}
		return out
	case []any:
		out := node{line: line, isList: true}
		for _, e := range x {
			out.list = append(out.list, fromValue(e, nil, line))
		}
		return out
	case time.Time:
		return node{line: line, scalar: x.Format("2006-01-02")}
	case nil:
		return node{line: line}
	default:
		return node{line: line, scalar: fmt.Sprint(x)}
	}
}

// sortKeysByLine orders a mapping's fields by line, then key: the
// source order, as far as the decoder kept lines.
func sortKeysByLine(n *node) {
	slices.SortFunc(n.fields, func(a, b field) int {
		return cmp.Or(cmp.Compare(a.val.line, b.val.line), strings.Compare(a.key, b.key))
	})
}

// keySet finds a key given twice in a mapping: by a scan of the fields
// before it while they are few, by a map once they are many (a mapping
// of thousands of keys must not take quadratic time).
type keySet struct{ large map[string]bool }

// dup reports whether key is among fields, the mapping's fields so far.
func (s *keySet) dup(fields []field, key string) bool {
	const few = 32
	if len(fields) < few {
		for _, f := range fields {
			if f.key == key {
				return true
			}
		}
		return false
	}
	if s.large == nil {
		s.large = make(map[string]bool, 2*len(fields))
		for _, f := range fields {
			s.large[f.key] = true
		}
	}
	if s.large[key] {
		return true
	}
	s.large[key] = true
	return false
}
