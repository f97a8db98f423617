package build

import (
	"testing"

	"handbook/internal/markdown"
)

// TestEmbedWaits: the pages that must wait for a generator running beside
// them are those that embed a figure or the log (shortcodes are recorded
// as "name:arg", the log's with an empty argument).
func TestEmbedWaits(t *testing.T) {
	for _, c := range []struct {
		shortcodes []string
		want       bool
	}{
		{nil, false},
		{[]string{"figure:scope"}, true},
		{[]string{"figure:structure"}, true},
		{[]string{"log:"}, true},
		{[]string{"unknown:x"}, false},
		{[]string{"unknown:x", "log:"}, true},
	} {
		if got := embedWaits(&markdown.Result{Shortcodes: c.shortcodes}); got != c.want {
			t.Errorf("embedWaits(%q) = %v, want %v", c.shortcodes, got, c.want)
		}
	}
}

// TestWaitEmbedsLog: a page embedding the log waits until the register
// has set it, and no longer.
func TestWaitEmbedsLog(t *testing.T) {
	st := &state{Opts: Options{NoFigures: true}}
	waited := make(chan struct{})
	go func() {
		st.waitEmbed("log")
		close(waited)
	}()
	select {
	case <-waited:
		t.Fatal("waitEmbed returned before the log was set")
	default:
	}
	st.logged.finish()
	<-waited // returns now; a hang here fails the test by its timeout
}
