// Package cli is the handbook command line: parsing, help, dispatch to the
// build steps, and reporting (diagnostics, summary) in the conventions of
// Hugo and MkDocs users: exit 0 success, 1 content errors, 2 usage errors.
package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"handbook/internal/build"
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
		buildCommand(), serveCommand(), checkCommand(), searchCommand(), newCommand(), pdfCommand(), versionCommand(),
	}
}

// Main runs the command line and returns the exit status.
func Main(args []string, env *Env) int {
	if env.Getenv == nil {
		env.Getenv = os.Getenv
	}
	if env.IsTerminal == nil {
		env.IsTerminal = func(io.Writer) bool { return false }
	}
	cmds := commands()
	if len(args) == 0 {
		usage(env.Stderr, cmds)
		return ExitUsage
	}
	name := args[0]
	switch name {
	case "-h", "--help", "-help", "help":
		if len(args) > 1 {
			for _, c := range cmds {
				if c.name == args[1] {
					return c.run(env, []string{"--help"})
				}
			}
		}
		usage(env.Stdout, cmds)
		return ExitOK
	case "--version", "-version":
		name = "version"
	}
	for _, c := range cmds {
		if c.name == name {
			return c.run(env, args[1:])
		}
	}
	names := make([]string, len(cmds))
	for i, c := range cmds {
		names[i] = c.name
	}
	fmt.Fprintf(env.Stderr, "handbook: unknown command %q%s\nRun 'handbook --help' for the list of commands.\n", name, suggest.Hint(name, names))
	return ExitUsage
}

func usage(w io.Writer, cmds []*command) {
	fmt.Fprint(w, `handbook builds a Service Management System handbook (ISO/IEC 20000-1:2018)
from Markdown documents with front matter into a cross-linked, searchable site.

Usage:
  handbook <command> [flags] [arguments]

Commands:
`)
	for _, c := range cmds {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprint(w, `
Run 'handbook <command> --help' for a command's flags and examples.

Examples:
  handbook build                     build ./content into ./public
  handbook serve --watch             preview at http://127.0.0.1:8080, rebuilding on change
  handbook check --strict            validate only; warnings fail too (for CI)
  handbook new --type procedure "Access Request Procedure"
`)
}

// flags makes the flag set of a command, with help that lists every flag
// and the command's examples.
func (c *command) flags(env *Env) *flag.FlagSet {
	fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return fs
}

func (c *command) help(w io.Writer, fs *flag.FlagSet) {
	fmt.Fprintf(w, "%s\n\nUsage:\n  %s\n", c.summary, c.usage)
	var lines []string
	fs.VisitAll(func(f *flag.Flag) {
		name, use := flag.UnquoteUsage(f)
		dash := "--"
		if len(f.Name) == 1 {
			dash = "-"
		}
		left := dash + f.Name
		if name != "" {
			left += " " + name
		}
		def := ""
		if f.DefValue != "" && f.DefValue != "false" {
			def = fmt.Sprintf(" (default %s)", f.DefValue)
		}
		lines = append(lines, fmt.Sprintf("  %-22s %s%s", left, use, def))
	})
	sort.Strings(lines)
	if len(lines) > 0 {
		fmt.Fprintf(w, "\nFlags:\n%s\n", strings.Join(lines, "\n"))
	}
	if len(c.examples) > 0 {
		fmt.Fprintf(w, "\nExamples:\n")
		for _, e := range c.examples {
			fmt.Fprintf(w, "  %s\n", e)
		}
	}
}

// parse parses flags, handling --help and reporting mistakes with a hint.
// It returns ok=false and the exit status when the command should stop.
func (c *command) parse(env *Env, fs *flag.FlagSet, args []string) (ok bool, status int) {
	// Flags may follow positional arguments, as in Hugo: move them first.
	args = reorder(fs, args)
	err := fs.Parse(args)
	if errors.Is(err, flag.ErrHelp) {
		c.help(env.Stdout, fs)
		return false, ExitOK
	}
	if err != nil {
		msg := err.Error()
		if name, found := strings.CutPrefix(msg, "flag provided but not defined: -"); found {
			var names []string
			fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
			name = strings.TrimLeft(name, "-")
			msg = fmt.Sprintf("unknown flag --%s%s", name, hintFlag(name, names))
		}
		fmt.Fprintf(env.Stderr, "handbook %s: %s\nRun 'handbook %s --help' for usage.\n", c.name, msg, c.name)
		return false, ExitUsage
	}
	return true, ExitOK
}

func hintFlag(name string, names []string) string {
	if s := suggest.Closest(name, names); s != "" {
		return fmt.Sprintf(" (did you mean --%s?)", s)
	}
	return ""
}

// reorder moves flags before positional arguments so that
// `handbook search incident --json` works.
func reorder(fs *flag.FlagSet, args []string) []string {
	var flags, pos []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			pos = append(pos, args[i+1:]...)
			break
		}
		if !strings.HasPrefix(a, "-") || a == "-" {
			pos = append(pos, a)
			continue
		}
		flags = append(flags, a)
		name := strings.TrimLeft(a, "-")
		if strings.Contains(name, "=") {
			continue
		}
		if f := fs.Lookup(name); f != nil {
			if bf, ok := f.Value.(interface{ IsBoolFlag() bool }); ok && bf.IsBoolFlag() {
				continue
			}
			if i+1 < len(args) {
				flags = append(flags, args[i+1])
				i++
			}
		}
	}
	return append(flags, pos...)
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
	default:
		fmt.Fprintf(env.Stderr, "handbook %s: %v\n", cmd, err)
		return ExitContent
	}
}
