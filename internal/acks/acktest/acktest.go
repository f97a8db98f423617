// Package acktest gives tests the acknowledgement databases to run
// against: a SQLite file in a temporary folder, and a fresh database on
// the PostgreSQL server named by HANDBOOK_TEST_POSTGRES (started by
// scripts/pg-test-cluster.sh, as .ci/run does). Without that variable the
// PostgreSQL cases are skipped with a message, unless
// HANDBOOK_REQUIRE_POSTGRES=1 (CI), where they fail instead.
package acktest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib"
)

// Backend is one database to run a test against: DSN and DataDir are what
// acks.Open takes.
type Backend struct {
	Name    string
	DSN     string
	DataDir string
}

// Backends returns SQLite, then PostgreSQL when a server is configured.
func Backends(t testing.TB) []Backend {
	bs := []Backend{{Name: "sqlite", DataDir: t.TempDir()}}
	if dsn := Postgres(t); dsn != "" {
		bs = append(bs, Backend{Name: "postgres", DSN: dsn})
	}
	return bs
}

// Postgres returns the URL of a new, empty database on the test server,
// dropped when the test ends; "" when no server is configured (the test
// is then told why).
func Postgres(t testing.TB) string {
	base := os.Getenv("HANDBOOK_TEST_POSTGRES")
	if base == "" {
		if os.Getenv("HANDBOOK_REQUIRE_POSTGRES") == "1" {
			t.Fatal("HANDBOOK_REQUIRE_POSTGRES=1 but HANDBOOK_TEST_POSTGRES is not set (see scripts/pg-test-cluster.sh)")
		}
		t.Log("PostgreSQL cases skipped: set HANDBOOK_TEST_POSTGRES (eval \"$(scripts/pg-test-cluster.sh start)\")")
		return ""
	}
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	name := "handbook_test_" + hex.EncodeToString(b)
	if _, err := admin.ExecContext(context.Background(), "CREATE DATABASE "+name); err != nil {
		admin.Close()
		t.Fatalf("creating a test database on %s: %v", base, err)
	}
	t.Cleanup(func() {
		_, _ = admin.ExecContext(context.Background(), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
		admin.Close()
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}
