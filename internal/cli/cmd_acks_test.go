package cli

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"

	"handbook/internal/sitetest"
)

// TestServeAcknowledgementsSurviveKill: readers acknowledge through a
// trusted proxy, 8 at a time, and serve is killed with SIGKILL in the
// middle of it; every write it answered 303 is on record afterwards
// (handbook acks export).
func TestServeAcknowledgementsSurviveKill(t *testing.T) {
	t.Parallel() // its own site, database, process and port
	site := serveSite(t)
	sitetest.WriteFile(t, filepath.Join(site, "handbook.yaml"), "acknowledge: {types: [procedure]}\n")
	data := t.TempDir()
	s := startServe(t, nil, "-s", site, "--trusted-proxy", "127.0.0.1", "--data", data)
	s.waitLine(t, "Readers: signed in")
	formRE := regexp.MustCompile(`name="version" value="([^"]+)"><input type="hidden" name="token" value="([0-9a-f]+)"`)
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	// ack acknowledges as reader: the page for its form, then the POST;
	// it reports whether serve answered that the write is done.
	ack := func(reader string) bool {
		req, _ := http.NewRequest("GET", s.url+"docs/sms-proc-001/", nil)
		req.Header.Set("X-Forwarded-User", reader)
		resp, err := client.Do(req)
		if err != nil {
			return false
		}
		page, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		m := formRE.FindStringSubmatch(string(page))
		if m == nil {
			return false
		}
		form := url.Values{"doc": {"SMS-PROC-001"}, "version": {m[1]}, "token": {m[2]}}
		req, _ = http.NewRequest("POST", s.url+"api/ack", strings.NewReader(form.Encode()))
		req.Header.Set("X-Forwarded-User", reader)
		req.Header.Set("Sec-Fetch-Site", "same-origin")
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		resp, err = client.Do(req)
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == http.StatusSeeOther
	}
	var mu sync.Mutex
	var answered []string
	var wg sync.WaitGroup
	killed := make(chan struct{})
	for w := range 8 {
		wg.Go(func() {
			for i := 0; ; i++ {
				select {
				case <-killed:
					return
				default:
				}
				reader := fmt.Sprintf("r%d-%d", w, i)
				if ack(reader) {
					mu.Lock()
					answered = append(answered, reader)
					n := len(answered)
					mu.Unlock()
					if n == 40 {
						_ = s.cmd.Process.Signal(syscall.SIGKILL)
						close(killed)
					}
				}
			}
		})
	}
	wg.Wait()
	s.waitExit(t)
	out, err := exec.Command(binary(t), "acks", "export", "--data", data).CombinedOutput()
	if err != nil {
		t.Fatalf("export: %v\n%s", err, out)
	}
	for _, r := range answered {
		if !strings.Contains(string(out), "\n"+r+",,SMS-PROC-001,") {
			t.Errorf("%s was answered 303 before the kill but is not on record", r)
		}
	}
	if len(answered) < 40 {
		t.Errorf("only %d acknowledgements answered", len(answered))
	}
}

func TestServeUnreachableDatabaseExitsWithMessage(t *testing.T) {
	cmd := exec.Command(binary(t), "serve", "--addr", ":0", "-s", serveSite(t), "--trusted-proxy", "127.0.0.1",
		"--db", "postgres://nobody@127.0.0.1:1/none?sslmode=disable&connect_timeout=2")
	out, err := cmd.CombinedOutput()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != ExitContent || !strings.Contains(string(out), "acknowledgement database is unavailable") {
		t.Fatalf("exit %v:\n%s", err, out)
	}
}

func TestAcksImportRejectsBadRowsAtTheirLine(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in.csv")
	if err := os.WriteFile(in, []byte("reader,email,doc,version,page_sha256,at\nana,a@x,D-1,1.0,h,2026-12-01T10:00:00Z\nben,b@x,D-1,1.0,h,yesterday\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(binary(t), "acks", "import", "--data", filepath.Join(dir, "db"), in).CombinedOutput()
	if err == nil || !strings.Contains(string(out), in+`:3: bad time "yesterday"`) || !strings.Contains(string(out), "Nothing imported.") {
		t.Fatalf("exit %v:\n%s", err, out)
	}
}
