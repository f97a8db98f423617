package build

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"

	"handbook/internal/output"
)

// TestReplayedRecorder runs a replayed step, then replays it with the
// output folder gone, so that its files come from its output entry: they
// are the bytes the step wrote, though it changed them once written; a
// step that writes a file twice is never replayed.
func TestReplayedRecorder(t *testing.T) {
	root := t.TempDir()
	st := &state{Opts: Options{Cache: filepath.Join(root, "cache"), Out: filepath.Join(root, "public")},
		binary: func() (string, error) { return "test", nil }, embeds: map[string][]byte{}}
	st.Opts.defaults()
	for _, tc := range []struct {
		name     string
		twice    bool
		wantRuns int
	}{
		{"reused buffer", false, 1},
		{"file written twice", true, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			runs := 0
			step := replayed{
				name: tc.name,
				key:  func(*state, io.Writer) error { return nil },
				run: func(_ context.Context, _ *state, out sink) error {
					runs++
					b := []byte("<p>one</p>")
					if err := out.Write("a.html", b); err != nil {
						return err
					}
					copy(b, "<p>two</p>") // the step's buffer, reused once written
					if tc.twice {
						if err := out.Write("a.html", b); err != nil {
							return err
						}
					}
					return out.Write("b.svg", b)
				},
			}
			for range 2 {
				if err := os.RemoveAll(st.Opts.Out); err != nil {
					t.Fatal(err)
				}
				out, err := output.Begin(st.Opts.Out)
				if err != nil {
					t.Fatal(err)
				}
				if err := step.generator(context.Background(), st, out); err != nil {
					t.Fatal(err)
				}
				if err := out.Commit(); err != nil {
					t.Fatal(err)
				}
				want := map[string]string{"a.html": "<p>one</p>", "b.svg": "<p>two</p>"}
				if tc.twice {
					want["a.html"] = "<p>two</p>"
				}
				for rel, data := range want {
					if b, err := os.ReadFile(filepath.Join(st.Opts.Out, rel)); err != nil || string(b) != data {
						t.Errorf("%s = %q, %v; want %q", rel, b, err, data)
					}
				}
			}
			if runs != tc.wantRuns {
				t.Errorf("the step ran %d times in 2 builds, want %d", runs, tc.wantRuns)
			}
			if left, _ := filepath.Glob(filepath.Join(st.Opts.Cache, ".new-*")); len(left) > 0 {
				t.Errorf("unfinished entries left: %v", left)
			}
		})
	}
}
