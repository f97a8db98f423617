package control

import (
	"iter"
	"strings"
)

// prose yields the lines of a Markdown body that are not inside fenced
// code blocks (nor the fences themselves), with their 0-based index.
func prose(lines []string) iter.Seq2[int, string] {
	return func(yield func(int, string) bool) {
		fence := ""
		for i, line := range lines {
			if f := fenceOf(line); f != "" && (fence == "" || f == fence) {
				if fence == "" {
					fence = f
				} else {
					fence = ""
				}
				continue
			}
			if fence == "" && !yield(i, line) {
				return
			}
		}
	}
}

// fenceOf returns the fence a line opens or closes (``` or ~~~), or "".
func fenceOf(line string) string {
	t := strings.TrimLeft(line, " ")
	for _, f := range []string{"```", "~~~"} {
		if strings.HasPrefix(t, f) && len(line)-len(t) < 4 {
			return f
		}
	}
	return ""
}
