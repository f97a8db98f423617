package markdown

import (
	"testing"

	"handbook/internal/config"
)

// TestTemplateConfigured: template text listed under placeholders is
// replaced, and so not reported.
func TestTemplateConfigured(t *testing.T) {
	cfg := config.Default()
	body := "The [job title] signs on [Date of approval].\n"
	if got := len(render(cfg, body).Problems); got != 2 {
		t.Fatalf("%d problems without placeholders, want 2", got)
	}
	cfg.Placeholders = map[string]string{"[job title]": "Service Manager", "[Date of approval]": "1 May"}
	res := render(cfg, body)
	if len(res.Problems) != 0 {
		t.Errorf("problems with both configured: %v", res.Problems)
	}
	if want := "<p>The Service Manager signs on 1 May.</p>\n"; string(res.HTML) != want {
		t.Errorf("HTML %q, want %q", res.HTML, want)
	}
}
