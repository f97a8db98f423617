package build

import (
	"bytes"
	"crypto/sha256"
	"path/filepath"
	"sync"
	"testing"
)

// TestMemoStore puts and gets results across three builds' memos: what a
// build puts (the first result of a sum put twice) or gets is what the
// next one gets, the rest is dropped, and a memo whose index failed
// leaves the earlier build's entries and no unfinished ones.
func TestMemoStore(t *testing.T) {
	dir := t.TempDir()
	newMemo := func() *memoStore {
		st := &state{Opts: Options{Cache: dir}, binary: func() (string, error) { return "test", nil }}
		st.Opts.defaults()
		return st.newMemoStore("memo", 4)
	}
	sum := func(s string) [32]byte { return sha256.Sum256([]byte(s)) }
	get := func(m *memoStore, name string) string {
		b, ok := m.Get(sum(name))
		if !ok {
			return "(none)"
		}
		return string(b)
	}

	m := newMemo()
	var wg sync.WaitGroup
	for _, name := range []string{"a", "b", "c", "d", "e"} {
		wg.Go(func() { m.Put(sum(name), []byte("result "+name)) })
	}
	wg.Wait()
	m.Put(sum("a"), []byte("again")) // first wins
	m.store()
	m.abort()

	m = newMemo()
	for name, want := range map[string]string{"a": "result a", "b": "result b", "f": "(none)"} {
		if got := get(m, name); got != want {
			t.Errorf("second build: %s = %q, want %q", name, got, want)
		}
	}
	m.Put(sum("f"), bytes.Repeat([]byte("f"), 300<<10)) // past the writer's buffer
	m.Put(sum("b"), []byte("put again"))                // a sum got and put: the result put
	m.store()

	m = newMemo()
	for name, want := range map[string]string{"a": "result a", "b": "put again", "c": "(none)", "d": "(none)", "e": "(none)"} {
		if got := get(m, name); got != want {
			t.Errorf("third build: %s = %q, want %q", name, got, want)
		}
	}
	if got := get(m, "f"); len(got) != 300<<10 {
		t.Errorf("third build: f has %d bytes, want %d", len(got), 300<<10)
	}
	m.Put(sum("g"), []byte("result g"))
	m.abort() // the index failed

	m = newMemo()
	if got := get(m, "g"); got != "(none)" {
		t.Errorf("after a failed build: g = %q, want none", got)
	}
	if got := get(m, "a"); got != "result a" {
		t.Errorf("after a failed build: a = %q, want the earlier build's", got)
	}
	left, _ := filepath.Glob(filepath.Join(dir, ".new-*"))
	if len(left) > 0 {
		t.Errorf("unfinished entries left: %v", left)
	}
}
