// Package scaffold creates new documents with the next free number of
// their type and complete front matter.
package scaffold

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"handbook/internal/config"
	"handbook/internal/load"
	"handbook/internal/markdown"
)

// UsageError is a mistake in what was asked (unknown type).
type UsageError struct{ msg string }

func (e *UsageError) Error() string { return e.msg }

// New writes content/<types>/<slug>.md in siteDir and returns its path and id.
func New(siteDir, typ, title, owner string, today time.Time) (string, string, error) {
	cfg, err := config.Load(siteDir)
	if err != nil {
		return "", "", err
	}
	if !slices.Contains(cfg.Types, typ) {
		return "", "", &UsageError{fmt.Sprintf("unknown type %q (known: %s)", typ, strings.Join(cfg.Types, ", "))}
	}
	format, ok := cfg.Numbering[typ]
	if !ok {
		return "", "", &UsageError{fmt.Sprintf("handbook.yaml gives no numbering format for type %q (numbering: {%s: \"SMS-XXX-{nnn}\"})", typ, typ)}
	}
	s, _, err := load.WithConfig(siteDir, cfg)
	if err != nil {
		return "", "", err
	}
	var ids []string
	for _, d := range s.Docs {
		ids = append(ids, d.Meta.ID)
	}
	id := NextID(format, ids)
	slug := markdown.Slug(title)
	if slug == "" {
		return "", "", &UsageError{"the title has no letters or digits"}
	}
	path := filepath.Join(siteDir, load.ContentDir, typ+"s", slug+".md")
	if _, err := os.Stat(path); err == nil {
		return "", "", &UsageError{path + " already exists"}
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return "", "", err
	}
	if err := os.WriteFile(path, []byte(Document(id, title, typ, owner, today)), 0o644); err != nil {
		return "", "", err
	}
	return path, id, nil
}

// NextID returns the id after the highest one of the format among ids.
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

// Document is the text of a new draft document.
func Document(id, title, typ, owner string, today time.Time) string {
	date := today.Format("2006-01-02")
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

## 2. Scope

## 3. Roles and Responsibilities

## 4. Procedure

## 5. Records
`, id, yamlString(title), typ, yamlString(owner), date, yamlString(owner))
}

func yamlString(s string) string { return strconv.Quote(s) }
