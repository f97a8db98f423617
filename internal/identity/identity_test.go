package identity

import (
	"net/http/httptest"
	"slices"
	"testing"
)

func TestFromRequest(t *testing.T) {
	trusted, err := ParseTrusted([]string{"10.0.0.0/8", "::1", "127.0.0.1"})
	if err != nil {
		t.Fatal(err)
	}
	p := &Proxy{Trusted: trusted}
	tests := []struct {
		name    string
		remote  string
		headers map[string]string
		want    Result
	}{
		{"trusted, oauth2-proxy headers", "10.1.2.3:5000", map[string]string{"X-Forwarded-User": "ana", "X-Forwarded-Email": "ana@x", "X-Forwarded-Groups": "staff, it-managers,staff"},
			Result{Reader: Reader{ID: "ana", Email: "ana@x", Groups: []string{"staff", "it-managers"}}, SignedIn: true}},
		{"trusted, X-Auth-Request set", "[::1]:80", map[string]string{"X-Auth-Request-User": "ben", "X-Auth-Request-Groups": "auditors"},
			Result{Reader: Reader{ID: "ben", Groups: []string{"auditors"}}, SignedIn: true}},
		{"trusted, Authelia", "127.0.0.1:1", map[string]string{"Remote-User": "cy", "Remote-Groups": "a,b"},
			Result{Reader: Reader{ID: "cy", Groups: []string{"a", "b"}}, SignedIn: true}},
		{"trusted, no user", "10.0.0.1:1", map[string]string{"X-Forwarded-Groups": "admins"}, Result{}},
		{"untrusted peer: spoofed", "192.0.2.7:1", map[string]string{"X-Forwarded-User": "ceo", "X-Forwarded-Groups": "auditors"}, Result{Spoofed: true}},
		{"untrusted, only groups: spoofed", "192.0.2.7:1", map[string]string{"X-Forwarded-Groups": "auditors"}, Result{Spoofed: true}},
		{"untrusted, no headers", "192.0.2.7:1", nil, Result{}},
		{"IPv4-mapped IPv6 peer", "[::ffff:10.0.0.9]:1", map[string]string{"X-Forwarded-User": "dee"}, Result{Reader: Reader{ID: "dee"}, SignedIn: true}},
	}
	for _, tt := range tests {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = tt.remote
		for k, v := range tt.headers {
			r.Header.Set(k, v)
		}
		got := p.FromRequest(r)
		if got.SignedIn != tt.want.SignedIn || got.Spoofed != tt.want.Spoofed || got.Reader.ID != tt.want.Reader.ID ||
			got.Reader.Email != tt.want.Reader.Email || !slices.Equal(got.Reader.Groups, tt.want.Reader.Groups) {
			t.Errorf("%s: got %+v, want %+v", tt.name, got, tt.want)
		}
	}
}

func TestConfiguredHeaders(t *testing.T) {
	trusted, _ := ParseTrusted([]string{"127.0.0.1"})
	p := &Proxy{Trusted: trusted, UserHeaders: []string{"X-Remote-Id"}}
	r := httptest.NewRequest("GET", "/", nil)
	r.RemoteAddr = "127.0.0.1:9"
	r.Header.Set("X-Forwarded-User", "ignored")
	r.Header.Set("X-Remote-Id", "eve")
	if got := p.FromRequest(r); got.Reader.ID != "eve" {
		t.Errorf("configured header: %+v", got)
	}
}

func TestParseTrustedRejectsJunk(t *testing.T) {
	if _, err := ParseTrusted([]string{"10.0.0.0/8", "proxy.local"}); err == nil {
		t.Error("a host name was accepted as a trusted proxy")
	}
}
