// Package cli is the handbook command line: parsing, help, dispatch to the
// build steps, and reporting (diagnostics, summary) in the conventions of
// Hugo and MkDocs users: exit 0 success, 1 content errors, 2 usage errors.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"

	"handbook/internal/build"
	"handbook/internal/load"
	"handbook/internal/suggest"
)

// Exit statuses.
const (
	ExitOK      = 0
	ExitContent = 1
	ExitUsage   = 2
)

// Env is the process environment a command runs in.
type Env struct {
	Stdout, Stderr io.Writer
	Getenv         func(string) string
	// IsTerminal reports whether a writer is an interactive terminal.
	IsTerminal func(io.Writer) bool
}

// command is one subcommand.
type command struct {
	name     string
	summary  string
	usage    string
	examples []string
	run      func(env *Env, args []string) int
}

func commands() []*command {
	return []*command{
		buildCommand(), serveCommand(), checkCommand(), searchCommand(), newCommand(), importCommand(), pdfCommand(), packCommand(), acksCommand(), versionCommand(),
	}
}

// Main runs the command line and returns the exit status.
func Main(args []string, env *Env) int {
	env = env.prepare()
	cmds := commands()
	if len(args) == 0 {
		usage(env.Stderr, cmds)
		return ExitUsage
	}
	name := args[0]
	switch name {
	case "-h", "--help", "-help", "help":
		if len(args) > 1 {
			if c := find(env, cmds, args[1]); c != nil {
				return c.run(env, []string{"--help"})
			}
			return ExitUsage
		}
		usage(env.Stdout, cmds)
		return ExitOK
	case "--version", "-version":
		name = "version"
	}
	if strings.HasPrefix(name, "-") {
		fmt.Fprintf(env.Stderr, "handbook: unknown flag %s: flags follow the command, e.g. handbook build %s\nRun 'handbook --help' for the list of commands.\n", name, name)
		return ExitUsage
	}
	if c := find(env, cmds, name); c != nil {
		return c.run(env, args[1:])
	}
	return ExitUsage
}

// prepare returns a copy of env with defaults filled in and its streams
// wrapped with what they can show (see stream).
func (env *Env) prepare() *Env {
	e := *env
	if e.Getenv == nil {
		e.Getenv = os.Getenv
	}
	if e.IsTerminal == nil {
		e.IsTerminal = func(io.Writer) bool { return false }
	}
	e.Stdout = newStream(&e, env.Stdout)
	e.Stderr = newStream(&e, env.Stderr)
	return &e
}

// find returns the command called name, or reports it unknown with a hint.
func find(env *Env, cmds []*command, name string) *command {
	names := make([]string, len(cmds))
	for i, c := range cmds {
		if c.name == name {
			return c
		}
		names[i] = c.name
	}
	fmt.Fprintf(env.Stderr, "handbook: unknown command %q%s\nRun 'handbook --help' for the list of commands.\n", name, suggest.Hint(name, names))
	return nil
}

func usage(w io.Writer, cmds []*command) {
	fmt.Fprint(w, `handbook builds a Service Management System handbook (ISO/IEC 20000-1:2018)
from Markdown documents with front matter into a cross-linked, searchable site.

Usage:
  handbook <command> [flags] [arguments]

Commands:
`)
	for _, c := range cmds {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, brief(c.summary))
	}
	fmt.Fprint(w, `
Flags:
  -h, --help      show help; 'handbook <command> --help' for a command's flags
  --version       same as 'handbook version'

Examples:
  handbook build                     build ./content into ./public
  handbook serve --watch             preview at http://127.0.0.1:8080, rebuilding on change
  handbook check --strict            validate only; warnings fail too (for CI)
  handbook new --type procedure "Access Request Procedure"

Exit status:
  0 success, 1 content errors (each printed as path:line: message), 2 usage errors.

Environment:
  NO_COLOR            set to anything: never print colours (nor on TERM=dumb or a non-terminal)
  SOURCE_DATE_EPOCH   seconds since 1970: the date that decides overdue reviews, for repeatable builds
`)
}

// brief shortens a command's summary for the list of commands: without an
// explanation after ": " or a closing remark in parentheses.
func brief(summary string) string {
	summary, _, _ = strings.Cut(summary, ": ")
	if strings.HasSuffix(summary, ")") {
		if i := strings.LastIndex(summary, " ("); i > 0 {
			summary = summary[:i]
		}
	}
	return summary
}

// flags makes the flag set of a command.
func (c *command) flags(env *Env) *flagSet { return newFlagSet(c.name) }

// help prints a command's summary, usage, every flag with an example, and
// the command's examples.
func (c *command) help(w io.Writer, fs *flagSet) {
	fmt.Fprintf(w, "%s\n\nUsage:\n  %s\n", c.summary, c.usage)
	fs.writeFlags(w)
	if len(c.examples) > 0 {
		fmt.Fprintf(w, "\nExamples:\n")
		for _, e := range c.examples {
			fmt.Fprintf(w, "  %s\n", e)
		}
	}
}

// noArgs reports positional arguments to a command that takes none.
func (c *command) noArgs(env *Env, fs *flagSet) (ok bool, status int) {
	if fs.NArg() == 0 {
		return true, ExitOK
	}
	return false, c.usageError(env, fmt.Sprintf("unexpected argument %q (give the site with -s SITE)", fs.Arg(0)))
}

// siteExists reports a site folder that is missing or has no content/
// folder as a usage mistake: the command was pointed at the wrong place.
func (c *command) siteExists(env *Env, dir string) (ok bool, status int) {
	fi, err := os.Stat(dir)
	switch {
	case err != nil:
		return false, c.usageError(env, fmt.Sprintf("site folder %s: %v", dir, unwrapPath(err)))
	case !fi.IsDir():
		return false, c.usageError(env, fmt.Sprintf("site folder %s is a file, not a folder", dir))
	}
	if fi, err := os.Stat(filepath.Join(dir, load.ContentDir)); err != nil || !fi.IsDir() {
		return false, c.usageError(env, fmt.Sprintf("%s is not a handbook site: it has no content/ folder of Markdown documents (give the site with -s SITE)", dir))
	}
	return true, ExitOK
}

func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// interruptible returns a context cancelled by the first Ctrl+C, so that a
// build stops and cleans up; a second Ctrl+C stops the process at once.
func interruptible() (context.Context, context.CancelFunc) {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() {
		<-ctx.Done()
		stop()
	}()
	return ctx, stop
}

// exitFor maps a build error to an exit status, printing it.
func exitFor(env *Env, cmd string, err error) int {
	var ue *build.UsageError
	switch {
	case err == nil:
		return ExitOK
	case errors.As(err, &ue):
		fmt.Fprintf(env.Stderr, "handbook %s: %v\n", cmd, ue.Err)
		return ExitUsage
	case errors.Is(err, build.ErrContent):
		return ExitContent
	case errors.Is(err, context.Canceled):
		fmt.Fprintf(env.Stderr, "handbook %s: interrupted\n", cmd)
		return ExitContent
	default:
		fmt.Fprintf(env.Stderr, "handbook %s: %v\n", cmd, err)
		return ExitContent
	}
}
