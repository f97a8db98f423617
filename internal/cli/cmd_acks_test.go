package cli

import (
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
)

// TestServeAcknowledgementSurvivesKill: a reader acknowledges through a
// trusted proxy, serve is killed with SIGKILL at once, and the answered
// write is on record (handbook acks export).
func TestServeAcknowledgementSurvivesKill(t *testing.T) {
	site := serveSite(t)
	writeFile(t, filepath.Join(site, "handbook.yaml"), "acknowledge: {types: [procedure]}\n")
	data := t.TempDir()
	s := startServe(t, nil, "-s", site, "--trusted-proxy", "127.0.0.1", "--data", data)
	s.waitLine(t, "Readers: signed in")
	do := func(method, path string, form url.Values) (*http.Response, string) {
		var body io.Reader
		if form != nil {
			body = strings.NewReader(form.Encode())
		}
		req, _ := http.NewRequest(method, s.url+strings.TrimPrefix(path, "/"), body)
		req.Header.Set("X-Forwarded-User", "ana")
		req.Header.Set("Origin", strings.TrimSuffix(s.url, "/"))
		if form != nil {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
		resp, err := (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp, string(b)
	}
	_, page := do("GET", "/docs/sms-proc-001/", nil)
	m := regexp.MustCompile(`name="version" value="([^"]+)"><input type="hidden" name="token" value="([0-9a-f]+)"`).FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no acknowledgement form:\n%s", page)
	}
	resp, _ := do("POST", "/api/ack", url.Values{"doc": {"SMS-PROC-001"}, "version": {m[1]}, "token": {m[2]}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("ack: %d", resp.StatusCode)
	}
	_ = s.stop(t, syscall.SIGKILL)
	out, err := exec.Command(binary(t), "acks", "export", "--data", data).CombinedOutput()
	if err != nil || !strings.Contains(string(out), "\nana,,SMS-PROC-001,"+m[1]+",") {
		t.Fatalf("after SIGKILL the acknowledgement is not on record (%v):\n%s", err, out)
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
