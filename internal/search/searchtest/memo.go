package searchtest

import "sync"

// MapMemo is an index.Memo in memory that counts what it is asked; it
// forgets nothing.
type MapMemo struct {
	mu         sync.Mutex
	m          map[[32]byte][]byte
	Hits, Puts int
}

func (m *MapMemo) Get(sum [32]byte) ([]byte, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	b, ok := m.m[sum]
	if ok {
		m.Hits++
	}
	return b, ok
}

func (m *MapMemo) Put(sum [32]byte, data []byte) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.m == nil {
		m.m = map[[32]byte][]byte{}
	}
	m.m[sum] = data
	m.Puts++
}

// Reset sets the counts to zero.
func (m *MapMemo) Reset() { m.Hits, m.Puts = 0, 0 }
