// Package tempdir makes temporary folders that a later process can tell
// from live ones: each is locked (flock) by the process that made it for
// as long as it lives, so a folder left by a killed process is the one
// nobody holds a lock on, and Sweep removes exactly those.
//
// The build's staging folders, serve's temporary folder and the search
// index's scratch folders in memory all use it: a SIGKILLed build or
// server leaves its folder behind, and the next one removes it.
package tempdir

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
)

// Dir is a temporary folder held by this process.
type Dir struct {
	// Path is the folder.
	Path string
	lock *os.File // open on Path; holds the lock until closed
}

// New makes a folder in parent named prefix followed by a random string
// (as os.MkdirTemp) and locks it. Another process's Sweep may find the
// folder between its making and its locking, take it for abandoned and
// remove it: New then makes another.
func New(parent, prefix string) (*Dir, error) {
	var err error
	for range newTries {
		var p string
		if p, err = os.MkdirTemp(parent, prefix); err != nil {
			return nil, err
		}
		var f *os.File
		if f, err = os.Open(p); err == nil {
			// the folder is ours once the lock is and p is still it
			if err = lock(f, false); err == nil {
				if err = sameFolder(f, p); err == nil {
					return &Dir{Path: p, lock: f}, nil
				}
			}
			f.Close()
		}
		os.Remove(p) // empty, unless a sweep took it; then the sweep removes it
	}
	return nil, err
}

// newTries bounds New's attempts: each failed one lost its folder to a
// sweep. A process sweeps once as it starts, so losing more than a few in
// a row means something else is wrong (the last error says what); the
// bound is high enough that sweeps alone never reach it, even the tight
// loop of sweeps in TestNewDuringSweeps.
const newTries = 100

// Hold locks the existing folder p, as New locks the folder it makes, for
// a folder that outlives the process that made it (the output's twin,
// internal/output). It fails when another process holds p, where locks
// cannot tell that (non-unix systems), and when p is no longer the folder
// it opened by the time it holds the lock (renamed meanwhile).
func Hold(p string) (*Dir, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	if err = lock(f, true); err == nil {
		err = sameFolder(f, p)
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return &Dir{Path: p, lock: f}, nil
}

// sameFolder reports an error unless the open folder f is the one at p.
func sameFolder(f *os.File, p string) error {
	held, err := f.Stat()
	if err != nil {
		return err
	}
	now, err := os.Stat(p)
	if err != nil {
		return err
	}
	if !held.IsDir() || !os.SameFile(held, now) {
		return errors.New(p + " changed while it was being locked")
	}
	return nil
}

// Remove deletes the folder and releases its lock. It may be called more
// than once.
func (d *Dir) Remove() error {
	err := os.RemoveAll(d.Path)
	d.Release()
	return err
}

// HeldAt reports whether the folder at p is the one d holds (it may have
// been renamed since d was made). A nil Dir holds nothing.
func (d *Dir) HeldAt(p string) bool {
	return d != nil && d.lock != nil && sameFolder(d.lock, p) == nil
}

// Release releases the lock without deleting the folder, for a folder
// that has been renamed into a permanent place (Path is then stale). It
// may be called more than once, and on a nil Dir.
func (d *Dir) Release() {
	if d != nil && d.lock != nil {
		d.lock.Close()
		d.lock = nil
	}
}

// Sweep removes the folders in parent whose names start with prefix and
// that no live process holds, and reports what it removed. A folder being
// removed by another sweep at the same time is skipped.
func Sweep(parent, prefix string) ([]string, error) {
	entries, err := os.ReadDir(parent)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var removed []string
	var errs []error
	for _, e := range entries {
		if !e.IsDir() || !strings.HasPrefix(e.Name(), prefix) {
			continue
		}
		p := filepath.Join(parent, e.Name())
		ok, err := sweepOne(p)
		if ok {
			removed = append(removed, p)
		}
		errs = append(errs, err)
	}
	return removed, errors.Join(errs...)
}

// sweepOne removes the folder p if no process holds its lock.
func sweepOne(p string) (bool, error) {
	f, err := os.Open(p)
	if err != nil {
		return false, nil // gone meanwhile, or not ours to read
	}
	defer f.Close()
	if lock(f, true) != nil {
		return false, nil // alive
	}
	return true, os.RemoveAll(p)
}
