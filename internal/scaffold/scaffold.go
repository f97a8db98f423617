// Package scaffold creates new documents with the next free number of
// their type and complete front matter.
package scaffold

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"handbook/internal/config"
	"handbook/internal/load"
	"handbook/internal/site"
	"handbook/internal/suggest"
)

// UsageError is a mistake in what was asked (unknown type, a title that
// makes no file name, a document that already exists).
type UsageError struct{ msg string }

func (e *UsageError) Error() string { return e.msg }

func usageErrorf(format string, args ...any) error {
	return &UsageError{fmt.Sprintf(format, args...)}
}

// New writes a draft document of type typ in siteDir and returns its path
// and id. The id is the next free number of the type's format in
// handbook.yaml's numbering; the file goes to the folder that already holds
// documents of that type, else to content/<types>/.
func New(siteDir, typ, title, owner string, today time.Time) (path, id string, err error) {
	cfg, err := config.Load(siteDir)
	if err != nil {
		return "", "", err
	}
	if !slices.Contains(cfg.Types, typ) {
		return "", "", usageErrorf("unknown type %q%s (known: %s)", typ, suggest.Hint(typ, cfg.Types), strings.Join(cfg.Types, ", "))
	}
	format, ok := cfg.Numbering[typ]
	if !ok {
		return "", "", usageErrorf("handbook.yaml gives no numbering format for type %q (add numbering: {%s: \"SMS-XXX-{nnn}\"})", typ, typ)
	}
	slug := Slug(title)
	if slug == "" {
		return "", "", usageErrorf("the title %q has no letters or digits to name the file after", title)
	}
	s, _, err := load.WithConfig(siteDir, cfg)
	if err != nil {
		return "", "", err
	}
	var ids []string
	for _, d := range s.Docs {
		ids = append(ids, d.Meta.ID)
	}
	id = NextID(format, ids)
	if !cfg.ValidID(id) {
		return "", "", usageErrorf("the numbering format %q of type %q gives %s, which does not match id_pattern %s", format, typ, id, cfg.IDPattern)
	}
	path = filepath.Join(siteDir, load.ContentDir, Folder(s.Docs, typ), slug+".md")
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return "", "", err
	}
	if err := writeNew(path, []byte(Document(id, title, typ, owner, today))); err != nil {
		return "", "", err
	}
	return path, id, nil
}

// writeNew creates path with data, never overwriting an existing file.
func writeNew(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return usageErrorf("%s already exists; choose another title or edit that document", path)
	}
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	return errors.Join(err, f.Close())
}

// Folder is the folder under content/ for a new document of type typ: the
// one holding most documents of that type (the first by name on a tie), or
// the plural of the type when there are none.
func Folder(docs []*site.Document, typ string) string {
	count := map[string]int{}
	for _, d := range docs {
		if d.Meta.Type == typ {
			// d.Path is "content/<folder>/<file>.md", slash-separated.
			rel := strings.TrimPrefix(d.Path, load.ContentDir+"/")
			count[filepath.Dir(filepath.FromSlash(rel))]++
		}
	}
	best := ""
	for dir, n := range count {
		if n > count[best] || (n == count[best] && dir < best) {
			best = dir
		}
	}
	if best == "" {
		return Plural(typ)
	}
	return best
}

// Plural is the English plural of a type name: "policy" -> "policies",
// "process" -> "processes".
func Plural(word string) string {
	n := len(word)
	switch {
	case n > 1 && word[n-1] == 'y' && !strings.ContainsRune("aeiou", rune(word[n-2])):
		return word[:n-1] + "ies"
	case strings.HasSuffix(word, "s"), strings.HasSuffix(word, "x"), strings.HasSuffix(word, "z"),
		strings.HasSuffix(word, "ch"), strings.HasSuffix(word, "sh"):
		return word + "es"
	}
	return word + "s"
}

// Slug makes a file name from a title: lower case letters and digits, each
// run of anything else one hyphen ("Access: Request Form" -> "access-request-form").
func Slug(title string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(title) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
			continue
		}
		dash = true
	}
	return b.String()
}

// NextID returns the id after the highest one of the format among ids, so a
// number is never reused, even after a retirement leaves a gap.
// The format holds {nnn} (zero-padded to three digits) or {n}.
func NextID(format string, ids []string) string {
	pad := strings.Contains(format, "{nnn}")
	token := "{n}"
	if pad {
		token = "{nnn}"
	}
	prefix, suffix, _ := strings.Cut(format, token)
	re := regexp.MustCompile("^" + regexp.QuoteMeta(prefix) + `(\d+)` + regexp.QuoteMeta(suffix) + "$")
	next := 1
	for _, id := range ids {
		if m := re.FindStringSubmatch(id); m != nil {
			if n, err := strconv.Atoi(m[1]); err == nil && n >= next {
				next = n + 1
			}
		}
	}
	num := strconv.Itoa(next)
	if pad {
		num = fmt.Sprintf("%03d", next)
	}
	return prefix + num + suffix
}

// mainSection names section 4 of a new document after what its type holds.
var mainSection = map[string]string{
	"policy": "Policy", "plan": "Plan", "process": "Process", "procedure": "Procedure",
}

// Document is the text of a new draft document: every front-matter field a
// document under control needs (approval fields follow when it is approved),
// and the sections every handbook document has.
func Document(id, title, typ, owner string, today time.Time) string {
	date := today.Format("2006-01-02")
	main := mainSection[typ]
	if main == "" {
		main = "Content"
	}
	return fmt.Sprintf(`---
id: %s
title: %s
type: %s
version: "0.1"
status: draft
owner: %s
classification: internal
clauses: []
related: []
tags: []
history:
  - {version: "0.1", date: %s, author: %s, summary: First draft}
---

## 1. Purpose

Why this document exists and what it achieves.

## 2. Scope

The services, teams and situations it covers, and what it does not cover.

## 3. Roles and Responsibilities

- **%s**: owns this document and keeps it current.

## 4. %s

The steps, rules or content, in the order staff need them.

## 5. Inputs and Outputs

What starts the work, and what it produces.

## 6. Records

The records kept, where, for how long, and who may read them.

## 7. Related Documents

Documents this one depends on or refers to, each linked by its id.
`, id, yamlString(title), typ, yamlString(owner), date, yamlString(owner), owner, main)
}

// yamlString quotes s for YAML: a double-quoted scalar uses the same
// escapes as a Go string literal.
func yamlString(s string) string { return strconv.Quote(s) }
