package build

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"

	"handbook/internal/binrec"
	"handbook/internal/render"
	"handbook/internal/site"
)

// A document page's key is mostly made of what the page links to
// (appendLinked: render.PageDocs, and each linked document's sum), which
// cost 45 ms of CPU per edit at 10,000 documents to make again. What that
// part depends on is the pages' world (pagesWorld) — the included
// documents, in order, with their paths and front matter (their parents,
// related documents and types: crumbs, children, siblings, related), and
// the link graph (referenced by: its sources and targets) — beside the
// configuration, which the pages entry's own key holds. A page whose own
// inputs (appendOwn) and world are the last build's has the last build's
// key: docKey takes it from the entry instead of making it.
// TestDocPageKeyCoversView checks that over every kind of edit.

// worldFile is the pages entry's file holding the world of its keys.
const worldFile = "world"

// pagesWorld is the SHA-256, in hex, of what the linked part of every
// document page's key depends on besides the configuration; "" when it
// cannot be made (then no key is taken from the last build).
func (st *state) pagesWorld() string {
	sources, err := st.sources()
	if err != nil {
		return ""
	}
	refs := st.refs()
	sum := sha256.Sum256(append(sources[:], refs[:]...))
	return hex.EncodeToString(sum[:])
}

// refsSum is the SHA-256 of every link of the graph (from, to, anchor,
// kind: what links.json shows of it), in order.
func (st *state) refsSum() [32]byte {
	h := sha256.New()
	b := binrec.AppendCount(make([]byte, 0, 64<<10), len(st.Graph.Refs))
	for _, r := range st.Graph.Refs {
		for _, f := range []string{r.From, r.To, r.Anchor, string(r.Kind)} {
			b = binrec.AppendString(b, f)
		}
		if len(b) > 60<<10 {
			h.Write(b)
			b = b[:0]
		}
	}
	h.Write(b)
	return [32]byte(h.Sum(nil))
}

// docKey is the key the page of d, at rel, is kept by: docPageKey, then
// "/" and the SHA-256 of its own part (appendOwn). When the world and
// the own part are those the last build keyed the page with, it is the
// last build's key, not made again. "" when it cannot be made.
func (pc *pageCache) docKey(d *site.Document, rel string, kids render.Family) string {
	if pc == nil {
		return ""
	}
	b, ok := pc.appendOwn(d)
	if !ok {
		return ""
	}
	own := hexSum(b)
	if pc.world != "" && pc.world == pc.prevWorld {
		k, _, _ := strings.Cut(pc.prev[rel], " ")
		if _, o, ok := strings.Cut(k, "/"); ok && o == own {
			return k
		}
	}
	return hexSum(pc.appendLinked(b, d, kids)) + "/" + own
}
