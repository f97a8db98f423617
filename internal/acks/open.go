package acks

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver "pgx"
	_ "modernc.org/sqlite"             // database/sql driver "sqlite" (pure Go)
)

// FileName is the SQLite database's name inside the data folder.
const FileName = "acknowledgements.db"

// IsPostgres reports whether dsn names a PostgreSQL database.
func IsPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// Open opens the acknowledgement database and brings its schema up to
// date: PostgreSQL when dsn is a postgres:// URL, otherwise SQLite in
// dataDir (made if missing). It fails, with ErrUnavailable, when the
// database cannot be reached.
func Open(ctx context.Context, dsn, dataDir string) (*Store, error) {
	s, err := open(dsn, dataDir)
	if err != nil {
		return nil, err
	}
	if err := s.Ping(ctx); err != nil {
		_ = s.db.Close()
		return nil, err
	}
	if err := s.migrate(ctx, len(migrations)); err != nil {
		_ = s.db.Close()
		return nil, fmt.Errorf("preparing the acknowledgement database (%s): %w", s.kind, err)
	}
	return s, nil
}

func open(dsn, dataDir string) (*Store, error) {
	if IsPostgres(dsn) {
		db, err := sql.Open("pgx", dsn)
		if err != nil {
			return nil, fmt.Errorf("%w (postgres): %v", ErrUnavailable, err)
		}
		return &Store{db: db, kind: "postgres"}, nil
	}
	if dsn != "" {
		return nil, fmt.Errorf("--db %q: expected a postgres:// URL (SQLite needs none: it lives in --data)", dsn)
	}
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return nil, fmt.Errorf("%w (sqlite): %v", ErrUnavailable, err)
	}
	// WAL lets pages be read while an acknowledgement is written; a full
	// sync on commit makes an answered write survive a crash of the
	// machine, not only of the process. Transactions take the write lock
	// at once, so concurrent writers queue instead of failing.
	path := filepath.Join(dataDir, FileName)
	db, err := sql.Open("sqlite", "file:"+path+
		"?_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_pragma=busy_timeout(10000)&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("%w (sqlite): %v", ErrUnavailable, err)
	}
	db.SetMaxOpenConns(1) // one writer at a time; SQLite serialises writes anyway
	return &Store{db: db, kind: "sqlite"}, nil
}
