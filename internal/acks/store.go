// Package acks records which reader acknowledged which version of which
// document (ISO/IEC 20000-1:2018 clause 7.3, awareness): the evidence an
// auditor samples. Records are append-only: the package can add and read
// acknowledgements, never change or delete one.
//
// One schema serves two databases through database/sql: SQLite (embedded,
// pure Go, the default: a file in the data folder, WAL mode, every write
// in a transaction with a full sync) and PostgreSQL (for several server
// replicas behind a load balancer). Both run the same SQL, so the same
// tests run against both.
package acks

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"time"
)

// Ack is one acknowledgement: a reader said "I have read and understood"
// of one version of one document, whose published page had PageHash.
type Ack struct {
	Reader   string    `json:"reader"`
	Email    string    `json:"email"`
	Doc      string    `json:"doc"`
	Version  string    `json:"version"`
	PageHash string    `json:"page_sha256"`
	At       time.Time `json:"at"`
}

// ErrUnavailable wraps every failure to reach the database, so that a
// server can answer 503 for acknowledgements and keep serving pages.
var ErrUnavailable = errors.New("the acknowledgement database is unavailable")

// Store is an open acknowledgement database. Safe for concurrent use.
type Store struct {
	db     *sql.DB
	kind   string // "sqlite" or "postgres", for messages
	secret []byte // signs the per-reader form tokens; shared by replicas
}

// Record stores a unless the reader already acknowledged that version of
// that document; it reports whether a new record was made. The first
// acknowledgement stays the one on record (idempotent per reader,
// document and version). Record returns only after the write is durable.
func (s *Store) Record(ctx context.Context, a Ack) (bool, error) {
	var created bool
	err := s.tx(ctx, func(tx *sql.Tx) (err error) {
		created, err = insert(ctx, tx, a)
		return err
	})
	if err != nil {
		return false, s.unavailable(err)
	}
	return created, nil
}

// insertSQL adds an acknowledgement unless one for the same reader,
// document and version exists (which then stays as it is).
const insertSQL = `INSERT INTO acks (reader, email, doc, version, page_sha256, at)
	VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (reader, doc, version) DO NOTHING`

// insert runs insertSQL for a and reports whether a row was added.
func insert(ctx context.Context, tx *sql.Tx, a Ack) (bool, error) {
	res, err := tx.ExecContext(ctx, insertSQL,
		a.Reader, a.Email, a.Doc, a.Version, a.PageHash, a.At.UTC().Format(time.RFC3339Nano))
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// ForReader returns the reader's acknowledgements, oldest first.
func (s *Store) ForReader(ctx context.Context, reader string) ([]Ack, error) {
	return s.query(ctx, `SELECT reader, email, doc, version, page_sha256, at FROM acks
		WHERE reader = $1 ORDER BY at, doc, version`, reader)
}

// All returns every acknowledgement in a stable order: by document,
// version, time and reader.
func (s *Store) All(ctx context.Context) ([]Ack, error) {
	return s.query(ctx, `SELECT reader, email, doc, version, page_sha256, at FROM acks
		ORDER BY doc, version, at, reader`)
}

// Import records every ack in one transaction (all or none), keeping
// existing records; it returns how many were new.
func (s *Store) Import(ctx context.Context, acks []Ack) (int, error) {
	n := 0
	err := s.tx(ctx, func(tx *sql.Tx) error {
		n = 0
		for _, a := range acks {
			created, err := insert(ctx, tx, a)
			if err != nil {
				return err
			}
			if created {
				n++
			}
		}
		return nil
	})
	if err != nil {
		return 0, s.unavailable(err)
	}
	return n, nil
}

// Secret is the key that signs readers' form tokens. It is made once, at
// the database's creation, so every replica sharing it signs alike.
func (s *Store) Secret() []byte { return s.secret }

// Ping checks the database answers.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.db.PingContext(ctx); err != nil {
		return fmt.Errorf("%w (%s): %v", ErrUnavailable, s.kind, err)
	}
	return nil
}

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

func (s *Store) query(ctx context.Context, q string, args ...any) ([]Ack, error) {
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, s.unavailable(err)
	}
	defer rows.Close()
	var out []Ack
	for rows.Next() {
		var a Ack
		var at string
		if err := rows.Scan(&a.Reader, &a.Email, &a.Doc, &a.Version, &a.PageHash, &at); err != nil {
			return nil, s.unavailable(err)
		}
		if a.At, err = time.Parse(time.RFC3339Nano, at); err != nil {
			return nil, fmt.Errorf("acknowledgement of %s %s by %s: bad time %q", a.Doc, a.Version, a.Reader, at)
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, s.unavailable(err)
	}
	return out, nil
}

// tx runs f in a transaction, committed only when f succeeds.
func (s *Store) tx(ctx context.Context, f func(*sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := f(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	return tx.Commit()
}

func (s *Store) unavailable(err error) error {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return fmt.Errorf("%w (%s): %v", ErrUnavailable, s.kind, err)
}

// newSecret returns 32 random bytes, hex encoded.
func newSecret() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // never fails (crypto/rand panics on failure)
	return hex.EncodeToString(b)
}
