package cli

import (
	"log/slog"
)

// siteFlags are the flags shared by the commands that read a site.
type siteFlags struct {
	site     string
	audience string
	quiet    bool
	verbose  bool
	strict   bool
}

func (s *siteFlags) register(c *command, fs interface {
	StringVar(*string, string, string, string)
	BoolVar(*bool, string, bool, string)
}) {
	fs.StringVar(&s.site, "s", ".", "the site `folder` (with handbook.yaml and content/)")
	fs.StringVar(&s.site, "source", ".", "the site `folder` (same as -s)")
	fs.BoolVar(&s.quiet, "quiet", false, "print errors only")
	fs.BoolVar(&s.verbose, "verbose", false, "print each step's timing")
	fs.BoolVar(&s.strict, "strict", false, "treat warnings (overdue reviews, drafts, unreplaced placeholders) as errors")
}
func (s *siteFlags) logger(env *Env) *slog.Logger {
	level := slog.LevelWarn
	if s.verbose {
		level = slog.LevelDebug
	}
	return slog.New(slog.NewTextHandler(env.Stderr, &slog.HandlerOptions{Level: level}))
}
