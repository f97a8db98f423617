package chromium

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestFind(t *testing.T) {
	dir := t.TempDir()
	bin := func(sub, name string, mode os.FileMode) string {
		p := filepath.Join(dir, sub, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("#!/bin/sh\n"), mode); err != nil {
			t.Fatal(err)
		}
		return p
	}
	chrome := bin("a", "google-chrome", 0o755)
	chromium := bin("b", "chromium", 0o755)
	bin("c", "chromium", 0o644) // not executable
	custom := bin("d", "my-browser", 0o755)
	notExec := bin("d", "readme", 0o644)
	path := func(subs ...string) string {
		var ps []string
		for _, s := range subs {
			ps = append(ps, filepath.Join(dir, s))
		}
		return strings.Join(ps, string(os.PathListSeparator))
	}
	tests := []struct {
		name    string
		env     map[string]string
		want    string
		wantErr string
	}{
		{"chromium before chrome, whatever the PATH order", map[string]string{"PATH": path("a", "b")}, chromium, ""},
		{"chrome when no chromium", map[string]string{"PATH": path("a")}, chrome, ""},
		{"not executable is skipped", map[string]string{"PATH": path("c", "a")}, chrome, ""},
		{"variable wins", map[string]string{"PATH": path("b"), EnvPath: custom}, custom, ""},
		{"variable not executable", map[string]string{"PATH": path("b"), EnvPath: notExec}, "", "not an executable"},
		{"nothing", map[string]string{"PATH": path("c") + string(os.PathListSeparator)}, "", "not installed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Find(func(k string) string { return tt.env[k] })
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("Find = %q, %v; want an error with %q", got, err, tt.wantErr)
				}
				if tt.wantErr == "not installed" && !errors.Is(err, ErrNotFound) {
					t.Errorf("error %v is not ErrNotFound", err)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("Find = %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}
