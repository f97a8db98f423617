package web

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"

	"handbook/internal/search"
	"handbook/internal/search/index"
	"handbook/internal/search/query"
)

// OverlayHandler returns a handler that answers as base (a handler from
// OpenHandler) would if its index held docs in place of its documents of
// the same ids. docs are indexed into the folder dir, which the returned
// closer removes. The overlay uses base's index: close base after it.
func OverlayHandler(ctx context.Context, base http.Handler, dir string, docs []search.Document, types []search.TypeInfo) (http.Handler, io.Closer, error) {
	bh, ok := base.(*handler)
	if !ok {
		return nil, nil, fmt.Errorf("search: an overlay needs a handler from OpenHandler, not %T", base)
	}
	cl := &overlayCloser{dir: dir}
	if _, err := index.Write(ctx, index.FolderOutput(dir), docs, types); err != nil {
		_ = cl.Close()
		return nil, nil, err
	}
	top, err := query.Open(dir)
	if err != nil {
		_ = cl.Close()
		return nil, nil, err
	}
	cl.top = top
	o, err := query.NewOverlay(bh.ix, top, docs)
	if err != nil {
		_ = cl.Close()
		return nil, nil, err
	}
	return &handler{ix: bh.ix, s: o, page: bh.page}, cl, nil
}

type overlayCloser struct {
	top *query.Index
	dir string
}

func (c *overlayCloser) Close() error {
	var err error
	if c.top != nil {
		err = c.top.Close()
	}
	return errors.Join(err, os.RemoveAll(c.dir))
}
