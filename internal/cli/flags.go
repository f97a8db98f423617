package cli

import (
	"cmp"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"handbook/internal/build"
	"handbook/internal/suggest"
)

// flagSet is one command's flags: the standard library's parser plus what
// help needs, an example for each flag. Flags bound to the same variable
// (-s and --source) are shown together as one flag with two names.
type flagSet struct {
	*flag.FlagSet
	examples map[string]string // flag name -> example command line
}

func newFlagSet(name string) *flagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard) // parse reports mistakes itself, with a hint
	fs.Usage = func() {}
	return &flagSet{FlagSet: fs, examples: map[string]string{}}
}

// stringFlag defines a string flag under every comma-separated name, with
// an example command line for help. A `word` in usage names the value.
func (fs *flagSet) stringFlag(p *string, names, def, usage, example string) {
	for _, n := range strings.Split(names, ",") {
		fs.StringVar(p, n, def, usage)
		fs.examples[n] = example
	}
}

// boolFlag defines a boolean flag under every comma-separated name.
func (fs *flagSet) boolFlag(p *bool, names, usage, example string) {
	for _, n := range strings.Split(names, ",") {
		fs.BoolVar(p, n, false, usage)
		fs.examples[n] = example
	}
}

// flagHelp is one entry of a command's help: a flag and its aliases.
type flagHelp struct {
	names   []string
	arg     string
	usage   string
	def     string
	example string
}

// helpEntries groups the flags by the variable they set, sorted by their
// longest name.
func (fs *flagSet) helpEntries() []*flagHelp {
	var out []*flagHelp
	byValue := map[flag.Value]*flagHelp{}
	fs.VisitAll(func(f *flag.Flag) {
		if h, ok := byValue[f.Value]; ok {
			h.names = append(h.names, f.Name)
			h.example = cmp.Or(h.example, fs.examples[f.Name])
			return
		}
		arg, usage := flag.UnquoteUsage(f)
		h := &flagHelp{names: []string{f.Name}, arg: arg, usage: usage, example: fs.examples[f.Name]}
		if f.DefValue != "" && f.DefValue != "false" {
			h.def = f.DefValue
		}
		byValue[f.Value] = h
		out = append(out, h)
	})
	for _, h := range out {
		slices.SortFunc(h.names, func(a, b string) int { return len(a) - len(b) })
		if h.example == "" {
			h.example = fs.autoExample(h)
		}
	}
	slices.SortFunc(out, func(a, b *flagHelp) int {
		return strings.Compare(a.names[len(a.names)-1], b.names[len(b.names)-1])
	})
	return out
}

// autoExample is the example of a flag defined without one: the command
// with the flag and its default value, or the name of its value.
func (fs *flagSet) autoExample(h *flagHelp) string {
	ex := "handbook " + fs.Name() + " " + dashed(h.names[len(h.names)-1])
	switch {
	case h.def != "":
		ex += " " + h.def
	case h.arg != "":
		ex += " " + h.arg
	}
	return ex
}

// dashed writes a flag name as typed: -s for one letter, --source otherwise.
func dashed(name string) string {
	if len(name) == 1 {
		return "-" + name
	}
	return "--" + name
}

// writeFlags prints the Flags section of a command's help.
func (fs *flagSet) writeFlags(w io.Writer) {
	entries := fs.helpEntries()
	fmt.Fprintf(w, "\nFlags:\n")
	for _, h := range entries {
		names := make([]string, len(h.names))
		for i, n := range h.names {
			names[i] = dashed(n)
		}
		line := strings.Join(names, ", ")
		if h.arg != "" {
			line += " " + h.arg
		}
		fmt.Fprintf(w, "  %s\n", line)
		desc := h.usage
		if h.def != "" {
			desc += fmt.Sprintf(" (default %s)", h.def)
		}
		fmt.Fprintf(w, "        %s\n", desc)
		if h.example != "" {
			fmt.Fprintf(w, "        e.g. %s\n", h.example)
		}
	}
	fmt.Fprintf(w, "  -h, --help\n        show this help\n")
}

// parse parses args, handling --help and reporting mistakes with a hint.
// It returns ok=false and the exit status when the command should stop.
func (c *command) parse(env *Env, fs *flagSet, args []string) (ok bool, status int) {
	// Flags may follow positional arguments, as in Hugo: move them first.
	err := fs.Parse(reorder(fs.FlagSet, args))
	if errors.Is(err, flag.ErrHelp) {
		c.help(env.Stdout, fs)
		return false, ExitOK
	}
	if err != nil {
		return false, c.usageError(env, fs.explain(err))
	}
	return true, ExitOK
}

// usageError prints a command-line mistake and returns exit status 2.
func (c *command) usageError(env *Env, msg string) int {
	fmt.Fprintf(env.Stderr, "handbook %s: %s\nRun 'handbook %s --help' for usage.\n", c.name, msg, c.name)
	return ExitUsage
}

