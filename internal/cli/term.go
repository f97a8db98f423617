package cli

import "io"

// stream is an output of the command line together with what it can show:
// progress redrawn in place only on an interactive terminal, colours only
// where the terminal supports them and the user has not asked for none.
type stream struct {
	io.Writer
	terminal bool // an interactive terminal that understands \r and erase-line
	color    bool // and colours are wanted (no NO_COLOR)
}

// newStream wraps w, deciding once what it can show (https://no-color.org:
// NO_COLOR set to anything turns colours off; TERM=dumb is no terminal).
func newStream(env *Env, w io.Writer) *stream {
	if s, ok := w.(*stream); ok {
		return s
	}
	tty := env.IsTerminal(w) && env.Getenv("TERM") != "dumb"
	return &stream{Writer: w, terminal: tty, color: tty && env.Getenv("NO_COLOR") == ""}
}

// isTerminal reports whether w is an interactive terminal stream.
func isTerminal(w io.Writer) bool {
	s, ok := w.(*stream)
	return ok && s.terminal
}

// ANSI colours for paint.
const (
	bold   = "1"
	red    = "31"
	green  = "32"
	yellow = "33"
)

// paint colours text for w, or returns it unchanged where w shows no colours.
func paint(w io.Writer, color, text string) string {
	if s, ok := w.(*stream); !ok || !s.color || text == "" {
		return text
	}
	return "\033[" + color + "m" + text + "\033[0m"
}
