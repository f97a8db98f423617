package cli

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"handbook/internal/acks"
	"handbook/internal/build"
	"handbook/internal/config"
	"handbook/internal/identity"
	"handbook/internal/serve"
)

// readerFlags are serve's single sign-on and acknowledgement flags.
type readerFlags struct {
	trusted                string
	userH, emailH, groupsH string
	noGroup                string
	data, db               string
}

func (rf *readerFlags) register(fs *flagSet) {
	const ex = "handbook serve --trusted-proxy 127.0.0.1 "
	for _, f := range []struct {
		p                         *string
		name, def, usage, example string
	}{
		{&rf.trusted, "trusted-proxy", "", "take readers' identity from the authenticating proxy at these `addresses` (comma-separated IPs or CIDR ranges); identity headers from anywhere else are ignored and logged", "handbook serve --trusted-proxy 10.0.0.0/8"},
		{&rf.userH, "user-header", "", "the `header` naming the signed-in user (default: X-Forwarded-User, X-Auth-Request-User, Remote-User)", ex + "--user-header X-Remote-User"},
		{&rf.emailH, "email-header", "", "the `header` with the user's email (default: X-Forwarded-Email, X-Auth-Request-Email, Remote-Email)", ex + "--email-header X-Remote-Email"},
		{&rf.groupsH, "groups-header", "", "the `header` with the user's groups, comma-separated (default: X-Forwarded-Groups, X-Auth-Request-Groups, Remote-Groups)", ex + "--groups-header X-Remote-Groups"},
		{&rf.noGroup, "no-group", "lowest", "a reader in no group of audience_groups reads the `lowest` audience, or is refused (deny)", ex + "--no-group deny"},
		{&rf.data, "data", "", "the `folder` of the acknowledgement database (SQLite; default SITE/.handbook-data)", ex + "--data /var/lib/handbook"},
		{&rf.db, "db", "", "a PostgreSQL `URL` (postgres://...) for acknowledgements, shared by several serve replicas", ex + "--db postgres://handbook@db/handbook"},
	} {
		fs.stringFlag(f.p, f.name, f.def, f.usage, f.example)
	}
}

// readers builds serve.Readers from the flags, or nil when --trusted-proxy
// is not given (anonymous, as without single sign-on). The caller closes
// the store. Roster problems are printed as warnings.
func (rf *readerFlags) readers(ctx context.Context, env *Env, site, audience string) (*serve.Readers, error) {
	if rf.trusted == "" {
		if rf.db != "" || rf.data != "" {
			return nil, usageErrorf("--data and --db need --trusted-proxy: acknowledgements are made by signed-in readers")
		}
		return nil, nil
	}
	trusted, err := identity.ParseTrusted(strings.Split(rf.trusted, ","))
	if err != nil {
		return nil, usageErrorf("%v", err)
	}
	if rf.noGroup != "lowest" && rf.noGroup != "deny" {
		return nil, usageErrorf("--no-group must be lowest or deny, not %q", rf.noGroup)
	}
	cfg, err := config.Load(site)
	if err != nil {
		return nil, err
	}
	if audience != "" && len(cfg.AudienceGroups) > 0 {
		return nil, usageErrorf("--audience and audience_groups (handbook.yaml) both choose the edition: drop --audience")
	}
	rd := &serve.Readers{Config: cfg, Deny: rf.noGroup == "deny", Single: audience,
		Proxy: identity.Proxy{Trusted: trusted, UserHeaders: list(rf.userH), EmailHeaders: list(rf.emailH), GroupsHeaders: list(rf.groupsH)}}
	data := rf.data
	if data == "" {
		data = filepath.Join(site, ".handbook-data")
	}
	if rd.Store, err = acks.Open(ctx, rf.db, data); err != nil {
		return nil, err
	}
	rd.Roster = readRoster(env, site)
	return rd, nil
}

// readRoster reads content/_data/readers.csv when there is one, printing
// its problems as warnings (its good rows still count).
func readRoster(env *Env, site string) []identity.Reader {
	b, err := os.ReadFile(filepath.Join(site, acks.RosterFile))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		fmt.Fprintf(env.Stderr, "%s: warning: %v\n", acks.RosterFile, err)
		return nil
	}
	roster, err := acks.ReadRoster(acks.RosterFile, b)
	if err != nil {
		for _, line := range strings.Split(err.Error(), "\n") {
			fmt.Fprintf(env.Stderr, "warning: %s\n", line)
		}
	}
	return roster
}

func list(s string) []string {
	if s == "" {
		return nil
	}
	return []string{s}
}

// usageErrorf is a usage error (exit 2) for exitFor.
func usageErrorf(format string, args ...any) error {
	return &build.UsageError{Err: fmt.Errorf(format, args...)}
}
