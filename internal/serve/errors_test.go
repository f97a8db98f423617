package serve

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"handbook/internal/sitetest"
)

// TestErrorsInOneShape: every error of /api/search is JSON {"error": msg}
// (the shape of the search handler's own), and every other error but 404
// is the site's own error page with the message, never plain text.
func TestErrorsInOneShape(t *testing.T) {
	t.Parallel()
	dir := fixture(t)
	page := `<!DOCTYPE html><html><head><title>Error</title></head><body>SITE ERROR PAGE: <p>` + ErrorSlot + `</p></body></html>`
	sitetest.WriteFile(t, filepath.Join(dir, "error.html"), page)
	search := &blockingSearch{release: make(chan struct{}), started: make(chan struct{}, 10)}
	_, addr := startServer(t, Options{Limits: Limits{MaxQuery: 64, Timeout: 100 * time.Millisecond}}, Site{Dir: dir, Search: search})
	long := strings.Repeat("a", 100)
	for _, tt := range []struct {
		method, target string
		status         int
		json           bool
		msg            string
	}{
		{"GET", "/api/search?q=" + long, 400, true, "The query is too long"},
		{"POST", "/api/search?q=x", 405, true, "Only GET and HEAD"},
		{"GET", "/api/search?q=slow", 503, true, "The search took too long"},
		{"GET", "/search/?q=" + long, 400, false, "The query is too long"},
		{"GET", "/search/?q=slow", 503, false, "The search took too long"},
		{"POST", "/", 405, false, "Only GET and HEAD"},
		{"GET", "/%2e%2e/secret.txt", 400, false, "This address is not valid."},
	} {
		t.Run(tt.method+" "+tt.target[:min(len(tt.target), 30)], func(t *testing.T) {
			status, answer := rawGet(t, addr, tt.method, tt.target)
			head, body, _ := strings.Cut(answer, "\n\n")
			if status != tt.status {
				t.Errorf("status %d, want %d", status, tt.status)
			}
			if tt.json {
				var got map[string]string
				if !strings.Contains(head, "Content-Type: application/json") || json.Unmarshal([]byte(body), &got) != nil ||
					len(got) != 1 || !strings.HasPrefix(got["error"], tt.msg) {
					t.Errorf("want JSON {\"error\": %q...}, got\n%s", tt.msg, answer)
				}
				return
			}
			if !strings.Contains(head, "Content-Type: text/html") || !strings.Contains(body, "SITE ERROR PAGE: <p>"+tt.msg) {
				t.Errorf("want the site's error page with %q, got\n%s", tt.msg, answer)
			}
		})
	}
}
