package serve

import (
	"context"
	"net/http"

	"handbook/internal/acks"
	"handbook/internal/config"
	"handbook/internal/identity"
)

// Readers turns on per-reader answers: identity from a trusted
// authenticating proxy, each request answered from the edition of the
// reader's audience, and acknowledgements. A nil *Readers in Options
// serves one anonymous edition, as a server without single sign-on.
type Readers struct {
	Proxy identity.Proxy
	// Config gives audience_groups, the audiences' ranks and acknowledge.
	Config *config.Config
	// Deny answers 403 to a reader in no group of audience_groups (and to
	// requests without identity); otherwise they read the lowest audience.
	Deny bool
	// Store records acknowledgements; nil turns them off.
	Store *acks.Store
	// Roster lists the readers expected to acknowledge (readers.csv);
	// empty means the readers seen so far.
	Roster []identity.Reader
	// Single is the one edition served to every reader when the
	// configuration has no audience_groups ("" for all documents).
	Single string
}

// visit is what the server knows of a request's reader.
type visit struct {
	reader   identity.Reader
	signedIn bool
	audience string
	denied   bool // in no group, with Readers.Deny: answered 403
}

type visitKey struct{}

func visitOf(r *http.Request) *visit {
	v, _ := r.Context().Value(visitKey{}).(*visit)
	return v
}

// editions lists the audiences the server publishes an edition of: every
// audience of audience_groups, and the lowest one (readers in no group);
// "" alone without Readers.
func (rd *Readers) editions() []string {
	if rd == nil {
		return []string{""}
	}
	if len(rd.Config.AudienceGroups) == 0 {
		return []string{rd.Single}
	}
	names := rd.Config.AudiencesByRank()
	out := []string{names[0]}
	for _, n := range names[1:] {
		if _, ok := rd.Config.AudienceGroups[n]; ok {
			out = append(out, n)
		}
	}
	return out
}

// Editions lists the audiences whose editions a server with these options
// publishes (Publish each, Site.Audience set): "" alone when it has no
// Readers.
func (o Options) Editions() []string { return o.Readers.editions() }

// identify reads the reader of r and chooses the edition, returning r
// with its visit (see visitOf). A reader who may read nothing is marked
// denied (answered 403 with the lowest edition's error page).
func (s *Server) identify(r *http.Request) *http.Request {
	rd := s.opts.Readers
	if rd == nil {
		return r
	}
	res := rd.Proxy.FromRequest(r)
	if res.Spoofed {
		s.opts.Logger.Warn("identity headers from an untrusted address ignored", "remote", r.RemoteAddr, "path", r.URL.Path)
	}
	v := &visit{reader: res.Reader, signedIn: res.SignedIn, audience: s.order[0]}
	aud, ok := rd.Config.GroupAudience(res.Reader.Groups)
	switch {
	case !res.SignedIn || !ok:
		v.denied = rd.Deny
	case s.hasEdition(aud):
		v.audience = aud
	default: // an audience with no edition of its own: the highest below it
		v.audience = s.editionBelow(aud)
	}
	return r.WithContext(context.WithValue(r.Context(), visitKey{}, v))
}

// hasEdition reports whether aud is one of the published editions.
func (s *Server) hasEdition(aud string) bool {
	_, ok := s.eds[aud]
	return ok
}

// editionBelow returns the published edition that reads most without
// reading more than aud.
func (s *Server) editionBelow(aud string) string {
	c := s.opts.Readers.Config
	max, _ := c.MaxRank(aud)
	best := s.order[0]
	for _, e := range s.order {
		if r, _ := c.MaxRank(e); r <= max {
			best = e
		}
	}
	return best
}

// mayReport reports whether the visit's audience sees who acknowledged.
func (rd *Readers) mayReport(v *visit) bool {
	if rd == nil || v == nil || !v.signedIn || len(rd.Config.AudienceGroups) == 0 {
		return false // without groups nobody is known to be a manager: use `handbook acks export`
	}
	mine, _ := rd.Config.MaxRank(v.audience)
	need, _ := rd.Config.MaxRank(rd.Config.ReportAudience())
	return mine >= need
}
