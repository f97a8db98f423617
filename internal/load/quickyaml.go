package load

import "strings"

// quickYAML decodes the front matter most documents have, the node
// decodeYAML makes of it, without building yaml.v3's tree: a mapping of
// keys to one-line scalars (plain, or double-quoted without escapes),
// one-line flow sequences of such scalars, or a block sequence (indented
// two spaces) of such scalars or of such mappings. ok is false for
// anything else, even a blank value or a comment: decodeYAML decodes it.
// Only printable ASCII is read, where YAML has no surprises (no other
// line breaks, no folding).
func quickYAML(data []byte) (root node, ok bool) {
	if len(data) > 64<<10 {
		return node{}, false // fewer nodes than maxYAMLNodes, whatever it holds
	}
	q := quickLines{data: string(data)} // one copy: the values are its slices
	root = node{isMap: true, fields: map[string]node{}}
	for q.more() {
		key, rest, line, ok := q.key(0)
		if !ok {
			return node{}, false
		}
		var v node
		if rest == "" {
			if v, ok = q.blockList(line); !ok {
				return node{}, false
			}
		} else if v, ok = flowValue(rest, line); !ok {
			return node{}, false
		}
		if !root.add(key, v, line) {
			return node{}, false
		}
	}
	if len(root.keys) == 0 {
		return node{}, false
	}
	root.line = root.fields[root.keys[0]].line
	return root, true
}

// add sets the field key (written on line) of a map node; false if it is
// there already (decodeYAML says so, at its line).
func (n *node) add(key string, v node, line int) bool {
	if _, dup := n.fields[key]; dup {
		return false
	}
	v.line = line
	n.keys = append(n.keys, key)
	n.fields[key] = v
	return true
}

// quickLines reads the lines of front matter, skipping blank ones.
type quickLines struct {
	data string
	at   int // the next line's offset
	line int // the last line read
}

// more reports whether a non-blank line is left, skipping the blank ones.
func (q *quickLines) more() bool {
	for q.at < len(q.data) {
		l, _ := q.peek()
		if strings.Trim(l, " \n") != "" {
			return true
		}
		q.next()
	}
	return false
}

func (q *quickLines) peek() (string, int) {
	rest := q.data[q.at:]
	if i := strings.IndexByte(rest, '\n'); i >= 0 {
		rest = rest[:i+1]
	}
	return rest, len(rest)
}

func (q *quickLines) next() string {
	l, n := q.peek()
	q.at += n
	q.line++
	return strings.TrimSuffix(l, "\n")
}

// indent is the number of leading spaces of the next line, -1 at the end.
func (q *quickLines) indent() int {
	if !q.more() {
		return -1
	}
	l, _ := q.peek()
	return len(l) - len(strings.TrimLeft(l, " "))
}

// key reads a line "key: rest" indented by ind spaces (or the rest of a
// sequence item's line, when q has read its "- "); rest is "" for "key:".
func (q *quickLines) key(ind int) (key, rest string, line int, ok bool) {
	if q.indent() != ind {
		return "", "", 0, false
	}
	l := q.next()[ind:]
	key, rest, _ = strings.Cut(l, ":")
	if !isKey(key) || (rest != "" && rest[0] != ' ') {
		return "", "", 0, false
	}
	return key, strings.Trim(rest, " "), q.line, true
}

func isKey(s string) bool {
	for i := range len(s) {
		c := s[i]
		if !(isAlnum(c) || c == '_' || i > 0 && c == '-') {
			return false
		}
	}
	return s != ""
}

func isAlnum(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// blockList reads the sequence below the key on line: items "  - value"
// or "  - key: value" followed by "    key: value" lines.
func (q *quickLines) blockList(line int) (node, bool) {
	out := node{line: line, isList: true}
	for q.indent() == 2 {
		l := q.next()
		if !strings.HasPrefix(l, "  - ") {
			return node{}, false
		}
		item := strings.Trim(l[4:], " ")
		if !strings.Contains(item, ":") || item[0] == '"' {
			v, ok := scalar(item, q.line, true)
			if !ok {
				return node{}, false
			}
			out.list = append(out.list, v)
			continue
		}
		m, ok := q.mapItem(item)
		if !ok {
			return node{}, false
		}
		out.list = append(out.list, m)
	}
	return out, len(out.list) > 0
}

// mapItem reads a sequence item that is a mapping: first, the rest of the
// item's line, then the lines "    key: value" below it.
func (q *quickLines) mapItem(first string) (node, bool) {
	item := node{line: q.line, isMap: true, fields: map[string]node{}}
	key, rest, _ := strings.Cut(first, ":")
	line := q.line
	for {
		if !isKey(key) || rest == "" || rest[0] != ' ' {
			return node{}, false
		}
		v, ok := flowValue(strings.Trim(rest, " "), line)
		if !ok || !item.add(key, v, line) {
			return node{}, false
		}
		if q.indent() != 4 {
			return item, true
		}
		key, rest, _ = strings.Cut(q.next()[4:], ":")
		line = q.line
	}
}

// flowValue is the one-line value s on line: a scalar, or a flow sequence
// of scalars ("[a, "b c"]").
func flowValue(s string, line int) (node, bool) {
	if !strings.HasPrefix(s, "[") {
		return scalar(s, line, true)
	}
	inner, ok := strings.CutSuffix(s[1:], "]")
	out := node{line: line, isList: true}
	if !ok || strings.Trim(inner, " ") == "" {
		return out, ok
	}
	for _, item := range strings.Split(inner, ",") {
		v, ok := scalar(strings.Trim(item, " "), line, false)
		if !ok {
			return node{}, false
		}
		out.list = append(out.list, v)
	}
	return out, true
}

// scalar is the scalar s on line: double-quoted without escapes or
// quotes inside, or plain of letters, digits, spaces and ._-/+() (and
// commas, where block says it is not inside a flow sequence), starting
// with a letter or digit.
func scalar(s string, line int, block bool) (node, bool) {
	if inner, ok := strings.CutPrefix(s, `"`); ok {
		inner, ok = strings.CutSuffix(inner, `"`)
		for i := range len(inner) {
			if c := inner[i]; c < 0x20 || c > 0x7e || c == '"' || c == '\\' {
				return node{}, false
			}
		}
		return node{line: line, scalar: inner}, ok
	}
	if s == "" || !isAlnum(s[0]) {
		return node{}, false
	}
	for i := range len(s) {
		if c := s[i]; !isAlnum(c) && !strings.ContainsRune(" ._-/+()", rune(c)) && !(block && c == ',') {
			return node{}, false
		}
	}
	return node{line: line, scalar: s}, true
}
