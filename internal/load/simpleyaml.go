package load

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// decodeSimpleYAML decodes the front matter most documents have, in a
// small part of YAML, several times faster than yaml.v3 (whose parse was a
// tenth of a 10,000-document build): top-level "key: value" lines, where
// a value is a plain scalar that starts with a letter or digit and holds
// no ':' or '#', a double-quoted string without escapes, or a flow list
// ([a, "b"]) of those; or "key:" followed by an indented block list whose
// items are such scalars or mappings of them ("- version: ..." then
// "  date: ..." lines). ok is false for anything else, which decodeYAML
// leaves to yaml.v3; where ok, the result is what yaml.v3 gives
// (TestSimpleYAMLAgainstYAML).
func decodeSimpleYAML(data []byte) (n node, ok bool) {
	if len(data) == 0 || data[len(data)-1] != '\n' || !utf8.Valid(data) {
		return node{}, false
	}
	lines := strings.Split(string(data[:len(data)-1]), "\n")
	root := node{line: 1, isMap: true, fields: map[string]node{}}
	for i := 0; i < len(lines); {
		if blank(lines[i]) {
			i++
			continue
		}
		key, rest, ok := keyValue(lines[i])
		if _, dup := root.fields[key]; !ok || dup {
			return node{}, false
		}
		keyLine := i + 1
		var v node
		if rest == "" {
			v, i, ok = blockList(lines, i+1)
		} else {
			v, ok = value(rest, keyLine, false)
			i++
		}
		if !ok {
			return node{}, false
		}
		v.line = keyLine // a field's line is its key's, as fromYAML sets it
		if len(root.keys) == 0 {
			root.line = keyLine // a mapping's line is its first key's
		}
		root.keys = append(root.keys, key)
		root.fields[key] = v
	}
	return root, len(root.keys) > 0
}

// keyValue splits "key: value" (or "key:") at the start of a line.
func keyValue(line string) (key, rest string, ok bool) {
	k, rest, found := strings.Cut(line, ":")
	if !found || !isKey(k) {
		return "", "", false
	}
	if rest == "" {
		return k, "", true
	}
	if rest[0] != ' ' || blank(rest) {
		return "", "", false
	}
	return k, strings.TrimLeft(rest, " "), true
}

func isKey(k string) bool {
	if k == "" || !('a' <= k[0] && k[0] <= 'z' || 'A' <= k[0] && k[0] <= 'Z' || k[0] == '_') {
		return false
	}
	for i := range len(k) {
		c := k[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// blockList decodes the indented "- item" lines from lines[i]; next is the
// first line after them.
func blockList(lines []string, i int) (list node, next int, ok bool) {
	list = node{line: i + 1, isList: true}
	indent := -1
	for ; i < len(lines); i++ {
		line := lines[i]
		if blank(line) {
			continue
		}
		ind := len(line) - len(strings.TrimLeft(line, " "))
		if ind == 0 {
			break // the next field
		}
		if indent < 0 {
			indent = ind
		}
		item, ok := strings.CutPrefix(line[ind:], "- ")
		if ind != indent || !ok || blank(item) {
			return node{}, 0, false
		}
		var v node
		if k, rest, isMap := keyValue(item); isMap && rest != "" {
			v, i, ok = blockMap(lines, i, indent+2, k, rest)
		} else {
			v, ok = value(item, i+1, false)
		}
		if !ok {
			return node{}, 0, false
		}
		list.list = append(list.list, v)
	}
	if len(list.list) == 0 {
		return node{}, 0, false
	}
	return list, i, true
}

// blockMap decodes a list item's mapping: "- k: rest" on lines[i], then
// "k: v" lines indented by indent; last is its last line.
func blockMap(lines []string, i, indent int, k, rest string) (m node, last int, ok bool) {
	m = node{line: i + 1, isMap: true, fields: map[string]node{}}
	for {
		v, ok := value(rest, i+1, false)
		if _, dup := m.fields[k]; !ok || dup {
			return node{}, 0, false
		}
		m.keys = append(m.keys, k)
		m.fields[k] = v
		if i+1 == len(lines) {
			return m, i, true
		}
		line := lines[i+1]
		ind := len(line) - len(strings.TrimLeft(line, " "))
		if blank(line) || ind < indent {
			return m, i, true // the next item, or the next field
		}
		if k, rest, ok = keyValue(line[ind:]); ind != indent || !ok || rest == "" {
			return node{}, 0, false
		}
		i++
	}
}

// value decodes a scalar or a flow list written on one line (line).
func value(s string, line int, inFlow bool) (node, bool) {
	s = strings.TrimRight(s, " ")
	if !inFlow && strings.HasPrefix(s, "[") && strings.HasSuffix(s, "]") {
		list := node{line: line, isList: true}
		inner := strings.TrimSpace(s[1 : len(s)-1])
		if inner == "" {
			return list, true
		}
		for item := range strings.SplitSeq(inner, ",") {
			v, ok := value(strings.TrimLeft(item, " "), line, true)
			if !ok {
				return node{}, false
			}
			list.list = append(list.list, v)
		}
		return list, true
	}
	if q, ok := strings.CutPrefix(s, `"`); ok {
		q, ok = strings.CutSuffix(q, `"`)
		if !ok || strings.ContainsAny(q, `"\`) || !printable(q) {
			return node{}, false
		}
		return node{line: line, scalar: q}, true
	}
	r, _ := utf8.DecodeRuneInString(s)
	stop := ":#"
	if inFlow {
		stop = ":#,[]{}"
	}
	if !(unicode.IsLetter(r) || unicode.IsDigit(r)) || strings.ContainsAny(s, stop) || !printable(s) {
		return node{}, false
	}
	return node{line: line, scalar: s}, true
}

// printable reports whether s holds no tab or other control character,
// which YAML treats apart (or rejects).
func printable(s string) bool {
	for _, r := range s {
		if r < ' ' || r == 0x7f || (r >= 0x80 && !unicode.IsPrint(r) && r != 0xa0) {
			return false
		}
	}
	return true
}

func blank(s string) bool { return strings.TrimLeft(s, " ") == "" }
