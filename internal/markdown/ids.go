package markdown

import (
	"strconv"
	"strings"
	"unicode"

	"github.com/yuin/goldmark/ast"
)

// Slug makes a heading anchor the way GitHub (and goldmark's auto ids) do:
// lower case, letters, digits, '-' and '_' kept, spaces to hyphens, other
// punctuation dropped. "3. Roles and Responsibilities" -> "3-roles-and-responsibilities".
func Slug(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(strings.TrimSpace(s)) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_':
			b.WriteRune(r)
		case unicode.IsSpace(r):
			b.WriteByte('-')
		}
	}
	return b.String()
}

// ids gives each heading of one page a unique id. It implements parser.IDs.
type ids struct{ used map[string]bool }

func newIDs() *ids { return &ids{used: map[string]bool{}} }

func (s *ids) Generate(value []byte, _ ast.NodeKind) []byte {
	base := Slug(stripInline(string(value)))
	if base == "" {
		base = "section"
	}
	id := base
	for i := 1; s.used[id]; i++ {
		id = base + "-" + strconv.Itoa(i)
	}
	s.used[id] = true
	return []byte(id)
}

func (s *ids) Put(value []byte) { s.used[string(value)] = true }

// stripInline removes the Markdown of a heading's source text that GitHub
// leaves out of ids: link destinations and emphasis markers.
func stripInline(s string) string {
	for {
		i := strings.Index(s, "](")
		if i < 0 {
			break
		}
		j := strings.IndexByte(s[i:], ')')
		if j < 0 {
			break
		}
		s = s[:i] + s[i+j+1:]
	}
	return strings.NewReplacer("[", "", "*", "", "`", "").Replace(s)
}
