// Package standard ships the list of ISO/IEC 20000-1:2018 clauses 4 to 10
// with their titles, as data embedded in the binary.
package standard

import (
	_ "embed"
	"strings"

	"gopkg.in/yaml.v3"
)

//go:embed clauses.yaml
var clausesYAML []byte

// Clause is one clause or subclause of the standard.
type Clause struct {
	Number string `yaml:"clause"`
	Title  string `yaml:"title"`
	Note   string `yaml:"note"`
}

// Depth is the number of levels in the clause number ("8.6.1" has 3).
func (c Clause) Depth() int { return strings.Count(c.Number, ".") + 1 }

// Parent is the number of the enclosing clause, or "" for a top-level one.
func (c Clause) Parent() string {
	if i := strings.LastIndexByte(c.Number, '.'); i >= 0 {
		return c.Number[:i]
	}
	return ""
}

var clauses, byNumber = mustParse()

func mustParse() ([]Clause, map[string]Clause) {
	var list []Clause
	if err := yaml.Unmarshal(clausesYAML, &list); err != nil {
		panic("standard: embedded clause list is invalid: " + err.Error())
	}
	m := make(map[string]Clause, len(list))
	for _, c := range list {
		m[c.Number] = c
	}
	return list, m
}

// Clauses returns every clause in document order. The slice must not be modified.
func Clauses() []Clause { return clauses }

// Lookup returns the clause with that number.
func Lookup(number string) (Clause, bool) {
	c, ok := byNumber[number]
	return c, ok
}
