package sitetest

import "fmt"

// Procedure is the source of an approved procedure, due for review in
// 2099, with the given id, title, classification and Markdown body: a
// valid document for the tests that need one or a few.
func Procedure(id, title, classification, body string) string {
	return fmt.Sprintf(`---
id: %s
title: %s
type: procedure
version: "1.0"
status: approved
owner: Service Manager
approver: Chief Information Officer
approved: 2026-01-05
review: 2099-01-05
classification: %s
---

%s
`, id, title, classification, body)
}