// explain rewrites the flag package's errors for people: the flag as it is
// typed, a "did you mean" for a misspelt one, an example for a missing value.
func (fs *flagSet) explain(err error) string {
	msg := err.Error()
	if name, found := strings.CutPrefix(msg, "flag provided but not defined: -"); found {
		name = strings.TrimLeft(name, "-")
		var names []string
		fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
		return fmt.Sprintf("unknown flag %s%s", dashed(name), hintFlag(name, names))
	}
	if m := invalidValue.FindStringSubmatch(msg); m != nil {
		msg = fmt.Sprintf("flag %s: invalid value %s", dashed(m[3]), m[2])
		if m[1] != "" {
			msg += " (a switch: give it alone, or as =true or =false)"
		}
		return msg
	}
	if name, found := strings.CutPrefix(msg, "flag needs an argument: -"); found {
		name = strings.TrimLeft(name, "-")
		msg = fmt.Sprintf("flag %s needs a value", dashed(name))
		if ex := fs.examples[name]; ex != "" {
			msg += fmt.Sprintf(", e.g. %s", ex)
		}
	}
	return msg
}

// invalidValue matches the flag package's `invalid boolean value "x" for -quiet: ...`
// and `invalid value "x" for flag -o: ...`: submatches "boolean ", value, flag.
var invalidValue = regexp.MustCompile(`^invalid (boolean )?value (".*") for (?:flag )?-(\S+?):`)

func hintFlag(name string, names []string) string {
	if s := suggest.Closest(name, names); s != "" {
		return fmt.Sprintf(" (did you mean %s?)", dashed(s))
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
	// A positional argument given after "--" may look like a flag; keep
	// the "--" so that it stays an argument.
	if slices.ContainsFunc(pos, func(a string) bool { return strings.HasPrefix(a, "-") }) {
		flags = append(flags, "--")
	}
	return append(flags, pos...)
}

// siteFlags are the flags shared by the commands that read a site.
type siteFlags struct {
	site     string
	audience string
	quiet    bool
	verbose  bool
	strict   bool
}

// register defines -s/--source, --quiet, --verbose and --strict.
func (s *siteFlags) register(c *command, fs *flagSet) {
	fs.stringFlag(&s.site, "s,source", ".", "the `SITE` folder, with handbook.yaml and content/",
		"handbook "+c.name+" -s ~/sms-handbook")
	fs.boolFlag(&s.quiet, "q,quiet", "print errors only: no warnings, no summary",
		"handbook "+c.name+" --quiet")
	fs.boolFlag(&s.verbose, "v,verbose", "log each step and how long it took; build adds a table of step timings",
		"handbook "+c.name+" --verbose")
	fs.boolFlag(&s.strict, "strict", "treat warnings (overdue reviews, drafts, unreplaced placeholders, no clauses) as errors",
		"handbook "+c.name+" --strict")
}

// registerAudience defines --audience.
func (s *siteFlags) registerAudience(c *command, fs *flagSet, usage string) {
	fs.stringFlag(&s.audience, "audience", "", usage, "handbook "+c.name+" --audience staff")
}

// logger logs to env.Stderr (see loggerTo).
func (s *siteFlags) logger(env *Env) *slog.Logger { return s.loggerTo(env.Stderr) }

// loggerTo logs warnings to w; --verbose adds each step, --quiet keeps
// errors only. Lines carry no time stamp: they are read by people, next
// to the diagnostics, and stay the same from run to run.
func (s *siteFlags) loggerTo(w io.Writer) *slog.Logger {
	level := slog.LevelWarn
	switch {
	case s.quiet:
		level = slog.LevelError
	case s.verbose:
		level = slog.LevelDebug
	}
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: level, ReplaceAttr: dropTime}))
}

func dropTime(groups []string, a slog.Attr) slog.Attr {
	if len(groups) == 0 && a.Key == slog.TimeKey {
		return slog.Attr{}
	}
	return a
}

// start starts progress on a terminal (unless --quiet) and makes the
// build options, logging above the progress line. The caller stops the
// progress when the work is done.
func (s *siteFlags) start(env *Env, verb string) (*progress, build.Options, error) {
	var p *progress
	if !s.quiet {
		p = startProgress(env.Stderr, verb, progressDelay)
	}
	opts, err := s.options(env, p.logWriter(env.Stderr))
	opts.Progress = p.callback()
	if err != nil {
		p.Stop()
	}
	return p, opts, err
}

// options are the build options every site command shares.
func (s *siteFlags) options(env *Env, log io.Writer) (build.Options, error) {
	today, err := sourceDate(env)
	return build.Options{Site: s.site, Audience: s.audience, Strict: s.strict, Today: today, Logger: s.loggerTo(log)}, err
}

// sourceDate honours SOURCE_DATE_EPOCH (reproducible-builds.org): the date
// that decides overdue reviews, so that a build can be repeated exactly.
func sourceDate(env *Env) (time.Time, error) {
	v := env.Getenv("SOURCE_DATE_EPOCH")
	if v == "" {
		return time.Time{}, nil
	}
	sec, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return time.Time{}, fmt.Errorf("SOURCE_DATE_EPOCH=%q is not a number of seconds since 1970", v)
	}
	return time.Unix(sec, 0).UTC(), nil
}
