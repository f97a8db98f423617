package acks

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"handbook/internal/acks/acktest"
)

// forEach runs f against a fresh database of every configured backend.
func forEach(t *testing.T, f func(t *testing.T, b acktest.Backend)) {
	for _, b := range acktest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) { f(t, b) })
	}
}

func mustOpen(t *testing.T, b acktest.Backend) *Store {
	t.Helper()
	s, err := Open(context.Background(), b.DSN, b.DataDir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

var t0 = time.Date(2026, 12, 1, 9, 30, 0, 123000000, time.UTC)

func ack(reader, doc, version string, at time.Time) Ack {
	return Ack{Reader: reader, Email: reader + "@example.org", Doc: doc, Version: version, PageHash: "h-" + version, At: at}
}

func TestRecordIsIdempotentAndAppendOnly(t *testing.T) {
	forEach(t, func(t *testing.T, b acktest.Backend) {
		s := mustOpen(t, b)
		ctx := context.Background()
		steps := []struct {
			a    Ack
			want bool
		}{
			{ack("ana", "SMS-POL-001", "3.0", t0), true},
			{ack("ana", "SMS-POL-001", "3.0", t0.Add(time.Hour)), false}, // again: the first stays
			{ack("ana", "SMS-POL-001", "3.1", t0.Add(2*time.Hour)), true},
			{ack("ben", "SMS-POL-001", "3.0", t0.Add(3*time.Hour)), true},
		}
		for i, st := range steps {
			got, err := s.Record(ctx, st.a)
			if err != nil || got != st.want {
				t.Fatalf("step %d: Record = %v, %v; want %v", i, got, err, st.want)
			}
		}
		all, err := s.All(ctx)
		if err != nil {
			t.Fatal(err)
		}
		want := []Ack{steps[0].a, steps[3].a, steps[2].a}
		if fmt.Sprint(all) != fmt.Sprint(want) {
			t.Fatalf("All:\n got %v\nwant %v", all, want)
		}
		mine, err := s.ForReader(ctx, "ana")
		if err != nil || len(mine) != 2 || !mine[0].At.Equal(t0) {
			t.Fatalf("ForReader(ana) = %v, %v", mine, err)
		}
	})
}

func TestImportKeepsExistingRecords(t *testing.T) {
	forEach(t, func(t *testing.T, b acktest.Backend) {
		s := mustOpen(t, b)
		ctx := context.Background()
		if _, err := s.Record(ctx, ack("ana", "D-1", "1.0", t0)); err != nil {
			t.Fatal(err)
		}
		n, err := s.Import(ctx, []Ack{ack("ana", "D-1", "1.0", t0.Add(time.Hour)), ack("ben", "D-1", "1.0", t0)})
		if err != nil || n != 1 {
			t.Fatalf("Import = %d, %v; want 1 new", n, err)
		}
		all, _ := s.All(ctx)
		if len(all) != 2 || !all[0].At.Equal(t0) {
			t.Fatalf("after import: %v", all)
		}
	})
}

// TestMigrationsFromEveryEarlierVersion builds a database at each earlier
// schema version, with a row in it, and checks that opening it brings it
// to the current schema with the row intact.
func TestMigrationsFromEveryEarlierVersion(t *testing.T) {
	for from := 1; from < SchemaVersion(); from++ {
		t.Run(fmt.Sprintf("from-%d", from), func(t *testing.T) {
			forEach(t, func(t *testing.T, b acktest.Backend) {
				ctx := context.Background()
				old, err := open(b.DSN, b.DataDir)
				if err != nil {
					t.Fatal(err)
				}
				if err := old.migrate(ctx, from); err != nil {
					t.Fatal(err)
				}
				if _, err := old.db.ExecContext(ctx, `INSERT INTO acks (reader, email, doc, version, at) VALUES ('ana', 'a@x', 'D-1', '1.0', $1)`,
					t0.Format(time.RFC3339Nano)); err != nil {
					t.Fatal(err)
				}
				secret := string(old.Secret())
				old.Close()

				s := mustOpen(t, b)
				all, err := s.All(ctx)
				if err != nil || len(all) != 1 || all[0].Reader != "ana" || all[0].PageHash != "" {
					t.Fatalf("after migration: %v, %v", all, err)
				}
				if string(s.Secret()) != secret || len(secret) != 64 {
					t.Fatalf("the form secret changed across the migration")
				}
				if _, err := s.Record(ctx, ack("ben", "D-1", "1.0", t0)); err != nil {
					t.Fatalf("writing after migration: %v", err)
				}
			})
		})
	}
}

// TestConcurrentWritersLoseNothing: 20 readers acknowledge 10 documents
// each at once; every accepted write is a row.
func TestConcurrentWritersLoseNothing(t *testing.T) {
	forEach(t, func(t *testing.T, b acktest.Backend) {
		s := mustOpen(t, b)
		ctx := context.Background()
		var wg sync.WaitGroup
		var mu sync.Mutex
		accepted := 0
		for r := range 20 {
			wg.Go(func() {
				for d := range 10 {
					ok, err := s.Record(ctx, ack(fmt.Sprintf("r%02d", r), fmt.Sprintf("D-%d", d), "1.0", t0))
					if err != nil {
						t.Error(err)
						return
					}
					if ok {
						mu.Lock()
						accepted++
						mu.Unlock()
					}
				}
			})
		}
		wg.Wait()
		all, err := s.All(ctx)
		if err != nil || len(all) != accepted || accepted != 200 {
			t.Fatalf("rows %d, accepted %d, want 200 (%v)", len(all), accepted, err)
		}
	})
}

func TestOpenUnreachablePostgresFailsClearly(t *testing.T) {
	_, err := Open(context.Background(), "postgres://nobody@127.0.0.1:1/none?sslmode=disable&connect_timeout=2", "")
	if err == nil || !errors.Is(err, ErrUnavailable) {
		t.Fatalf("err = %v, want ErrUnavailable", err)
	}
}
