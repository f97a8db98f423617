// Package identity reads who a reader is from the headers an
// authenticating reverse proxy sets (oauth2-proxy, Authelia, Pomerium and
// most ingress controllers), and which audience of the handbook that
// reader may read. Headers count only on requests whose peer address is a
// trusted proxy: from anywhere else they are ignored (and reported, so the
// server can log the attempt).
package identity

import (
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"slices"
	"strings"
)

// Reader is a signed-in reader.
type Reader struct {
	ID     string
	Email  string
	Groups []string
}

// Default header names, first match wins: the X-Forwarded-* set of
// oauth2-proxy's and Pomerium's upstream headers, then oauth2-proxy's
// X-Auth-Request-* set, then Authelia's Remote-*.
var (
	DefaultUserHeaders   = []string{"X-Forwarded-User", "X-Auth-Request-User", "Remote-User"}
	DefaultEmailHeaders  = []string{"X-Forwarded-Email", "X-Auth-Request-Email", "Remote-Email"}
	DefaultGroupsHeaders = []string{"X-Forwarded-Groups", "X-Auth-Request-Groups", "Remote-Groups"}
)

// Proxy says which peers are trusted and which headers they set.
type Proxy struct {
	Trusted       []netip.Prefix
	UserHeaders   []string
	EmailHeaders  []string
	GroupsHeaders []string
}

// ParseTrusted parses addresses and CIDR ranges ("127.0.0.1",
// "10.0.0.0/8", "::1").
func ParseTrusted(list []string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, s := range list {
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		if p, err := netip.ParsePrefix(s); err == nil {
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(s)
		if err != nil {
			return nil, fmt.Errorf("--trusted-proxy %q: not an address or CIDR range", s)
		}
		out = append(out, netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()))
	}
	return out, nil
}

// Result is what a request says about its reader.
type Result struct {
	Reader Reader
	// SignedIn: a trusted proxy named a user.
	SignedIn bool
	// Spoofed: identity headers came from a peer that is not trusted;
	// they were ignored.
	Spoofed bool
}

// FromRequest reads the reader of r. Without a user header from a
// trusted peer the reader is anonymous.
func (p *Proxy) FromRequest(r *http.Request) Result {
	user := first(r.Header, p.userHeaders())
	if !p.trusted(r.RemoteAddr) {
		spoofed := user != "" || first(r.Header, p.groupsHeaders()) != "" || first(r.Header, p.emailHeaders()) != ""
		return Result{Spoofed: spoofed}
	}
	if user == "" {
		return Result{}
	}
	rd := Reader{ID: user, Email: first(r.Header, p.emailHeaders())}
	for _, h := range p.groupsHeaders() {
		for _, v := range r.Header.Values(h) {
			for g := range strings.SplitSeq(v, ",") {
				if g = strings.TrimSpace(g); g != "" && !slices.Contains(rd.Groups, g) {
					rd.Groups = append(rd.Groups, g)
				}
			}
		}
		if len(rd.Groups) > 0 {
			break
		}
	}
	return Result{Reader: rd, SignedIn: true}
}

func (p *Proxy) trusted(remote string) bool {
	host, _, err := net.SplitHostPort(remote)
	if err != nil {
		host = remote
	}
	a, err := netip.ParseAddr(host)
	if err != nil {
		return false
	}
	a = a.Unmap()
	for _, pr := range p.Trusted {
		if pr.Contains(a) {
			return true
		}
	}
	return false
}

func (p *Proxy) userHeaders() []string   { return or(p.UserHeaders, DefaultUserHeaders) }
func (p *Proxy) emailHeaders() []string  { return or(p.EmailHeaders, DefaultEmailHeaders) }
func (p *Proxy) groupsHeaders() []string { return or(p.GroupsHeaders, DefaultGroupsHeaders) }

func or(a, b []string) []string {
	if len(a) > 0 {
		return a
	}
	return b
}

// first returns the first non-empty value among the headers, trimmed.
func first(h http.Header, names []string) string {
	for _, n := range names {
		if v := strings.TrimSpace(h.Get(n)); v != "" {
			return v
		}
	}
	return ""
}
