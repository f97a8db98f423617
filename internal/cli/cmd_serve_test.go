package cli

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"handbook/internal/benchcorpus"
	"handbook/internal/serve/servetest"
	"handbook/internal/sitetest"
)

// serveDoc is a document the serve tests write into the site.
var serveDoc = sitetest.Procedure

// serveSite writes the shared fixture served-procedures (Alpha and Beta
// internal, Gamma restricted) and returns its folder.
func serveSite(t *testing.T) string {
	t.Helper()
	return sitetest.FromTxtar(t, sitetest.Shared(t, "served-procedures"))
}

// envRunHandbook, set to 1 in a process's environment, makes this test
// binary the handbook command: its TestMain runs Main as cmd/handbook's
// main does, with the process's arguments, standard output and error (a
// terminal never: the tests read them through pipes). The tests that need
// a process (signals, ports, exit statuses) start this binary so, rather
// than building cmd/handbook, a link of about 2 CPU seconds.
const envRunHandbook = "HANDBOOK_CLI_TEST_RUN_HANDBOOK"

// binary returns the executable that runs as the handbook command for
// the processes tests start (TestMain sets envRunHandbook, which they
// inherit).
func binary(t testing.TB) string {
	t.Helper()
	bin, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	return bin
}

// TestMain runs the handbook command instead of the tests in a process
// started with envRunHandbook; otherwise it sets envRunHandbook for the
// processes the tests start, and runs the tests.
func TestMain(m *testing.M) {
	if os.Getenv(envRunHandbook) == "1" {
		os.Exit(Main(os.Args[1:], &Env{Stdout: os.Stdout, Stderr: os.Stderr}))
	}
	if err := os.Setenv(envRunHandbook, "1"); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Exit(m.Run())
}

// server is a running `handbook serve`.
type server struct {
	cmd    *exec.Cmd
	url    string
	head   []string    // the stdout lines before the address
	lines  chan string // stdout, line by line (dropped when nobody reads)
	stderr *servetest.Buffer
	exited chan struct{} // closed when the process has ended
	err    error         // its exit error, once exited
}

var servingRE = regexp.MustCompile(`Serving the handbook at (http://127\.0\.0\.1:\d+/)`)

// startServe runs the binary with args and waits for it to print its address.
func startServe(t testing.TB, env []string, args ...string) *server {
	t.Helper()
	cmd := exec.Command(binary(t), append([]string{"serve", "--addr", ":0"}, args...)...)
	cmd.Env = append(os.Environ(), env...)
	dieWithTest(cmd)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	s := &server{cmd: cmd, lines: make(chan string, 1000), stderr: &servetest.Buffer{}, exited: make(chan struct{})}
	cmd.Stderr = s.stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			select {
			case s.lines <- sc.Text():
			default: // the test stopped reading
			}
		}
		close(s.lines)
		s.err = cmd.Wait()
		close(s.exited)
	}()
	// A server the test did not stop is stopped gracefully, so that it
	// removes its temporary folder; killed only if it does not stop.
	t.Cleanup(func() {
		select {
		case <-s.exited:
			return
		default:
		}
		_ = cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-s.exited:
		case <-time.After(30 * time.Second):
			_ = cmd.Process.Kill()
			<-s.exited
		}
	})
	for {
		line, ok := s.nextLine(t)
		if !ok {
			break
		}
		if m := servingRE.FindStringSubmatch(line); m != nil {
			s.url = m[1]
			return s
		}
		s.head = append(s.head, line)
	}
	s.waitExit(t)
	t.Fatalf("serve exited before printing its address: %v\n%s", s.err, s.stderr.String())
	return nil
}

// hangBound bounds each wait for the serve process (a line, an event, its
// exit), so that a lost line or event fails the test with a message
// instead of hanging it; it bounds a hang, it does not judge speed (the
// first build of the benchmark corpus is in it). Benchmarks, whose builds
// may be long, are not bounded.
func hangBound(t testing.TB) time.Duration {
	if _, bench := t.(*testing.B); bench {
		return 24 * time.Hour
	}
	return 3 * time.Minute
}

