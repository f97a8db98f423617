package importer

import "handbook/internal/config"

func readSite(opts Options, cfg *config.Config, sum *Summary) ([]*Doc, error) { return nil, nil }

type rawLink struct{}

func rewriteLinks(docs []*Doc, sum *Summary) {}

func isIndex(rel string) bool { return false }
