package build

// RenderShard is the render cache shard of a document's slash path, for
// the tests that choose their sites so that cached builds mix reused and
// redone shards.
var RenderShard = renderShard