// nextLine returns serve's next stdout line, or false once it has ended.
func (s *server) nextLine(t testing.TB) (string, bool) {
	t.Helper()
	select {
	case line, ok := <-s.lines:
		return line, ok
	case <-time.After(hangBound(t)):
		t.Fatalf("serve printed no line for %v\n%s", hangBound(t), s.stderr.String())
		return "", false
	}
}

// waitExit waits for the serve process to end.
func (s *server) waitExit(t testing.TB) {
	t.Helper()
	select {
	case <-s.exited:
	case <-time.After(hangBound(t)):
		t.Fatalf("serve did not exit within %v\n%s", hangBound(t), s.stderr.String())
	}
}

// waitLine waits for a stdout line containing want.
func (s *server) waitLine(t testing.TB, want string) string {
	t.Helper()
	for {
		line, ok := s.nextLine(t)
		if !ok {
			break
		}
		if strings.Contains(line, want) {
			return line
		}
	}
	t.Fatalf("serve ended without printing %q\n%s", want, s.stderr.String())
	return ""
}

func (s *server) get(t testing.TB, path string) (int, string) {
	t.Helper()
	resp, err := http.Get(s.url + strings.TrimPrefix(path, "/"))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// stop signals the server and returns its exit error.
func (s *server) stop(t testing.TB, sig os.Signal) error {
	t.Helper()
	if err := s.cmd.Process.Signal(sig); err != nil {
		t.Fatal(err)
	}
	s.waitExit(t)
	return s.err
}

func TestServePrintsAddressAudienceAndWatchingAndStopsOnSignal(t *testing.T) {
	t.Parallel() // its own site folder, process and port
	site := serveSite(t)
	for _, tt := range []struct {
		name string
		sig  os.Signal
		args []string
		want []string
	}{
		{"SIGTERM", syscall.SIGTERM, nil, []string{"Audience: all documents", "Not watching"}},
		{"SIGINT", os.Interrupt, []string{"--watch", "--audience", "staff"}, []string{"Audience: staff", "Watching content/, layouts/, static/ and handbook.yaml"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := startServe(t, nil, append([]string{"-s", site}, tt.args...)...)
			var rest []string
			for range 2 {
				line, _ := s.nextLine(t)
				rest = append(rest, line)
			}
			for _, w := range tt.want {
				if !strings.Contains(strings.Join(rest, "\n"), w) {
					t.Errorf("serve did not print %q:\n%s", w, strings.Join(rest, "\n"))
				}
			}
			if status, page := s.get(t, "docs/sms-proc-001/"); status != 200 || !strings.Contains(page, "Alpha body") {
				t.Errorf("the document page: %d", status)
			}
			status, _ := s.get(t, "docs/sms-proc-003/")
			if restricted := tt.args != nil; restricted && status != 404 {
				t.Errorf("a restricted document served to staff: %d", status)
			}
			if err := s.stop(t, tt.sig); err != nil {
				t.Errorf("serve did not stop cleanly on %s: %v\n%s", tt.name, err, s.stderr.String())
			}
		})
	}
}

// TestServeAnswersFromLastBuild: after handbook build, serve answers from
// SITE/public at once, then builds and answers from its own build (the
// timing is package live's test; this is the real binary's wiring).
func TestServeAnswersFromLastBuild(t *testing.T) {
	t.Parallel() // its own site folder, process and port
	site := serveSite(t)
	if out, err := exec.Command(binary(t), "build", "-s", site, "--quiet").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	s := startServe(t, nil, "-s", site)
	if head := strings.Join(s.head, "\n"); !strings.Contains(head, "Answering from the last build in "+filepath.Join(site, "public")) {
		t.Errorf("serve did not answer from the last build:\n%s", head)
	}
	if status, page := s.get(t, "docs/sms-proc-001/"); status != 200 || !strings.Contains(page, "Alpha body") {
		t.Errorf("the document page: %d", status)
	}
	s.waitLine(t, "Built 3 documents")
	if err := s.stop(t, syscall.SIGTERM); err != nil {
		t.Errorf("serve did not stop cleanly: %v\n%s", err, s.stderr.String())
	}
	if _, err := os.Stat(filepath.Join(site, "public", "index.html")); err != nil {
		t.Errorf("serve did not leave SITE/public alone: %v", err)
	}
}

func TestServePortInUse(t *testing.T) {
	t.Parallel() // its own site folder, process and port
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	cmd := exec.Command(binary(t), "serve", "-s", serveSite(t), "--addr", ln.Addr().String())
	out, err := cmd.CombinedOutput()
	if code := exitCode(err); code != ExitUsage {
		t.Errorf("exit status %d, want %d", code, ExitUsage)
	}
	if !strings.Contains(string(out), "already in use") || !strings.Contains(string(out), "--addr :0") {
		t.Errorf("message does not explain a port in use:\n%s", out)
	}
}

func TestServeUnknownAudience(t *testing.T) {
	t.Parallel() // its own site folder, process and port
	site := serveSite(t)
	for _, args := range [][]string{
		{"serve", "-s", site, "--addr", ":0", "--audience", "nobody"},
		{"serve", "-s", site, "--addr", ":0", "--watch", "--audience", "nobody"},
		{"build", "-s", site, "-o", filepath.Join(t.TempDir(), "out"), "--audience", "nobody"},
		{"check", "-s", site, "--audience", "nobody"},
	} {
		out, err := exec.Command(binary(t), args...).CombinedOutput()
		if code := exitCode(err); code != ExitUsage {
			t.Errorf("%v: exit status %d, want %d\n%s", args, code, ExitUsage, out)
		}
		if !strings.Contains(string(out), "nobody") {
			t.Errorf("%v: the message does not name the audience:\n%s", args, out)
		}
	}
}

func exitCode(err error) int {
	if err == nil {
		return 0
	}
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode()
	}
	return -1
}

