// static.js runs static/js/search.js in Node against a static index on
// disk, for the Go tests (search_static_test.go): it reads requests, one
// JSON object a line ({"q", "type", "clause", "from", "size"}), from
// standard input and writes one answer a line: the response, or {"error"}.
//
//	node static.js SEARCH_JS STATIC_DIR < requests
"use strict";
const fs = require("fs");
const path = require("path");
const readline = require("readline");
const vm = require("vm");

const [script, root] = process.argv.slice(2);
let fetched = 0;
const sandbox = {
  console, URL, URLSearchParams, TextEncoder, TextDecoder, Blob, Response, DecompressionStream,
  Intl, Map, Set, Promise, Math, JSON, Array, Uint8Array, Uint32Array, Float64Array, Int32Array,
  performance,
  document: { body: { getAttribute: (n) => (n === "data-base" ? "/" : "") } },
  location: { protocol: "http:", href: "http://localhost/", pathname: "/", search: "" },
  fetch: async (url) => {
    const rel = new URL(url, "http://localhost/").pathname.replace(/^\/_search\/static\//, "");
    try {
      const b = fs.readFileSync(path.join(root, rel));
      fetched += b.length;
      return new Response(b, { status: 200 });
    } catch (e) {
      return new Response("not found", { status: 404, headers: { "Content-Type": "text/plain" } });
    }
  },
};
sandbox.window = sandbox;
vm.createContext(sandbox);
vm.runInContext(fs.readFileSync(script, "utf8"), sandbox, { filename: script });
const hs = sandbox.HandbookSearch;

const rl = readline.createInterface({ input: process.stdin });
const lines = [];
rl.on("line", (l) => lines.push(l));
rl.on("close", async () => {
  for (const l of lines) {
    const req = JSON.parse(l);
    const before = hs.stats().bytes;
    try {
      const res = await hs.staticQuery(req.q, req);
      res.bytes = hs.stats().bytes - before;
      process.stdout.write(JSON.stringify(res) + "\n");
    } catch (e) {
      process.stdout.write(JSON.stringify({ error: String(e.message || e), query_error: e.name === "QueryError" }) + "\n");
    }
  }
});
