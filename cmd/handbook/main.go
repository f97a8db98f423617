// Command handbook builds, checks, serves and searches a Service Management
// System handbook. See 'handbook --help'.
package main

import (
	"io"
	"os"

	"golang.org/x/term"

	"handbook/internal/cli"
)

func main() {
	os.Exit(cli.Main(os.Args[1:], &cli.Env{
		Stdout:     os.Stdout,
		Stderr:     os.Stderr,
		IsTerminal: isTerminal,
	}))
}

// isTerminal reports whether w is an interactive terminal (not merely a
// character device such as /dev/null).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