func TestServeOpen(t *testing.T) {
	t.Parallel() // its own site folder, process and port
	site := serveSite(t)
	t.Run("with xdg-open", func(t *testing.T) {
		bin := t.TempDir()
		opened := filepath.Join(t.TempDir(), "opened")
		sitetest.WriteFile(t, filepath.Join(bin, "xdg-open"), "#!/bin/sh\necho \"$1\" > "+opened+"\n")
		if err := os.Chmod(filepath.Join(bin, "xdg-open"), 0o755); err != nil {
			t.Fatal(err)
		}
		s := startServe(t, []string{"PATH=" + bin}, "-s", site, "--open")
		// The opener runs in the background: the file exists, empty,
		// before echo writes the line.
		var got []byte
		servetest.WaitFor(t, "the browser opener", func() bool {
			got, _ = os.ReadFile(opened)
			return bytes.HasSuffix(got, []byte("\n"))
		})
		if strings.TrimSpace(string(got)) != s.url {
			t.Errorf("opened %q, want %q", got, s.url)
		}
		_ = s.stop(t, syscall.SIGTERM)
	})
	t.Run("without", func(t *testing.T) {
		s := startServe(t, []string{"PATH=" + t.TempDir()}, "-s", site, "--open")
		_ = s.stop(t, syscall.SIGTERM)
		if msg := s.stderr.String(); !strings.Contains(msg, "xdg-open not found") || !strings.Contains(msg, s.url) {
			t.Errorf("no clear message without a browser opener:\n%s", msg)
		}
	})
}

// events is an open live-reload stream.
type events struct {
	r      *bufio.Reader
	cancel context.CancelFunc
}

func (s *server) events(t testing.TB) *events {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), hangBound(t))
	req, _ := http.NewRequestWithContext(ctx, "GET", s.url+"_handbook/events", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cancel(); resp.Body.Close() })
	return &events{r: bufio.NewReader(resp.Body), cancel: cancel}
}

// next returns the next event and its data.
func (e *events) next(t testing.TB) (string, string) {
	t.Helper()
	event, data, err := servetest.Next(e.r)
	if err != nil {
		t.Fatalf("event stream ended (it is bounded to %v): %v", hangBound(t), err)
	}
	return event, data
}

