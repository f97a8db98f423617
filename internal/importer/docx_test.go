package importer

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// policyMarkdown is the source of the Word fixture: a toolkit document with
// a cover page, a document-control table, a table of contents (--toc), a
// revision history, numbered headings, a table, an image and placeholders.
const policyMarkdown = `---
title: Information Security Policy
---

[Organization Name]

CONFIDENTIAL

| Document control | |
|---|---|
| Version | 2.1 |
| Date | 20 January 2026 |
| Author | Service Manager |
| Approved by | Chief Executive Officer |
| Classification | Company Confidential |

# Revision History

| Version | Date | Author | Summary of changes |
|---|---|---|---|
| 1.0 | 02/09/2024 | Service Manager | First issue |
| 2.1 | 2026-01-20 | Service Manager | Annual review |

# 1. Introduction

This policy applies to [Organization Name] and Insert Company Name.

## 1.1. Scope of Certification

The scope covers [Insert Service Provider] services:

- Incident management
- Change management

![Figure 1 - Scope](scope.png)

## 1.2. Roles

| Role | Responsibility |
|---|---|
| Service Manager | Owns the policy |

# 2. Policy Statements

1. Information is classified.
2. Access is controlled.
`

// writeDocx writes policyMarkdown (or md) as a .docx through pandoc, with
// an image beside it, and returns its path. The test is skipped without pandoc.
func writeDocx(t *testing.T, dir, name, md string) string {
	t.Helper()
	if _, err := exec.LookPath("pandoc"); err != nil {
		t.Skip("pandoc is not installed")
	}
	img := image.NewRGBA(image.Rect(0, 0, 4, 4))
	img.Set(1, 1, color.RGBA{200, 0, 0, 255})
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "scope.png"), buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	src := filepath.Join(dir, strings.TrimSuffix(name, ".docx")+".md")
	if err := os.WriteFile(src, []byte(md), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, name)
	cmd := exec.Command("pandoc", "--toc", "--resource-path="+dir, "-o", out, src)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("pandoc: %v\n%s", err, b)
	}
	return out
}

func TestReadDocx(t *testing.T) {
	dir := t.TempDir()
	src := writeDocx(t, dir, "policy.docx", policyMarkdown)
	d, err := readDocx(context.Background(), "", src, []string{"public", "internal", "confidential", "restricted"})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%+v", d)
	t.Log(d.Markdown())
	_ = time.Now
}
