package acks

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// migrations bring the schema from version i to i+1. They are never
// edited once released: a change is a new migration at the end.
var migrations = [][]string{
	// 1: acknowledgements and the server's settings (the token secret).
	{
		`CREATE TABLE acks (
			reader TEXT NOT NULL,
			email TEXT NOT NULL,
			doc TEXT NOT NULL,
			version TEXT NOT NULL,
			at TEXT NOT NULL,
			PRIMARY KEY (reader, doc, version))`,
		`CREATE TABLE settings (name TEXT PRIMARY KEY, value TEXT NOT NULL)`,
	},
	// 2: the hash of the page that was acknowledged, and an index for the
	// per-document report.
	{
		`ALTER TABLE acks ADD COLUMN page_sha256 TEXT NOT NULL DEFAULT ''`,
		`CREATE INDEX acks_doc ON acks (doc, version)`,
	},
}

// SchemaVersion is the schema version this build of the program writes.
func SchemaVersion() int { return len(migrations) }

// migrate brings the schema to version target (len(migrations) in
// production; tests stop earlier to build an old database) in one
// transaction, and loads the token secret, making it on first use.
// Replicas starting together on PostgreSQL take turns through an
// advisory lock.
func (s *Store) migrate(ctx context.Context, target int) error {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if s.kind == "postgres" {
			if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(7320001)`); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)`); err != nil {
			return err
		}
		have, err := schemaVersion(ctx, tx)
		if err != nil {
			return err
		}
		if have > len(migrations) {
			return fmt.Errorf("the database's schema is version %d, newer than this program's %d: upgrade handbook", have, len(migrations))
		}
		for v := have; v < target; v++ {
			for _, stmt := range migrations[v] {
				if _, err := tx.ExecContext(ctx, stmt); err != nil {
					return fmt.Errorf("migration to schema %d: %w", v+1, err)
				}
			}
		}
		if have < target {
			if _, err := tx.ExecContext(ctx, `DELETE FROM schema_version`); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO schema_version (version) VALUES ($1)`, target); err != nil {
				return err
			}
		}
		s.secret, err = secret(ctx, tx)
		return err
	})
	return err
}

func schemaVersion(ctx context.Context, tx *sql.Tx) (int, error) {
	var v int
	err := tx.QueryRowContext(ctx, `SELECT version FROM schema_version`).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return v, err
}

// secret reads the form-token secret, making it when absent.
func secret(ctx context.Context, tx *sql.Tx) ([]byte, error) {
	if _, err := tx.ExecContext(ctx, `INSERT INTO settings (name, value) VALUES ('form_secret', $1)
		ON CONFLICT (name) DO NOTHING`, newSecret()); err != nil {
		return nil, err
	}
	var v string
	err := tx.QueryRowContext(ctx, `SELECT value FROM settings WHERE name = 'form_secret'`).Scan(&v)
	return []byte(v), err
}