// TestServeWatchUnderFaults breaks, fixes, deletes, renames and adds
// files under a running `serve --watch`: it keeps serving the last good
// build while the content is broken, says why in the terminal and to the
// page, recovers when fixed, and never exits.
func TestServeWatchUnderFaults(t *testing.T) {
	t.Parallel() // its own site folder, process and port
	site := serveSite(t)
	s := startServe(t, nil, "-s", site, "--watch")
	ev := s.events(t)
	alpha := filepath.Join(site, "content/procedures/alpha.md")

	sitetest.WriteFile(t, alpha, "---\nid: SMS-PROC-001\ntitle: [unclosed\n---\nbody\n")
	event, data := ev.next(t)
	if event != "build-error" || !strings.Contains(data, "content/procedures/alpha.md:3:") {
		t.Errorf("a broken edit: event %s %s, want build-error at content/procedures/alpha.md:3", event, data)
	}
	if status, page := s.get(t, "docs/sms-proc-001/"); status != 200 || !strings.Contains(page, "version one") {
		t.Errorf("the last good build is not served while the content is broken: %d", status)
	}
	if status, page := s.get(t, "docs/sms-proc-001/"); status != 200 || !strings.Contains(page, "/_handbook/livereload.js") {
		t.Errorf("the page has no live-reload script: %d", status)
	}
	s.waitLine(t, "Changed: content/procedures/alpha.md")
	// stderr is written just before the event
	servetest.WaitFor(t, "the terminal message", func() bool {
		return strings.Contains(s.stderr.String(), "still serving the last good build")
	})
	if !strings.Contains(s.stderr.String(), "content/procedures/alpha.md:3:") {
		t.Errorf("the terminal does not show the error at path:line:\n%s", s.stderr.String())
	}

	sitetest.WriteFile(t, alpha, serveDoc("SMS-PROC-001", "Alpha Procedure", "internal", "Alpha body, version two.\n"))
	if event, _ := ev.next(t); event != "reload" {
		t.Errorf("after the fix: %s, want reload", event)
	}
	if _, page := s.get(t, "docs/sms-proc-001/"); !strings.Contains(page, "version two") {
		t.Error("the fixed page is not served")
	}

	beta := filepath.Join(site, "content/procedures/beta.md")
	if err := os.Rename(beta, filepath.Join(site, "content/procedures/beta-renamed.md")); err != nil {
		t.Fatal(err)
	}
	if event, _ := ev.next(t); event != "reload" {
		t.Errorf("after a rename: %s, want reload", event)
	}
	sitetest.WriteFile(t, filepath.Join(site, "content/new/deeper/delta.md"), serveDoc("SMS-PROC-004", "Delta Procedure", "internal", "Delta body.\n"))
	for {
		if event, _ := ev.next(t); event != "reload" {
			t.Fatalf("after adding a folder: %s", event)
		}
		if st, _ := s.get(t, "docs/sms-proc-004/"); st == 200 {
			break
		}
	}

	churn(t, site)
	sitetest.WriteFile(t, alpha, serveDoc("SMS-PROC-001", "Alpha Procedure", "internal", "Alpha body, version three.\n"))
	for {
		event, _ := ev.next(t)
		if _, page := s.get(t, "docs/sms-proc-001/"); event == "reload" && strings.Contains(page, "version three") {
			break
		}
	}
	if err := s.stop(t, syscall.SIGTERM); err != nil {
		t.Errorf("serve did not survive the faults: %v\n%s", err, s.stderr.String())
	}
	t.Logf("stderr:\n%s", s.stderr.String())
}

// churn creates, renames and deletes documents and folders while builds
// run, so that files vanish between being listed and being read. Pauses
// longer than the watcher's quiet period start builds in the middle of it.
func churn(t *testing.T, site string) {
	t.Helper()
	for i := range 120 {
		dir := filepath.Join(site, "content", fmt.Sprintf("churn-%d", i%3))
		p := filepath.Join(dir, fmt.Sprintf("doc-%d.md", i))
		sitetest.WriteFile(t, p, serveDoc(fmt.Sprintf("SMS-PROC-%d", 100+i), fmt.Sprintf("Churn %d", i), "internal", strings.Repeat("Churn text. ", 300)))
		_ = os.Rename(p, p+".moved.md")
		if i%2 == 0 {
			_ = os.Remove(p + ".moved.md")
		}
		if i%20 == 19 {
			_ = os.RemoveAll(dir)
		}
		time.Sleep(time.Duration(i%4) * 15 * time.Millisecond)
	}
	for i := range 3 {
		_ = os.RemoveAll(filepath.Join(site, "content", fmt.Sprintf("churn-%d", i)))
	}
}

