package cli

import (
	"fmt"
)

func pdfCommand() *command {
	c := &command{
		name:     "pdf",
		summary:  "Print a document to PDF through headless Chromium",
		usage:    "handbook pdf [-s SITE] [-o FILE] ID",
		examples: []string{"handbook pdf SMS-POL-001", "handbook pdf -o policy.pdf SMS-POL-001"},
	}
	c.run = func(env *Env, args []string) int {
		fs := c.flags(env)
		_ = fs.String("s", ".", "the site `folder`")
		_ = fs.String("o", "", "the PDF `file` (default ID.pdf)")
		if ok, st := c.parse(env, fs, args); !ok {
			return st
		}
		fmt.Fprintln(env.Stderr, "handbook pdf: not available yet")
		return ExitUsage
	}
	return c
}
