package wasm

import "sync"

// handbook patch: the module used to be compiled in this package's init(),
// which made every command of a program that links go-graphviz pay for it
// (0.15 s with a warm compilation cache, 0.8 s cold) even when it draws
// nothing. It is now compiled by the first call of Load.

var loadOnce sync.Once

// Load compiles and instantiates the Graphviz module once; every entry point
// of the cgraph and gvc packages calls it before touching the module.
func Load() { loadOnce.Do(load) }