// BenchmarkWatchLatency measures, on the benchmark corpus (1,000 documents
// by default, see package benchcorpus), the time from writing one edited
// document to the reload event reaching an open page: rebuild, re-index and
// notification included, through the real binary; with the figures drawn,
// and without (--no-figures); for an edit of the body, and for a version
// bump in the front matter (which redoes the register too). Each edit must
// reach the served page (and the search, or the log); the time is reported
// (ms/reload), never asserted.
func BenchmarkWatchLatency(b *testing.B) {
	corpus := benchcorpus.Site(b)
	for _, bb := range []struct {
		name  string
		flags []string
	}{{"figures", nil}, {"no-figures", []string{"--no-figures"}}} {
		for _, e := range latencyEdits {
			b.Run(bb.name+"/"+e.name, func(b *testing.B) { watchLatency(b, corpus, bb.flags, e) })
		}
	}
}

func watchLatency(b *testing.B, corpus string, flags []string, e latencyEdit) {
	site := b.TempDir()
	if err := os.CopyFS(site, os.DirFS(corpus)); err != nil {
		b.Fatal(err)
	}
	doc, id := corpusDoc(b, site)
	start := time.Now()
	s := startServe(b, nil, append([]string{"-s", site, "--watch", "--quiet"}, flags...)...)
	b.Logf("first build and start: %v", time.Since(start).Round(time.Millisecond))
	ev := s.events(b)
	orig, err := os.ReadFile(doc)
	if err != nil {
		b.Fatal(err)
	}
	var took []time.Duration
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		took = append(took, editOnce(b, s, ev, doc, orig, id, i, e, b.StopTimer, b.StartTimer))
	}
	sorted := slices.Sorted(slices.Values(took))
	b.ReportMetric(float64(sorted[len(sorted)/2].Microseconds())/1000, "ms/reload-median")
	b.Logf("watch latency, write to reload event, %d %s edits of %s: min %v, median %v, max %v",
		len(took), e.name, id, sorted[0].Round(time.Millisecond), sorted[len(sorted)/2].Round(time.Millisecond),
		sorted[len(sorted)-1].Round(time.Millisecond))
	_ = s.stop(b, syscall.SIGTERM)
}

// latencyEdit is a kind of edit the watch-latency harness times.
type latencyEdit struct {
	name string
	// edit makes the i-th edit of a document's source, and a word that
	// the served page has once the edit is applied.
	edit func(orig []byte, i int) (edited []byte, marker string)
	// check fails unless the rest of the served site shows the edit.
	check func(tb testing.TB, s *server, id, marker string)
}

var versionLine = regexp.MustCompile(`(?m)^version:.*$`)

var latencyEdits = []latencyEdit{
	{
		name: "body", // a new word appended: the search must find it
		edit: func(orig []byte, i int) ([]byte, string) {
			marker := fmt.Sprintf("latencymarker%d", i)
			return append(slices.Clone(orig), []byte("\n\nEdited: "+marker+".\n")...), marker
		},
		check: func(tb testing.TB, s *server, id, marker string) {
			if _, hits := s.get(tb, "api/search?q="+marker); !strings.Contains(hits, id) {
				tb.Errorf("%s is not found by the search: %.300s", marker, hits)
			}
		},
	},
	{
		name: "version", // a version bump: the Documentation Log must show it
		edit: func(orig []byte, i int) ([]byte, string) {
			v := fmt.Sprintf("9.%d", i)
			return versionLine.ReplaceAll(orig, []byte(`version: "`+v+`"`)), `data-version="` + v + `"`
		},
		check: func(tb testing.TB, s *server, id, marker string) {
			v := strings.TrimSuffix(strings.TrimPrefix(marker, `data-version="`), `"`)
			if _, log := s.get(tb, "log.json"); !strings.Contains(log, `"version":"`+v+`"`) {
				tb.Errorf("log.json does not show version %s of %s", v, id)
			}
		},
	},
}

