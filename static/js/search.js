// search.js: the handbook's search in the browser.
//
// window.HandbookSearch.query(q, {type, clause, from, size}) answers with
// the JSON of GET /api/search: {query, total, took_ms, hits, facets}. It
// asks the server where the page carries handbook serve's mark (a meta
// element); where it does not (the output copied to any web server, which
// then never sees a request for /api/search) it searches the static index the build wrote
// under _search/static/, fetching only the files the query needs: the
// vocabulary of its words' first letters, the shards of its terms, the
// further tiers of a term's postings only while they can still change
// the hits, and the documents shown. It ranks exactly as the server does
// (package search: same terms, same bleve scores); when a query would
// need more than a budget of bytes it answers with the best hits found so
// far and "approximate": true.
//
// On the /search/ page without a server this script also shows the
// results (the server renders them itself, with or without JavaScript).
(function () {
  "use strict";

  var body = document.body;
  var base = (body && body.getAttribute("data-base")) || "/";
  var STATIC = base + "_search/static/";
  var BUDGET = 100000; // bytes of postings a query may fetch
  var DOC_BUDGET = 30000; // and of documents to check phrases in
  var MAX_GROUP_RECORDS = 4096; // records ranked at most to find a page of documents
  var MAX_DOC_SECTIONS = 3; // sections a document's hit lists
  var MAX_SUGGESTIONS = 3; // words offered when nothing is found
  var FORMAT_VERSION = 2; // the static index's layout this code reads (meta.json's version)

  // ---- Errors --------------------------------------------------------------

  function QueryError(message) {
    var e = new Error(message);
    e.name = "QueryError";
    return e;
  }

  // ---- Files of the static index ---------------------------------------------

  // Loader fetches files once per page, counting the bytes it downloads.
  function Loader(root) {
    this.root = root;
    this.cache = new Map();
    this.bytes = 0;
    this.files = 0;
  }

  Loader.prototype.raw = function (name) {
    var self = this;
    if (!this.cache.has(name)) {
      this.cache.set(name, fetch(this.root + name).then(function (r) {
        if (!r.ok) throw new Error("search index: " + name + ": HTTP " + r.status);
        return r.arrayBuffer();
      }).then(function (buf) {
        self.bytes += buf.byteLength;
        self.files++;
        return inflate(new Uint8Array(buf));
      }));
    }
    return this.cache.get(name);
  };

  Loader.prototype.json = function (name) {
    return this.raw(name).then(function (b) { return JSON.parse(new TextDecoder().decode(b)); });
  };

  // inflate un-gzips a file, unless the web server already did (some send
  // .bin files with Content-Encoding: gzip).
  function inflate(b) {
    if (b.length < 2 || b[0] !== 0x1f || b[1] !== 0x8b) return Promise.resolve(b);
    var stream = new Blob([b]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Response(stream).arrayBuffer().then(function (buf) { return new Uint8Array(buf); });
  }

  // Decoder reads the unsigned varints and strings of the format.
  function Decoder(b) { this.b = b; this.i = 0; }
  Decoder.prototype.uint = function () {
    var v = 0, mul = 1, c;
    do {
      if (this.i >= this.b.length) throw new Error("search index: corrupt file");
      c = this.b[this.i++];
      v += (c & 0x7f) * mul;
      mul *= 128;
    } while (c & 0x80);
    return v;
  };
  Decoder.prototype.str = function () {
    var n = this.uint();
    var s = new TextDecoder().decode(this.b.subarray(this.i, this.i + n));
    this.i += n;
    return s;
  };

  // impact is bleve's tf × norm: sqrt(count) × float32(1/sqrt(length)).
  function impact(freq, len) { return Math.sqrt(freq) * Math.fround(1 / Math.sqrt(len)); }

  function readHeader(d) {
    var count = d.uint(), freq = d.uint(), len = d.uint();
    return { count: count, best: impact(freq, len), postings: null };
  }

  // readPostings reads a tier, in columns: every posting's document (as a
  // delta), then every section (or for a document-level field the number
  // of sections), every count, every field length.
  function readPostings(d, count) {
    var p = { doc: new Uint32Array(count), sec: new Uint32Array(count), freq: new Uint32Array(count), len: new Uint32Array(count) };
    var doc = 0, i;
    for (i = 0; i < count; i++) {
      doc += d.uint();
      p.doc[i] = doc;
    }
    for (i = 0; i < count; i++) p.sec[i] = d.uint();
    for (i = 0; i < count; i++) p.freq[i] = d.uint();
    for (i = 0; i < count; i++) p.len[i] = d.uint();
    return p;
  }

  function readShard(b, shard) {
    var d = new Decoder(b), n = d.uint(), out = new Map();
    for (var i = 0; i < n; i++) {
      var e = { shard: shard, index: i, fields: [] };
      var key = d.str(), nf = d.uint();
      for (var k = 0; k < nf; k++) {
        var f = d.uint(), fp = { df: d.uint(), tiers: [] }, nt = d.uint();
        for (var t = 0; t < nt; t++) {
          var h = readHeader(d);
          if (t === 0) h.postings = readPostings(d, h.count);
          fp.tiers.push(h);
        }
        e.fields[f] = fp;
      }
      out.set(key, e);
    }
    return out;
  }

  // readVocab reads a vocabulary shard: per line a word, its stems (one
  // per language that stems it differently, "|" between, "=" for the word
  // itself) and its count.
  function readVocab(b) {
    var v = { words: new Map(), order: [] };
    new TextDecoder().decode(b).split("\n").forEach(function (line) {
      if (!line) return;
      var f = line.split(" ");
      var stems = f[1].split("|").map(function (s) { return s === "=" ? f[0] : s; });
      v.words.set(f[0], { stems: stems, count: +f[2] });
      v.order.push(f[0]);
    });
    return v;
  }

  // fnv1a is FNV-1a (32 bits) of a string's UTF-8 bytes: the term shards.
  function fnv1a(s) {
    var h = 0x811c9dc5, b = new TextEncoder().encode(s);
    for (var i = 0; i < b.length; i++) {
      h ^= b[i];
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h >>> 0;
  }

  // ---- Words -----------------------------------------------------------------

  var segmenter = typeof Intl !== "undefined" && Intl.Segmenter ? new Intl.Segmenter("en", { granularity: "word" }) : null;

  // Analysis is the port of lang.go, from the lists in meta.json: a word
  // is lower-cased, loses a leading elided article ("l'", "d’", "qu'",
  // "dell'") and a trailing possessive ("'s"), and its accents are folded
  // (procédure → procedure); stop words are those of every language of
  // the handbook.
  function Analysis(meta) {
    this.stop = new Set(meta.stop_words || []);
    this.articles = new Set(meta.elisions || []);
    this.apos = meta.apostrophes || "'’";
  }

  Analysis.prototype.word = function (w) {
    w = w.toLowerCase();
    for (var i = 0; i < w.length; i++) {
      if (this.apos.indexOf(w.charAt(i)) < 0) continue;
      if (this.articles.has(w.slice(0, i)) && i + 1 < w.length) w = w.slice(i + 1);
      break;
    }
    if (w.length > 2 && w.charAt(w.length - 1) === "s" && this.apos.indexOf(w.charAt(w.length - 2)) >= 0) w = w.slice(0, -2);
    return fold(w);
  };

  function fold(w) {
    return /[^\x00-\x7f]/.test(w) ? w.normalize("NFD").replace(/\p{Mn}/gu, "").normalize("NFC") : w;
  }

  // split is the analysis of text without the stemmer: Unicode words,
  // normalised, stop words left out (unless keepStop); positions count
  // every word, so that phrases skip stop words as bleve does.
  function split(text, an, keepStop) {
    var out = [], pos = 0;
    if (!segmenter) throw new Error("this browser cannot split text into words (Intl.Segmenter)");
    wordSegments(text).forEach(function (seg) {
      pieces(seg).forEach(function (pc) {
        pos++;
        var w = an.word(pc.text);
        if (!keepStop && an.stop.has(w)) return;
        out.push({ term: w, pos: pos, start: pc.index, end: pc.index + pc.text.length });
      });
    });
    return out;
  }

  var KATAKANA = /^[\p{Script=Katakana}\u30fc]+$/u;

  // wordSegments are the browser's words of text, with a run of katakana
  // one word as UAX #29 has it (the browser's dictionary may cut it).
  function wordSegments(text) {
    var out = [];
    for (var seg of segmenter.segment(text)) {
      if (!seg.isWordLike) continue;
      var last = out[out.length - 1];
      if (last && KATAKANA.test(seg.segment) && KATAKANA.test(last.segment) && last.index + last.segment.length === seg.index) {
        last.segment += seg.segment;
        continue;
      }
      out.push({ segment: seg.segment, index: seg.index });
    }
    return out;
  }

  var IDEOGRAPH = /[\p{Script=Han}\p{Script=Hiragana}]/u;
  var COMPLEX = /[\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;

  // pieces splits a segment as the Go tokenizer (UAX #29) does where the
  // browser's dictionaries differ: an ideograph or a hiragana is a word of
  // its own; Thai, Lao, Khmer and Myanmar words are not indexed.
  function pieces(seg) {
    if (COMPLEX.test(seg.segment)) return [];
    if (!IDEOGRAPH.test(seg.segment)) return [{ text: seg.segment, index: seg.index }];
    var out = [], run = "", runAt = 0, at = seg.index;
    for (var ch of seg.segment) {
      if (IDEOGRAPH.test(ch)) {
        if (run) out.push({ text: run, index: runAt });
        run = "";
        out.push({ text: ch, index: at });
      } else {
        if (!run) runAt = at;
        run += ch;
      }
      at += ch.length;
    }
    if (run) out.push({ text: run, index: runAt });
    return out;
  }

  function vocabShard(word) {
    var c = word.charAt(0);
    return (c >= "a" && c <= "z") || (c >= "0" && c <= "9") ? c : "_";
  }

  function runes(s) { return Array.from(s).length; }

  function maxEdits(n) { return n < 4 ? 0 : n < 7 ? 1 : 2; }

  // editDistance is the optimal string alignment distance (a swap of two
  // neighbours is one edit), or limit+1 when larger than limit.
  function editDistance(a, b, limit) {
    if (Math.abs(a.length - b.length) > limit) return limit + 1;
    var prev2 = new Array(b.length + 1).fill(0), prev = [], cur = new Array(b.length + 1).fill(0);
    for (var j = 0; j <= b.length; j++) prev[j] = j;
    for (var i = 1; i <= a.length; i++) {
      cur[0] = i;
      var best = cur[0];
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) cur[j] = Math.min(cur[j], prev2[j - 2] + 1);
        best = Math.min(best, cur[j]);
      }
      if (best > limit) return limit + 1;
      var t = prev2; prev2 = prev; prev = cur; cur = t;
    }
    return Math.min(prev[b.length], limit + 1);
  }

  // ---- Queries (the port of package search's query.go) ---------------------

  var ID_LIKE = /^[A-Za-z][A-Za-z0-9]*(-[A-Za-z0-9]+)+$/;
  var CLAUSE_LIKE = /^[0-9]+(\.[0-9]+)+$/;
  var QUOTES = /["“”]/;

  function splitPhrases(q) {
    var bare = "", phrases = [];
    for (;;) {
      var i = q.search(QUOTES);
      if (i < 0) return { bare: bare + q, phrases: phrases };
      bare += q.slice(0, i) + " ";
      q = q.slice(i + 1);
      var j = q.search(QUOTES);
      if (j < 0) { phrases.push(q); return { bare: bare, phrases: phrases }; }
      phrases.push(q.slice(0, j));
      q = q.slice(j + 1);
    }
  }

  // parse reads a query as the server does; lex answers what the index
  // knows (stem, corrections, expand, hasID) from loaded files.
  function parse(q, meta, lex) {
    var L = meta.limits, B = meta.boosts, an = lex.an;
    if (new TextEncoder().encode(q).length > L.max_query_bytes) {
      throw QueryError("The query is too long: at most " + L.max_query_bytes + " characters, please.");
    }
    var p = { groups: [], phrases: [], phraseWords: [], required: [], types: [], clause: "", marks: new Set(), typos: [], unknown: [] };
    var seen = new Map();

    function textGroup(stems, boost) {
      var g = [];
      stems.forEach(function (st) {
        p.marks.add(st);
        g.push({ field: "title", term: st, boost: B.title * boost },
          { field: "heading", term: st, boost: B.heading * boost },
          { field: "text", term: st, boost: B.text * boost },
          { field: "tags", term: st, boost: B.tags * boost });
      });
      return g;
    }
    function addWord(word) {
      var r = lex.stems(word), st = r[0].join(" ");
      if (seen.has(st)) return seen.get(st);
      var g, c;
      if (r[1]) g = textGroup(r[0], 1);
      else if ((c = lex.corrections(word)).length) { g = textGroup(c, B.typo); p.typos.push(word); }
      else { g = textGroup(r[0], 1); p.unknown.push(word); }
      if (CLAUSE_LIKE.test(word)) g.push({ field: "clause", term: word, boost: B.clause });
      p.groups.push(g);
      seen.set(st, p.groups.length - 1);
      return p.groups.length - 1;
    }
    function addPhrase(text) {
      var toks = split(text, an);
      if (!toks.length) return;
      var ph = [], words = [], last = toks[0].pos - 1;
      toks.forEach(function (t) {
        for (; last + 1 < t.pos; last++) ph.push([""]);
        last = t.pos;
        var r = lex.stems(t.term), alts = r[0];
        if (!r[1]) { var c = lex.corrections(t.term); if (c.length) alts = c; }
        ph.push(alts);
        var g = addWord(t.term);
        if (p.required.indexOf(g) < 0) p.required.push(g);
        words.push(g);
      });
      if (ph.length > 1) { // a quoted word is a word that must be there
        p.phrases.push(ph);
        p.phraseWords.push(words);
      }
    }
    function addPrefix(tok) {
      var raw = tok.replace(/\*+$/, ""), toks = split(raw, an), prefix = raw.toLowerCase();
      if (toks.length) {
        prefix = toks[toks.length - 1].term;
        toks.slice(0, -1).forEach(function (t) { addWord(t.term); });
      }
      if (runes(prefix) < L.min_prefix || /[*?]/.test(prefix)) {
        throw QueryError("Put at least " + L.min_prefix + " letters before a *, as in incid*.");
      }
      if (seen.has("*" + prefix)) return;
      seen.set("*" + prefix, p.groups.length);
      p.groups.push(textGroup(lex.expand(prefix), B.prefix));
    }
    function addToken(tok) {
      var c = tok.indexOf(":");
      if (c >= 0 && c < tok.length - 1) {
        var name = tok.slice(0, c).toLowerCase(), val = tok.slice(c + 1);
        if (name === "type") { p.types.push(val.toLowerCase()); return; }
        if (name === "clause") {
          if (!CLAUSE_LIKE.test(val) && !/^[0-9]+$/.test(val)) throw QueryError(JSON.stringify(val) + " is not a clause number (such as 8.6 or 8.6.1).");
          p.clause = val;
          return;
        }
      }
      if (/\*$/.test(tok)) { addPrefix(tok); return; }
      if (ID_LIKE.test(tok) && lex.hasID(tok.toLowerCase())) {
        p.groups.push([{ field: "id", term: tok.toLowerCase(), boost: B.id }]);
        return;
      }
      split(tok, an).forEach(function (t) { addWord(t.term); });
    }

    var sp = splitPhrases(q);
    sp.phrases.forEach(addPhrase);
    sp.bare.split(/\s+/).filter(Boolean).forEach(addToken);
    if (p.groups.length + p.phrases.length > L.max_words) throw QueryError("The query has too many words: at most " + L.max_words + ", please.");
    if (!p.groups.length) throw QueryError("Nothing to search for: type a word that is not a common word such as \"the\" or \"how\".");
    return p;
  }

  // ---- The static engine -------------------------------------------------------

  function Engine(root) {
    this.files = new Loader(root);
    this.meta = null;
    this.vocab = new Map();   // shard name -> vocabulary shard
    this.shards = new Map();  // term shard number -> Map(key -> entry)
  }

  Engine.prototype.init = function () {
    var self = this;
    if (!this.ready) {
      this.ready = this.files.json("meta.json").then(function (m) {
        if (m.version !== FORMAT_VERSION) throw new Error("search index of version " + m.version + ", not " + FORMAT_VERSION + ": reload the page");
        self.meta = m;
        self.an = new Analysis(m);
        self.fieldCode = {};
        m.fields.forEach(function (f, i) { self.fieldCode[f] = i; });
      });
    }
    return this.ready;
  };

  Engine.prototype.vocabShard = function (sh) {
    var self = this;
    if (this.meta.vocab.indexOf(sh) < 0) return Promise.resolve(null);
    return this.files.raw("v/" + sh + ".bin").then(function (b) {
      if (!self.vocab.has(sh)) self.vocab.set(sh, readVocab(b));
      return self.vocab.get(sh);
    });
  };

  Engine.prototype.entry = function (key) {
    var self = this, sh = fnv1a(key) % this.meta.shards;
    return this.files.raw("t/" + sh + ".bin").then(function (b) {
      if (!self.shards.has(sh)) self.shards.set(sh, readShard(b, sh));
      return self.shards.get(sh).get(key) || null;
    });
  };

  // lexicon answers the parser from the loaded vocabulary and term shards.
  Engine.prototype.lexicon = function (ids, exact) {
    var self = this, L = this.meta.limits;
    function shard(w) { return self.vocab.get(vocabShard(w)); }
    // nearest: the words at most limit edits away, the nearest first, then
    // the most frequent (vocab.go)
    function nearest(w, limit) {
      var v = shard(w);
      if (!v || !limit) return [];
      var cands = [], a = Array.from(w);
      v.order.forEach(function (o, i) {
        var d = editDistance(a, Array.from(o), limit);
        if (d <= limit) cands.push({ word: o, dist: d, i: i });
      });
      cands.sort(function (x, y) { return x.dist - y.dist || x.i - y.i; });
      return cands.map(function (c) { return c.word; });
    }
    return {
      nearest: function (w) { return nearest(w, maxEdits(runes(w))); },
      suggestions: function (w) { return nearest(w, Math.max(1, maxEdits(runes(w)) + 1)).slice(0, MAX_SUGGESTIONS); },
      an: this.an,
      stems: function (w) {
        var v = shard(w), e = v && v.words.get(w);
        return e ? [e.stems, true] : [[w], false];
      },
      corrections: function (w) {
        var stems = [];
        if (exact) return stems;
        nearest(w, maxEdits(runes(w))).forEach(function (o) {
          shard(w).words.get(o).stems.forEach(function (st) {
            if (stems.length < L.max_typos && stems.indexOf(st) < 0) stems.push(st);
          });
        });
        return stems;
      },
      expand: function (prefix) {
        var v = shard(prefix), stems = [];
        if (!v) return stems;
        for (var k = 0; k < v.order.length && stems.length < L.max_expansions; k++) {
          var w = v.order[k];
          if (w.indexOf(prefix) !== 0) continue;
          v.words.get(w).stems.forEach(function (st) {
            if (stems.length < L.max_expansions && stems.indexOf(st) < 0) stems.push(st);
          });
        }
        return stems;
      },
      hasID: function (id) { return ids.has(id); }
    };
  };

  // prepare loads what parsing q needs: the vocabulary shards of its words
  // and the term shards of the document ids in it.
  Engine.prototype.prepare = function (q) {
    var self = this, shards = new Set(), ids = new Set(), idKeys = [];
    var sp = splitPhrases(q);
    var toks = sp.bare.split(/\s+/).filter(Boolean).concat(sp.phrases);
    toks.forEach(function (tok) {
      if (ID_LIKE.test(tok)) idKeys.push(tok.toLowerCase());
      split(tok.replace(/\*+$/, ""), self.an, true).forEach(function (t) { shards.add(vocabShard(t.term)); });
      if (/\*$/.test(tok)) shards.add(vocabShard(self.an.word(tok)));
    });
    return Promise.all([].concat(
      Array.from(shards).map(function (sh) { return self.vocabShard(sh); }),
      idKeys.map(function (id) {
        return self.entry("#" + id).then(function (e) { if (e && e.fields[self.fieldCode.id]) ids.add(id); });
      })
    )).then(function () { return ids; });
  };

  // exactDocs finds the documents whose id or title is the whole query
  // (group.go's exactDocs): their keys in the term shards.
  Engine.prototype.exactDocs = function (q) {
    var self = this, keys = [], id = q.trim().toLowerCase();
    var words = split(q, this.an).map(function (t) { return t.term; });
    if (words.length) keys.push("=" + words.join(" "));
    if (ID_LIKE.test(id)) keys.push("#" + id);
    return Promise.all(keys.map(function (k) { return self.entry(k); })).then(function (es) {
      var docs = [];
      es.forEach(function (e) {
        var fp = e && e.fields[self.fieldCode.id];
        if (!fp) return;
        var ps = fp.tiers[0].postings; // a title shared by more than a tier is no title
        for (var i = 0; i < ps.doc.length; i++) if (docs.indexOf(ps.doc[i]) < 0) docs.push(ps.doc[i]);
      });
      return docs;
    });
  };

  // sayWhatWasSearched is typed.go's: the query as searched when words
  // were corrected, the nearest words when nothing was found.
  function sayWhatWasSearched(res, q, p, lex) {
    if (p.typos.length) {
      var c = q;
      p.typos.forEach(function (w) {
        var near = lex.nearest(w), i = c.toLowerCase().indexOf(w);
        if (near.length && i >= 0 && c.toLowerCase().length === c.length) c = c.slice(0, i) + near[0] + c.slice(i + w.length);
      });
      res.corrected = c;
    }
    if (res.total === 0) {
      var s = [];
      p.typos.concat(p.unknown).forEach(function (w) {
        lex.suggestions(w).forEach(function (x) { if (s.length < MAX_SUGGESTIONS && s.indexOf(x) < 0) s.push(x); });
      });
      if (s.length) res.suggestions = s;
    }
    return res;
  }

  function keyOf(leaf) {
    if (leaf.field === "id") return "#" + leaf.term;
    if (leaf.field === "clause") return "@" + leaf.term;
    return leaf.term;
  }

  Engine.prototype.query = function (q, opts) {
    var self = this, start = performance.now();
    opts = opts || {};
    return this.init().then(function () {
      var m = self.meta, L = m.limits;
      var req = {
        q: q == null ? "" : String(q), type: opts.type || "", clause: opts.clause || "",
        from: opts.from == null ? 0 : +opts.from, size: opts.size == null ? 10 : +opts.size,
        group: opts.group || "section", exact: !!opts.exact
      };
      if (req.group !== "section" && req.group !== "document") throw QueryError("group must be document or section.");
      if (!(req.size >= 1 && req.size <= L.max_size) || req.size % 1) throw QueryError("size must be between 1 and " + L.max_size + ".");
      if (!(req.from >= 0 && req.from <= L.max_from) || req.from % 1) throw QueryError("from must be between 0 and " + L.max_from + ".");
      var bytes0 = self.files.bytes;
      return self.prepare(req.q).then(function (ids) {
        var lex = self.lexicon(ids, req.exact);
        var p = parse(req.q, m, lex);
        if (req.type) p.types.push(req.type.toLowerCase());
        if (req.clause) {
          if (!CLAUSE_LIKE.test(req.clause) && !/^[0-9]+$/.test(req.clause)) throw QueryError(JSON.stringify(req.clause) + " is not a clause number (such as 8.6 or 8.6.1).");
          p.clause = req.clause;
        }
        p.types.forEach(function (t) {
          if (!m.types.some(function (k) { return k.name === t; })) throw QueryError("There is no document type " + JSON.stringify(t) + ".");
        });
        var searched = req.group !== "document" ? self.search(p, req, bytes0) : self.exactDocs(req.q).then(function (exact) {
          p.exact = exact;
          return self.search(p, req, bytes0);
        });
        return searched.then(function (res) { return sayWhatWasSearched(res, req.q, p, lex); });
      }).then(function (res) {
        res.took_ms = Math.round((performance.now() - start) * 1000) / 1000;
        return res;
      });
    });
  };

  // search ranks the records the plan matches and makes the hits.
  Engine.prototype.search = function (p, req, bytes0) {
    var self = this, m = this.meta;
    var empty = { query: req.q, total: 0, took_ms: 0, hits: [], facets: { type: {}, clause: {} } };
    if (!m.records) return Promise.resolve(empty);
    // the words' leaves regrouped by field, as the server does (fieldGroups)
    var fields = [], byField = new Map();
    p.groups.forEach(function (g, wi) {
      g.forEach(function (l) {
        if (!byField.has(l.field)) { byField.set(l.field, []); fields.push(l.field); }
        byField.get(l.field).push({ w: wi, field: l.field, key: keyOf(l), code: self.fieldCode[l.field], boost: l.boost });
      });
    });
    var leaves = [], groupSize = [];
    fields.forEach(function (f, gi) {
      byField.get(f).forEach(function (l) { l.g = gi; leaves.push(l); });
      groupSize.push(byField.get(f).length);
    });
    var tables = [this.files.raw("types.bin"), this.files.raw("sections.bin")];
    if (p.clause || m.clauses.length <= 200) tables.push(this.files.raw("clauses.bin"));
    return Promise.all([
      Promise.all(leaves.map(function (l) { return self.entry(l.key); })),
      Promise.all(tables)
    ]).then(function (r) {
      r[0].forEach(function (e, i) {
        var l = leaves[i];
        l.fp = e && e.fields[l.code] || null;
        l.entry = e;
        l.docLevel = m.doc_level[l.code];
        l.next = 1;
      });
      weigh(leaves, groupSize.length, m.records);
      var docs = docTables(r[1], m);
      if (req.group !== "document") return new Ranker(self, p, leaves, groupSize, docs, req, bytes0).run();
      // by document: the best records, more of them until they hold the
      // documents of the page (the documents of the best n records, in
      // order, are the best documents: a document ranks by its best record)
      var rank = function (n) {
        var r = new Ranker(self, p, leaves, groupSize, docs, { q: req.q, from: 0, size: n }, bytes0);
        r.group = { req: req, more: n < MAX_GROUP_RECORDS };
        return r.run().then(function (res) { return res || rank(n * 4); });
      };
      return rank(Math.max(32, 3 * (req.from + req.size)));
    });
  };

  // weigh gives each leaf its idf and query weight as bleve does: the
  // squared weights (boost × idf)² are summed per group, then over groups,
  // and queryNorm = 1/sqrt(sum).
  function weigh(leaves, groups, records) {
    var sums = new Array(groups).fill(0), sum = 0;
    leaves.forEach(function (l) {
      var df = l.fp ? l.fp.df : 0;
      l.idf = 1 + Math.log(records / (df + 1));
      var w = l.boost * l.idf;
      sums[l.g] += w * w;
    });
    sums.forEach(function (s) { sum += s; });
    var norm = 1 / Math.sqrt(sum);
    leaves.forEach(function (l) { l.qw = l.boost * l.idf * norm; });
  }

  // docTables reads the type, the first record and the clauses of each
  // document.
  function docTables(bufs, m) {
    var t = { types: new Uint32Array(m.docs), base: new Uint32Array(m.docs + 1), clauses: null };
    var d = new Decoder(bufs[0]);
    for (var i = 0; i < m.docs; i++) t.types[i] = d.uint();
    d = new Decoder(bufs[1]);
    for (i = 0; i < m.docs; i++) t.base[i + 1] = t.base[i] + d.uint();
    if (bufs[2]) {
      t.clauses = [];
      d = new Decoder(bufs[2]);
      for (i = 0; i < m.docs; i++) {
        var n = d.uint(), cs = [];
        for (var k = 0; k < n; k++) cs.push(d.uint());
        t.clauses.push(cs);
      }
    }
    return t;
  }

  // Ranker finds the best records with as few postings as it can: it
  // starts with each term's first tier, and fetches the next tier of the
  // term that could still add most to a score until the order of the
  // wanted hits can no longer change (or the budget is spent). Records
  // are numbered as they are met; their term scores sit in one array.
  function Ranker(engine, p, leaves, groupSize, docs, req, bytes0) {
    var m = engine.meta, self = this;
    this.engine = engine; this.p = p; this.leaves = leaves; this.docs = docs; this.req = req; this.bytes0 = bytes0;
    this.groupSize = groupSize;
    this.L = leaves.length;
    this.need = req.from + req.size;
    this.approximate = false;
    this.n = 0;
    this.index = new Int32Array(m.records).fill(-1); // record → its number here
    this.active = []; // records that may still be among the wanted hits
    this.grow(1024);
    this.sum = new Float64Array(groupSize.length);
    this.cnt = new Int32Array(groupSize.length);
    // the words that must be there, a bit each
    this.wbit = new Int32Array(this.L);
    leaves.forEach(function (l, i) {
      var k = p.required.indexOf(l.w);
      if (k >= 0) self.wbit[i] = 1 << k;
    });
    this.reqMask = (1 << p.required.length) - 1;
    // for each phrase, per text field, the leaves of each of its words
    this.phraseLeaves = p.phraseWords.map(function (words) {
      return ["title", "heading", "text", "tags"].map(function (f) {
        return words.map(function (w) {
          var ls = [];
          leaves.forEach(function (l, i) { if (l.w === w && l.field === f) ls.push(i); });
          return ls;
        });
      });
    });
    var types = null, clauses = null;
    if (p.types.length) types = new Set(p.types.map(function (t) { return m.types.findIndex(function (k) { return k.name === t; }); }));
    if (p.clause) {
      clauses = new Set();
      m.clauses.forEach(function (c, i) { if (c === p.clause || c.indexOf(p.clause + ".") === 0) clauses.add(i); });
    }
    this.allowDoc = function (d) {
      if (types && !types.has(docs.types[d])) return false;
      if (clauses && !docs.clauses[d].some(function (c) { return clauses.has(c); })) return false;
      return true;
    };
    leaves.forEach(function (l, i) {
      l.index = i;
      for (var t = 0; l.fp && t < l.next; t++) self.addTier(l, l.fp.tiers[t].postings); // a rerun has more
    });
  }

  Ranker.prototype.grow = function (cap) {
    var keys = new Uint32Array(cap), doc = new Uint32Array(cap), sec = new Uint32Array(cap), c = new Float64Array(cap * this.L);
    if (this.keys) { keys.set(this.keys); doc.set(this.doc); sec.set(this.sec); c.set(this.c); }
    this.keys = keys; this.doc = doc; this.sec = sec; this.c = c;
    this.lb = new Float64Array(cap); this.ub = new Float64Array(cap);
    this.cap = cap;
  };

  Ranker.prototype.addTier = function (l, ps) {
    for (var i = 0; i < ps.doc.length; i++) {
      var s = impact(ps.freq[i], ps.len[i]) * l.idf * l.qw;
      if (l.docLevel) {
        for (var sec = 0; sec < ps.sec[i]; sec++) this.add(ps.doc[i], sec, l.index, s);
      } else {
        this.add(ps.doc[i], ps.sec[i], l.index, s);
      }
    }
  };

  Ranker.prototype.add = function (doc, sec, leaf, s) {
    var key = this.docs.base[doc] + sec, r = this.index[key];
    if (r < 0) {
      if (!this.allowDoc(doc)) return;
      if (this.n === this.cap) this.grow(this.cap * 2);
      r = this.n++;
      this.keys[r] = key;
      this.doc[r] = doc;
      this.sec[r] = sec;
      this.index[key] = r;
      this.active.push(r);
    }
    this.c[r * this.L + leaf] = s;
  };

  Ranker.prototype.bound = function (l) {
    return l.fp && l.next < l.fp.tiers.length ? l.fp.tiers[l.next].best * l.idf * l.qw : 0;
  };

  // score is bleve's score of record r (-1 for none seen yet): each field
  // group's sum of term scores times its share of terms matched, summed
  // over the groups, times the share of groups matched. With bounds, the
  // terms not seen count at their bound: an upper bound.
  Ranker.prototype.score = function (r, bounds) {
    var L = this.L, leaves = this.leaves, sum = this.sum, cnt = this.cnt, G = sum.length, words = 0;
    sum.fill(0);
    cnt.fill(0);
    for (var l = 0; l < L; l++) {
      var v = r >= 0 ? this.c[r * L + l] : 0;
      if (v === 0 && bounds) v = bounds[l];
      if (v > 0) {
        sum[leaves[l].g] += v;
        cnt[leaves[l].g]++;
        words |= this.wbit[l];
      }
    }
    if ((words & this.reqMask) !== this.reqMask) return -Infinity;
    var total = 0, matched = 0;
    for (var g = 0; g < G; g++) {
      if (!cnt[g]) continue;
      total += sum[g] * (cnt[g] / this.groupSize[g]);
      matched++;
    }
    return matched ? total * (matched / G) : -Infinity;
  };

  // inOneField reports whether each phrase's words are all in one field
  // of record r (as far as the postings fetched tell): a phrase can be
  // there only then.
  Ranker.prototype.inOneField = function (r) {
    var c = this.c, L = this.L;
    return this.phraseLeaves.every(function (fields) {
      return fields.some(function (words) {
        return words.every(function (ls) { return ls.some(function (l) { return c[r * L + l] > 0; }); });
      });
    });
  };

  // order ranks the records seen by their known scores: the first `need`
  // of those that may be hits, and how many of them are certain (no
  // record, seen or not, could overtake one whatever the postings not yet
  // fetched hold). A record whose bound falls below the last of them can
  // never be a wanted hit: it is dropped from the next rounds.
  Ranker.prototype.order = function () {
    var self = this, bounds = new Float64Array(this.L), open = false;
    this.leaves.forEach(function (l, i) { bounds[i] = self.bound(l); if (bounds[i] > 0) open = true; });
    var keys = this.keys, lb = this.lb, ub = this.ub, need = this.need;
    var better = function (a, b) { return lb[a] > lb[b] || (lb[a] === lb[b] && keys[a] < keys[b]); };
    var heap = [], outside = open ? this.score(-1, bounds) : -Infinity, active = this.active;
    function sink(i) { // the heap keeps the worst of the best at the root
      for (;;) {
        var a = 2 * i + 1, b = a + 1, w = i;
        if (a < heap.length && better(heap[w], heap[a])) w = a;
        if (b < heap.length && better(heap[w], heap[b])) w = b;
        if (w === i) return;
        var t = heap[i]; heap[i] = heap[w]; heap[w] = t; i = w;
      }
    }
    for (var a = 0; a < active.length; a++) {
      var r = active[a];
      lb[r] = this.score(r, null);
      ub[r] = open ? this.score(r, bounds) : lb[r];
      var ok = lb[r] > -Infinity && (!this.p.phrases.length || this.inOneField(r));
      if (!ok) { if (ub[r] > outside) outside = ub[r]; continue; }
      if (heap.length < need) {
        heap.push(r);
        for (var i = heap.length - 1; i > 0;) {
          var p = (i - 1) >> 1;
          if (!better(heap[p], heap[i])) break;
          var t = heap[i]; heap[i] = heap[p]; heap[p] = t; i = p;
        }
      } else if (need > 0 && better(r, heap[0])) {
        if (ub[heap[0]] > outside) outside = ub[heap[0]];
        heap[0] = r;
        sink(0);
      } else if (ub[r] > outside) {
        outside = ub[r];
      }
    }
    if (heap.length === need && need > 0) {
      var last = lb[heap[0]];
      this.active = active.filter(function (r) { return ub[r] >= last; });
    }
    var top = heap.sort(function (a, b) { return better(a, b) ? -1 : 1; });
    var certain = top.length;
    if (open) {
      var after = new Float64Array(top.length), max = outside;
      for (i = top.length - 1; i >= 0; i--) { after[i] = max; if (ub[top[i]] > max) max = ub[top[i]]; }
      for (certain = 0; certain < top.length && lb[top[certain]] >= after[certain]; certain++);
    }
    return { top: top, certain: certain, open: open };
  };

  // found lists every record that may be a hit, for the total and facets.
  Ranker.prototype.found = function () {
    var out = [];
    for (var r = 0; r < this.n; r++) {
      if (this.score(r, null) > -Infinity && (!this.p.phrases.length || this.inOneField(r))) out.push(r);
    }
    return out;
  };

  // run fetches tiers until the wanted hits are certain: the first `need`
  // records in order (for a phrase query, the first `need` of those that
  // have the phrases, checked in their documents).
  Ranker.prototype.run = function () {
    var self = this, o = this.order();
    return this.verify(o.top, o.certain).then(function (found) {
      if (found >= self.need || !o.open) return self.finish(o);
      // the next tiers of the terms that could add most to a score (those
      // within half of the most), fetched together; a tier's file is about
      // three bytes a posting
      var open = self.leaves.filter(function (l) { return self.bound(l) > 0; });
      open.sort(function (a, b) { return self.bound(b) - self.bound(a); });
      var spent = self.engine.files.bytes - self.bytes0, batch = [];
      for (var i = 0; i < open.length && self.bound(open[i]) >= self.bound(open[0]) / 2; i++) {
        var cost = 3 * open[i].fp.tiers[open[i].next].count;
        if (spent + cost > BUDGET) break;
        spent += cost;
        batch.push(open[i]);
      }
      if (!batch.length) {
        // out of budget: the best found so far, phrases checked in order
        self.approximate = true;
        return self.verify(o.top, o.top.length).then(function () { return self.finish(o); });
      }
      return Promise.all(batch.map(function (l) {
        var t = l.next++;
        var name = "o/" + l.entry.shard + "/" + l.entry.index + "." + l.code + "." + t + ".bin";
        return self.engine.files.raw(name).then(function (b) {
          var tier = l.fp.tiers[t];
          tier.postings = tier.postings || readPostings(new Decoder(b), tier.count);
          return [l, tier.postings];
        });
      })).then(function (loaded) {
        loaded.forEach(function (x) { self.addTier(x[0], x[1]); });
        return self.run();
      });
    });
  };

  // verify checks the phrases of the first n records (each once) in their
  // documents and returns how many have them; without phrases, all have.
  Ranker.prototype.verify = function (top, n) {
    var self = this, e = this.engine, p = this.p, found = 0, i = 0;
    this.checked = this.checked || new Map();
    if (!p.phrases.length) return Promise.resolve(n);
    function next() {
      if (found >= self.need || i >= n) return Promise.resolve(found);
      var r = top[i++], key = self.keys[r];
      if (self.checked.has(key)) { found += self.checked.get(key) ? 1 : 0; return next(); }
      if (e.files.bytes - self.bytes0 > BUDGET + DOC_BUDGET) return Promise.resolve(found);
      return e.files.json("d/" + self.doc[r] + ".bin").then(function (d) {
        var ok = phrasesIn(e, d, self.sec[r], p.phrases);
        self.checked.set(key, ok);
        found += ok ? 1 : 0;
        return next();
      });
    }
    return next();
  };

  // finish makes the answer: the page of hits from their documents, the
  // total and the facets of the records found (exact once every posting
  // of the query is in, and for phrases once every record is checked).
  Ranker.prototype.finish = function (o) {
    if (this.group) return this.finishDocs(o);
    var self = this, e = this.engine, m = e.meta, p = this.p, keys = this.keys;
    var checked = this.checked || new Map();
    var found = this.found().filter(function (r) { return checked.get(keys[r]) !== false; });
    var facets = { type: {}, clause: {} };
    found.forEach(function (r) {
      var doc = self.doc[r], t = m.types[self.docs.types[doc]].name;
      facets.type[t] = (facets.type[t] || 0) + 1;
      if (self.docs.clauses) self.docs.clauses[doc].forEach(function (c) {
        facets.clause[m.clauses[c]] = (facets.clause[m.clauses[c]] || 0) + 1;
      });
    });
    var res = { query: this.req.q, total: found.length, took_ms: 0, hits: [], facets: facets };
    var unchecked = p.phrases.length && found.some(function (r) { return !checked.has(keys[r]); });
    if (this.approximate || o.open || unchecked) res.approximate = true;
    var top = o.top.filter(function (r) { return checked.get(keys[r]) !== false && (!p.phrases.length || checked.get(keys[r])); });
    var shown = top.slice(this.req.from, this.need);
    return Promise.all(shown.map(function (r) { return e.files.json("d/" + self.doc[r] + ".bin"); })).then(function (ds) {
      res.hits = ds.map(function (d, i) { return hitOf(e, d, self.sec[shown[i]], self.lb[shown[i]], p.marks); });
      return res;
    });
  };

  // finishDocs makes the answer by document (group.go): the documents of
  // the best records in order, those whose id or title is the query first,
  // each with its best sections; total and facets count documents. It
  // answers null when the records ranked hold too few documents for the
  // page and more records could be ranked.
  Ranker.prototype.finishDocs = function (o) {
    var self = this, e = this.engine, m = e.meta, p = this.p, keys = this.keys, lb = this.lb, req = this.group.req;
    var checked = this.checked || new Map();
    var ok = function (r) { return checked.get(keys[r]) !== false && (!p.phrases.length || checked.get(keys[r])); };
    var better = function (a, b) { return lb[b] - lb[a] || keys[a] - keys[b]; };
    var order = [], seen = new Set();
    o.top.filter(ok).forEach(function (r) {
      if (!seen.has(self.doc[r])) { seen.add(self.doc[r]); order.push(self.doc[r]); }
    });
    var want = req.from + req.size;
    if (order.length < want && o.top.length >= this.need && this.group.more) return Promise.resolve(null);
    var found = this.found().filter(function (r) { return checked.get(keys[r]) !== false; });
    var recs = new Map(), facets = { type: {}, clause: {} };
    found.forEach(function (r) {
      var d = self.doc[r];
      if (recs.has(d)) { recs.get(d).push(r); return; }
      recs.set(d, [r]);
      var t = m.types[self.docs.types[d]].name;
      facets.type[t] = (facets.type[t] || 0) + 1;
      if (self.docs.clauses) self.docs.clauses[d].forEach(function (c) {
        facets.clause[m.clauses[c]] = (facets.clause[m.clauses[c]] || 0) + 1;
      });
    });
    var sections = function (d) { return (recs.get(d) || []).filter(ok).sort(better).slice(0, MAX_DOC_SECTIONS); };
    var exact = (p.exact || []).filter(function (d) { return sections(d).length > 0; });
    exact.sort(function (a, b) { return better(sections(a)[0], sections(b)[0]); });
    order = exact.concat(order.filter(function (d) { return exact.indexOf(d) < 0; }));
    var res = { query: req.q, total: recs.size, took_ms: 0, hits: [], facets: facets };
    var unchecked = p.phrases.length && found.some(function (r) { return !checked.has(keys[r]); });
    if (this.approximate || o.open || unchecked) res.approximate = true;
    var shown = order.slice(req.from, want);
    return Promise.all(shown.map(function (d) { return e.files.json("d/" + d + ".bin"); })).then(function (ds) {
      res.hits = ds.map(function (doc, i) {
        var secs = sections(shown[i]).map(function (r) { return hitOf(e, doc, self.sec[r], lb[r], p.marks); });
        var hit = Object.assign({}, secs[0]);
        hit.sections = secs.map(function (h) { return { anchor: h.anchor, section: h.section, url: h.url, fragments: h.fragments, score: h.score }; });
        return hit;
      });
      return res;
    });
  };

  // phrasesIn reports whether every phrase occurs in one field of section
  // sec of document d (title, heading, text, tags), word by word.
  function phrasesIn(e, d, sec, phrases) {
    var s = d.s[sec];
    var fields = [terms(e, [d.title]), terms(e, [s[1]]), terms(e, [s[2]]), terms(e, d.tags || [])];
    return phrases.every(function (ph) {
      return fields.some(function (f) { return phraseAt(f, ph); });
    });
  }

  // terms maps the positions of the words of texts (tags apart by a gap,
  // as the index has them) to their stems.
  function terms(e, texts) {
    var at = new Map(), offset = 0;
    texts.forEach(function (text) {
      var end = offset;
      split(text, e.an).forEach(function (t) {
        at.set(offset + t.pos, stemsOf(e, t.term));
        end = offset + t.pos;
      });
      offset = end + 10;
    });
    return at;
  }

  function stemsOf(e, w) {
    var v = e.vocab.get(vocabShard(w)), x = v && v.words.get(w);
    return x ? x.stems : [w];
  }

  function phraseAt(at, ph) {
    for (var pos of at.keys()) {
      var ok = true;
      for (var k = 0; k < ph.length && ok; k++) {
        if (ph[k].length === 1 && ph[k][0] === "") continue;
        ok = at.has(pos + k) && at.get(pos + k).some(function (st) { return ph[k].indexOf(st) >= 0; });
      }
      if (ok && ph[0][0] !== "") return true;
    }
    return false;
  }

  function hitOf(e, d, sec, score, marks) {
    var s = d.s[sec];
    return {
      id: d.id, title: d.title, type: d.type,
      url: s[0] ? d.url + "#" + s[0] : d.url, anchor: s[0], section: s[1],
      fragments: [fragment(e, s[2], marks)], score: score
    };
  }

  // ---- Fragments (the port of highlight.go) --------------------------------

  var FRAG_WINDOW = 160, FRAG_CONTEXT = 40;

  function escapeHTML(s) {
    return s.replace(/[&'<>"]/g, function (c) {
      return { "&": "&amp;", "'": "&#39;", "<": "&lt;", ">": "&gt;", '"': "&#34;" }[c];
    });
  }

  function fragment(e, text, marks) {
    var ms = [], stems = [];
    split(text, e.an).forEach(function (t) {
      var st = stemsOf(e, t.term).find(function (s) { return marks.has(s); });
      if (st !== undefined) { ms.push({ start: t.start, end: t.end }); stems.push(st); }
    });
    var w = window_(text.length, text, ms, stems), from = w[0], to = w[1];
    var out = from > 0 ? "…" : "", pos = from;
    ms.forEach(function (mk) {
      if (mk.start < from || mk.end > to) return;
      out += escapeHTML(text.slice(pos, mk.start)) + "<mark>" + escapeHTML(text.slice(mk.start, mk.end)) + "</mark>";
      pos = mk.end;
    });
    out += escapeHTML(text.slice(pos, to));
    if (to < text.length) out += "…";
    return out;
  }

  function window_(n, text, ms, stems) {
    var best = -1, bestDistinct = 0, bestCount = 0;
    for (var i = 0; i < ms.length; i++) {
      var distinct = new Set(), count = 0;
      for (var j = i; j < ms.length && ms[j].end <= ms[i].start + FRAG_WINDOW; j++) { distinct.add(stems[j]); count++; }
      if (distinct.size > bestDistinct || (distinct.size === bestDistinct && count > bestCount)) {
        best = i; bestDistinct = distinct.size; bestCount = count;
      }
    }
    var from = 0;
    if (best >= 0 && ms[best].start > FRAG_CONTEXT) {
      from = ms[best].start - FRAG_CONTEXT;
      var sp = text.slice(from, ms[best].start).indexOf(" ");
      if (sp >= 0) from += sp + 1;
    }
    var to = Math.min(n, from + FRAG_WINDOW + FRAG_CONTEXT);
    if (to < n) {
      var floor = best >= 0 ? ms[best].end : from;
      var lsp = text.slice(floor, to).lastIndexOf(" ");
      if (lsp >= 0) to = floor + lsp;
    }
    return [from, to];
  }

  // ---- The server, or else the static index ---------------------------------

  // A server with the search API marks the pages it serves (search.ServedMarker);
  // without the mark (a plain web server) the API is never asked.
  var served = !!(document.querySelector && document.querySelector('meta[name="handbook-search"][content="api"]'));
  var engine = null, mode = served ? "" : "static";

  function staticQuery(q, opts) {
    engine = engine || new Engine(STATIC);
    return engine.query(q, opts);
  }

  function apiURL(q, opts) {
    var u = new URL(base + "api/search", location.href);
    u.searchParams.set("q", q);
    ["type", "clause", "from", "size", "group"].forEach(function (k) {
      if (opts[k] != null && opts[k] !== "") u.searchParams.set(k, opts[k]);
    });
    if (opts.exact) u.searchParams.set("exact", "1");
    return u.href;
  }

  // query asks the server where the page says there is one; should it not
  // answer JSON after all, the page searches in the browser from then on.
  function query(q, opts) {
    opts = Object.assign({ group: "document" }, opts);
    if (mode === "static" || location.protocol === "file:") return staticQuery(q, opts);
    return fetch(apiURL(q, opts), { headers: { Accept: "application/json" } }).then(function (r) {
      if ((r.headers.get("Content-Type") || "").indexOf("application/json") < 0) return null;
      return r.json().then(function (body) {
        mode = "server";
        if (!r.ok) throw (r.status === 400 ? QueryError : Error)(body.error || "the search failed (HTTP " + r.status + ")");
        return body;
      });
    }, function () { return null; }).then(function (res) {
      if (res) return res;
      if (mode !== "server") mode = "static";
      return staticQuery(q, opts);
    });
  }

  // ---- Highlight on arrival (the port of arrival.go) -----------------------

  // highlightOf lists the distinct words a hit's fragments mark.
  function highlightOf(fragments) {
    var words = [];
    (fragments || []).forEach(function (f) {
      f.replace(/<mark>([\s\S]*?)<\/mark>/g, function (_, w) {
        var t = unescapeHTML(w).toLowerCase();
        if (words.indexOf(t) < 0) words.push(t);
        return "";
      });
    });
    return words.join(" ");
  }

  // unescapeHTML undoes escapeHTML.
  function unescapeHTML(s) {
    return s.replace(/&(amp|lt|gt|#39|#34);/g, function (_, e) {
      return { amp: "&", lt: "<", gt: ">", "#39": "'", "#34": '"' }[e];
    });
  }

  // withHighlight asks the page at u to highlight words (?highlight=).
  function withHighlight(u, words) {
    if (!words) return u;
    var i = u.indexOf("#"), path = i < 0 ? u : u.slice(0, i), frag = i < 0 ? "" : u.slice(i);
    return path + (path.indexOf("?") < 0 ? "?" : "&") + "highlight=" + encodeURIComponent(words) + frag;
  }

  // href is the address a hit opens: its section, asked to highlight the
  // words found there.
  function href(h) { return withHighlight(h.url || "", highlightOf(h.fragments)); }

  // highlightOnArrival marks the words of ?highlight= in the section the
  // address opens (from its heading to the next heading of the same or a
  // higher level; without #anchor, the text before the first heading) and
  // scrolls to the first; Escape clears the marks.
  function highlightOnArrival() {
    var param = new URLSearchParams(location.search).get("highlight");
    var root = document.querySelector(".doc-body");
    if (!param || !root || !segmenter) return;
    var want = new Set(param.split(/\s+/).filter(Boolean).map(function (w) { return fold(w.toLowerCase()); }));
    var start = location.hash ? document.getElementById(decodeURIComponent(location.hash.slice(1))) : null;
    if (start && !root.contains(start)) start = null;
    var level = start && /^H[1-6]$/.test(start.tagName) ? +start.tagName.charAt(1) : 0;
    var els = [], el = start || root.firstElementChild;
    for (; el; el = el.nextElementSibling) {
      var m = /^H([1-6])$/.exec(el.tagName);
      if (m && el !== start && (!start || +m[1] <= level)) break;
      els.push(el);
    }
    var marks = [];
    els.forEach(function (e) {
      var walker = document.createTreeWalker(e, NodeFilter.SHOW_TEXT), texts = [];
      for (var n = walker.nextNode(); n; n = walker.nextNode()) texts.push(n);
      texts.forEach(function (t) {
        var segs = [];
        wordSegments(t.nodeValue).forEach(function (seg) {
          pieces(seg).forEach(function (pc) {
            if (want.has(fold(pc.text.toLowerCase()))) segs.push({ index: pc.index, segment: pc.text });
          });
        });
        for (var i = segs.length - 1; i >= 0; i--) { // from the end: earlier offsets stay valid
          var word = t.splitText(segs[i].index);
          word.splitText(segs[i].segment.length);
          var mk = document.createElement("mark");
          mk.className = "search-highlight";
          word.parentNode.replaceChild(mk, word);
          mk.appendChild(word);
          marks.unshift(mk);
        }
      });
    });
    if (marks.length) marks[0].scrollIntoView({ block: "center" });
    document.addEventListener("keydown", function clear(ev) {
      if (ev.key !== "Escape") return;
      marks.forEach(function (mk) {
        var parent = mk.parentNode;
        if (!parent) return;
        while (mk.firstChild) parent.insertBefore(mk.firstChild, mk);
        parent.removeChild(mk);
        parent.normalize();
      });
      document.removeEventListener("keydown", clear);
    });
  }

  window.HandbookSearch = {
    query: query,
    // href is the address a hit opens, asking the page to highlight the
    // words found.
    href: href,
    // stats tells tests and benchmarks what the static search downloaded.
    stats: function () { return engine ? { bytes: engine.files.bytes, files: engine.files.files } : { bytes: 0, files: 0 }; },
    mode: function () { return mode; },
    // staticQuery searches the static index even where a server answers.
    staticQuery: staticQuery,
    // marked appends a hit's fragment, keeping its text and <mark>s only.
    marked: marked
  };

  // ---- The /search/ page without a server -----------------------------------

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }

  // marked appends a fragment's text with its <mark> highlights only.
  function marked(parent, html) {
    var tpl = document.createElement("template");
    tpl.innerHTML = html;
    (function copy(from, to) {
      from.childNodes.forEach(function (n) {
        if (n.nodeType === 3) to.appendChild(document.createTextNode(n.nodeValue));
        else if (n.nodeType === 1 && n.tagName === "MARK") copy(n, to.appendChild(el("mark")));
        else if (n.nodeType === 1) copy(n, to);
      });
    })(tpl.content, parent);
  }

  function typeLabel(types, t) {
    var k = (types || []).find(function (x) { return x.name === t; });
    return k ? k.label : t;
  }

  // renderResults builds what the server's results template writes.
  function renderResults(out, req, res, types) {
    // link is the server's searchLink (page.go)
    function link(typ, from, q, exact) {
      var u = new URL(location.pathname, location.href);
      u.searchParams.set("q", q == null ? req.q : q);
      if (typ) u.searchParams.set("type", typ);
      if (req.clause) u.searchParams.set("clause", req.clause);
      if (from > 0) u.searchParams.set("from", from);
      if (req.group === "section") u.searchParams.set("group", "section");
      if (exact == null ? req.exact : exact) u.searchParams.set("exact", "1");
      return u.pathname + u.search;
    }
    out.textContent = "";
    if (res.corrected) {
      var corr = el("p", "search-corrected", "Showing results for "), typed = el("a", null, req.q);
      typed.href = link(req.type, 0, req.q, true);
      corr.append(el("strong", null, res.corrected), " — search instead for ", typed);
      out.appendChild(corr);
    }
    var summary = el("p", "search-summary");
    summary.setAttribute("role", "status");
    var qEl = el("q", null, req.q);
    // the static search may stop short of counting every match: "about"
    var shown = res.hits.length, about = res.approximate ? "about " : "";
    if (res.total) {
      summary.append(about + res.total + " result" + (res.total === 1 && !about ? "" : "s") + " for ", qEl);
      if (res.total > shown) summary.append("; " + (req.from + 1) + "–" + (req.from + shown) + " shown");
    } else {
      summary.append("No results for ", el("q", null, req.q), ". Check the spelling, or try other or fewer words.");
    }
    out.appendChild(summary);
    if (res.suggestions && res.suggestions.length) {
      var sug = el("p", "search-suggestions", "Words the handbook has: ");
      res.suggestions.forEach(function (w, i) {
        var a = el("a", null, w);
        a.href = link(req.type, 0, w, false);
        sug.append(i ? ", " : "", a);
      });
      out.appendChild(sug);
    }
    var counts = res.facets && res.facets.type || {};
    var facetTypes = (types || []).filter(function (t) { return counts[t.name] > 0; });
    if (facetTypes.length >= 2 || req.type) {
      var ul = el("ul", "search-facets");
      ul.setAttribute("aria-label", "Narrow by type");
      facetTypes.forEach(function (t) {
        var li = el("li"), label = t.label + " (" + counts[t.name] + ")";
        if (t.name === req.type) {
          li.append(el("strong", null, label), " ");
          var all = el("a", null, "all types");
          all.href = link("", 0);
          li.appendChild(all);
        } else {
          var a = el("a", null, label);
          a.href = link(t.name, 0);
          li.appendChild(a);
        }
        ul.appendChild(li);
      });
      out.appendChild(ul);
    }
    if (shown) {
      var ol = el("ol", "search-page-hits");
      ol.start = req.from + 1;
      res.hits.forEach(function (h) {
        var li = el("li", "search-page-hit");
        function fragments(parent, fs) {
          (fs || []).forEach(function (f) {
            var fp = el("p", "hit-fragment");
            marked(fp, f);
            parent.appendChild(fp);
          });
        }
        var crumbs = el("p", "hit-crumbs", typeLabel(types, h.type) + (h.sections ? " " : " › "));
        var h2 = el("h2", "hit-title"), a = el("a", null, h.sections ? h.title : h.section || h.title);
        a.href = href(h);
        h2.appendChild(a);
        if (h.sections) { // by document: its best sections
          crumbs.appendChild(el("span", "hit-meta", h.id));
          var ul = el("ul", "hit-sections");
          h.sections.forEach(function (s) {
            var sli = el("li", "hit-section"), sa = el("a", null, s.section || h.title);
            sa.href = href(s);
            sli.appendChild(sa);
            fragments(sli, s.fragments);
            ul.appendChild(sli);
          });
          li.append(crumbs, h2, ul);
        } else {
          var doc = el("a", null, h.title);
          doc.href = h.url.split("#")[0];
          crumbs.append(doc, " ", el("span", "hit-meta", h.id));
          li.append(crumbs, h2);
          fragments(li, h.fragments);
        }
        ol.appendChild(li);
      });
      out.appendChild(ol);
    }
    var prev = req.from > 0, next = req.from + shown < res.total && req.from + req.size <= 1000;
    if (prev || next) {
      var nav = el("nav", "search-pager");
      nav.setAttribute("aria-label", "Result pages");
      if (prev) { var pa = el("a", null, "Previous"); pa.rel = "prev"; pa.href = link(req.type, Math.max(0, req.from - req.size)); nav.appendChild(pa); }
      if (next) { var na = el("a", null, "Next"); na.rel = "next"; na.href = link(req.type, req.from + req.size); nav.append(" ", na); }
      out.appendChild(nav);
    }
  }

  function showError(out, msg) {
    out.textContent = "";
    var p = el("p", "search-error", msg);
    p.setAttribute("role", "alert");
    out.appendChild(p);
  }

  // The page searches only when nothing rendered its results: a server
  // renders them into the page, with or without JavaScript.
  function searchPage() {
    var out = document.getElementById("search-page-results");
    if (!out || out.children.length) return;
    var params = new URLSearchParams(location.search);
    if (!params.has("q")) return;
    var req = {
      q: params.get("q") || "", type: params.get("type") || "", clause: params.get("clause") || "",
      from: params.get("from") ? +params.get("from") : 0, size: params.get("size") ? +params.get("size") : 10,
      group: params.get("group") || "document", exact: params.get("exact") === "1"
    };
    var box = document.getElementById("search-page-q");
    if (box) box.value = req.q;
    var sel = document.getElementById("search-page-type");
    if (sel) sel.value = req.type;
    var csel = document.getElementById("search-page-clause");
    if (csel) csel.value = req.clause;
    if (req.q) document.title = req.q + " – " + document.title;
    out.setAttribute("aria-busy", "true");
    query(req.q, req).then(function (res) {
      var types = engine && engine.meta ? engine.meta.types : null;
      var fill = types ? Promise.resolve(types) : (engine = engine || new Engine(STATIC)).init().then(function () { return engine.meta.types; }, function () { return null; });
      return fill.then(function (t) { renderResults(out, req, res, t); });
    }, function (err) {
      showError(out, err && err.message ? err.message : "The search failed.");
    }).then(function () { out.removeAttribute("aria-busy"); });
  }

  if (body && body.getAttribute("data-kind") === "search") searchPage();
  if (document.querySelector) highlightOnArrival();
})();
