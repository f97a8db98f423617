package load

import (
	"bytes"
)

// MaxNesting is the most block quotes and list items a line may open at
// its start, and MaxIndent the most columns it may be indented: goldmark's
// time per line grows with the square of the line's nesting (1,000 nested
// list levels take 12 s, 4,000 take 6 minutes), and no handbook nests
// that deep. Deeper lines are flattened to the limit, with a warning.
const (
	MaxNesting = 32
	MaxIndent  = 100
)

// capNesting returns body with the container prefix of each line (its
// indentation, > markers and list markers) cut to MaxIndent columns and
// MaxNesting markers, and the 0-based index of the first line it cut (-1
// when none). Lines inside fenced code blocks are left alone; the number
// of lines never changes, so positions stay right. body is copied only
// when a line is cut.
func capNesting(body []byte) ([]byte, int) {
	var out []byte // nil until a line is cut
	first := -1
	var fence byte // the fence character of the open code block, if any
	start := 0
	for n := 0; start < len(body); n++ {
		end := bytes.IndexByte(body[start:], '\n')
		if end < 0 {
			end = len(body)
		} else {
			end += start + 1
		}
		line := body[start:end]
		p := scanPrefix(line)
		if fence == 0 && p.over {
			if out == nil {
				out = append(make([]byte, 0, len(body)), body[:start]...)
			}
			out = append(out, flatten(line)...)
			first = cmpFirst(first, n)
		} else if out != nil {
			out = append(out, line...)
		}
		fence = nextFence(fence, line[p.end:])
		start = end
	}
	if out == nil {
		return body, -1
	}
	return out, first
}

func cmpFirst(first, n int) int {
	if first < 0 {
		return n
	}
	return first
}

// prefix is what scanPrefix found at the start of a line.
type prefix struct {
	end  int  // where the prefix ends: the line's content starts
	over bool // the prefix passes MaxIndent or MaxNesting
}

// token is one piece of a container prefix: whitespace, a > marker or a
// list marker; its length in bytes, 0 at the end of the prefix.
func token(line []byte, i int) (n int, marker bool) {
	c := line[i]
	switch {
	case c == ' ' || c == '\t':
		return 1, false
	case c == '>':
		return 1, true
	case c == '-' || c == '*' || c == '+':
		if i+1 < len(line) && (line[i+1] == ' ' || line[i+1] == '\t') {
			return 1, true
		}
	case c >= '0' && c <= '9':
		j := i
		for j < len(line) && j-i < 9 && line[j] >= '0' && line[j] <= '9' {
			j++
		}
		if j+1 < len(line) && (line[j] == '.' || line[j] == ')') && (line[j+1] == ' ' || line[j+1] == '\t') {
			return j + 1 - i, true
		}
	}
	return 0, false
}

// scanPrefix measures the container prefix of a line, stopping early
// once it is over the limits.
func scanPrefix(line []byte) prefix {
	col, markers, i := 0, 0, 0
	for i < len(line) {
		n, marker := token(line, i)
		if n == 0 {
			break
		}
		if marker {
			markers++
		} else {
			col += width(line[i], col)
		}
		i += n
		if markers > MaxNesting || col > MaxIndent {
			return prefix{end: i, over: true}
		}
	}
	return prefix{end: i}
}

// width is the columns whitespace c takes at column col (a tab reaches the
// next multiple of 4).
func width(c byte, col int) int {
	if c == '\t' {
		return 4 - col%4
	}
	return 1
}

// flatten rewrites a line whose prefix is over the limits: whitespace past
// MaxIndent columns and markers past MaxNesting are dropped (a marker with
// the whitespace after it), the content kept.
func flatten(line []byte) []byte {
	out := make([]byte, 0, len(line))
	col, markers, i := 0, 0, 0
	dropping := false
	for i < len(line) {
		n, marker := token(line, i)
		if n == 0 {
			break
		}
		switch {
		case marker && markers < MaxNesting:
			out = append(out, line[i:i+n]...)
			markers++
			dropping = false
		case marker:
			dropping = true
		case !dropping && col < MaxIndent:
			out = append(out, line[i])
			col += width(line[i], col)
		}
		i += n
	}
	if len(out) > 0 && out[len(out)-1] != ' ' && out[len(out)-1] != '\t' && i < len(line) && line[i] != '\n' {
		out = append(out, ' ')
	}
	return append(out, line[i:]...)
}

// nextFence follows fenced code blocks: given the fence open before a
// line (0 for none) and the line's content after its container prefix, it
// returns the fence open after the line.
func nextFence(open byte, content []byte) byte {
	content = bytes.TrimLeft(content, " \t")
	for _, f := range []byte{'`', '~'} {
		if bytes.HasPrefix(content, []byte{f, f, f}) {
			switch open {
			case 0:
				return f
			case f:
				return 0
			}
		}
	}
	return open
}