// editOnce makes the i-th edit of a document, waits for the reload event
// and returns the time from the write to the event; then (with pause
// called, resume after) it checks that the served page and site show it.
func editOnce(tb testing.TB, s *server, ev *events, doc string, orig []byte, id string, i int, e latencyEdit, pause, resume func()) time.Duration {
	tb.Helper()
	edited, marker := e.edit(orig, i)
	t0 := time.Now()
	// Saved as editors save: written beside and renamed into place, so the
	// watcher never sees a half-written (or truncated, empty) file, which
	// on a loaded machine it could between os.WriteFile's truncate and
	// its write.
	tmp := doc + ".tmp~"
	if err := os.WriteFile(tmp, edited, 0o644); err != nil {
		tb.Fatal(err)
	}
	if err := os.Rename(tmp, doc); err != nil {
		tb.Fatal(err)
	}
	if event, data := ev.next(tb); event != "reload" {
		tb.Fatalf("%s edit %d: %s %s", e.name, i, event, data)
	}
	took := time.Since(t0)
	pause()
	defer resume()
	if _, page := s.get(tb, "docs/"+strings.ToLower(id)+"/"); !strings.Contains(page, marker) {
		tb.Fatalf("%s edit %d is not in the served page", e.name, i)
	}
	e.check(tb, s, id, marker)
	return took
}

// TestWatchLatency is the harness for the watch-latency target: on 30
// documents of the benchmark corpus (every type, as in internal/build's
// TestCacheSameOutputCorpus; HANDBOOK_BENCH_N=1000 for the README's
// figure, which is on 1,000), through the real binary, it edits
// one document several times, its body and then its version, and logs the
// time from each write to the reload event (median, min, max), after
// checking that each edit reached the page and the search or the log, and
// was applied incrementally. The time is logged, never asserted.
func TestWatchLatency(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the benchmark corpus: skipped with -short")
	}
	// Its own copy of the corpus and server; the logged figure is for a run
	// of this test alone (-run TestWatchLatency).
	t.Parallel()
	n := 30 // enough for the checks; the figure is measured on more
	if os.Getenv(benchcorpus.EnvSize) != "" {
		n = benchcorpus.Size(t)
	}
	corpus := benchcorpus.SiteN(t, n) // skips when ../shared/bench is missing
	site := t.TempDir()
	if err := os.CopyFS(site, os.DirFS(corpus)); err != nil {
		t.Fatal(err)
	}
	doc, id := corpusDoc(t, site)
	start := time.Now()
	s := startServe(t, nil, "-s", site, "--watch", "--quiet")
	t.Logf("first build and start: %v", time.Since(start).Round(time.Millisecond))
	ev := s.events(t)
	orig, err := os.ReadFile(doc)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range latencyEdits {
		var took []time.Duration
		for i := range 9 {
			took = append(took, editOnce(t, s, ev, doc, orig, id, i, e, func() {}, func() {}))
			s.waitLine(t, "Rebuilt "+id+" in ") // incrementally: a full build prints no such line
		}
		sorted := slices.Sorted(slices.Values(took))
		t.Logf("watch latency, write to reload event, %d %s edits of %s: min %v, median %v, max %v (each: %v)",
			len(took), e.name, id, sorted[0].Round(time.Millisecond), sorted[len(sorted)/2].Round(time.Millisecond),
			sorted[len(sorted)-1].Round(time.Millisecond), took)
	}
}

// corpusDoc picks a document of the corpus to edit, and its id.
func corpusDoc(t testing.TB, site string) (path, id string) {
	t.Helper()
	matches, _ := filepath.Glob(filepath.Join(site, "content", "procedures", "*.md"))
	if len(matches) == 0 {
		t.Fatal("no procedure in the corpus")
	}
	b, err := os.ReadFile(matches[0])
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^id: *"?([A-Z0-9-]+)`).FindSubmatch(b)
	if m == nil {
		t.Fatalf("%s has no id", matches[0])
	}
	return matches[0], string(m[1])
}
