// handbook: progressive enhancements. Every page works without this file:
// the search box submits to /search/, heading anchors are plain links, the
// table of contents is a list of links. With it:
//   - "/" focuses the search box, and results appear as you type
//     (window.HandbookSearch from search.js, served or static), in an ARIA
//     combobox with a listbox: arrows, Enter, Escape; type and clause filters;
//   - a heading's "#" control copies the section's address;
//   - the table of contents follows scrolling.
// No inline script or style: the server's Content-Security-Policy forbids them.
(function () {
  "use strict";

  var base = document.body.getAttribute("data-base") || "/";

  // announce tells screen-reader users what just happened (polite).
  var announcer = document.createElement("div");
  announcer.className = "visually-hidden";
  announcer.setAttribute("role", "status");
  document.body.appendChild(announcer);
  function announce(text) {
    announcer.textContent = "";
    // A separate task, so that the same message twice is announced twice.
    setTimeout(function () { announcer.textContent = text; }, 50);
  }

  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    if (text != null) e.textContent = text;
    return e;
  }

  // "/" focuses the search box, as on GitHub and MkDocs Material.
  var input = document.getElementById("search-q");
  document.addEventListener("keydown", function (e) {
    if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey || !input) return;
    var a = document.activeElement;
    if (a && (/^(INPUT|TEXTAREA|SELECT)$/.test(a.tagName) || a.isContentEditable)) return;
    e.preventDefault();
    input.focus();
    input.select();
  });

  // ---- Copy-link controls -------------------------------------------------

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    // Plain-http intranets have no Clipboard API: copy through a selection.
    return new Promise(function (resolve, reject) {
      var focused = document.activeElement;
      var ta = el("textarea");
      ta.value = text;
      ta.setAttribute("readonly", "");
      ta.className = "visually-hidden";
      document.body.appendChild(ta);
      ta.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (err) { ok = false; }
      document.body.removeChild(ta);
      if (focused && focused.focus) focused.focus();
      if (ok) resolve(); else reject(new Error("copy refused"));
    });
  }

  // The heading anchors copy their link: say so where the script runs (the
  // pages leave the title out, one per heading of every page).
  document.querySelectorAll("a.anchor").forEach(function (a) {
    if (!a.title) a.title = a.getAttribute("aria-label");
  });

  document.addEventListener("click", function (e) {
    var a = e.target.closest && e.target.closest("a.anchor");
    if (!a || e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
    var url = new URL(a.getAttribute("href"), location.href);
    if (url.pathname !== location.pathname) return;
    e.preventDefault();
    history.replaceState(null, "", url.href);
    var heading = a.parentElement;
    var name = heading ? heading.textContent.replace(/#\s*$/, "").trim() : "this section";
    copyText(url.href).then(function () {
      a.classList.add("copied");
      announce("Link to “" + name + "” copied");
      setTimeout(function () { a.classList.remove("copied"); }, 2000);
    }, function () {
      announce("Could not copy; the address bar now shows the link to “" + name + "”");
    });
  });

  // ---- The paper copy ------------------------------------------------------

  // The printed copy names the page's full address, and numbers the links of
  // the document, listing their targets at the end (print.css shows both).
  document.querySelectorAll(".print-note").forEach(function (p) {
    p.textContent = p.textContent.replace(/ at \S+\.$/, " at " + location.origin + location.pathname + ".");
  });
  // linkTitle names a link's target document as its tooltip does, "ID ·
  // Title"; a link showing the title has the id alone as its tooltip
  // (the title attribute equals the id in its address), completed here
  // with the link's text.
  function linkTitle(a) {
    var t = a.getAttribute("title"), m = /\/docs\/([^\/]+)\/$/.exec(a.pathname);
    return t && m && t.toLowerCase() === m[1] ? t + " · " + a.textContent.replace(/\s+/g, " ").trim() : t;
  }
  (function () {
    var content = document.querySelector(".doc-content");
    if (!content) return;
    var numbers = {}, targets = [];
    content.querySelectorAll(".doc-body a[href], .history a[href]").forEach(function (a) {
      if (a.classList.contains("anchor") || a.getAttribute("href").charAt(0) === "#") return;
      var url = a.href;
      if (!numbers[url]) {
        targets.push({ url: url, title: linkTitle(a) });
        numbers[url] = targets.length;
      }
      a.setAttribute("data-note", numbers[url]);
    });
    if (!targets.length) return;
    var box = el("section", "print-links");
    box.hidden = true;
    box.appendChild(el("h2", null, "Links in this document"));
    var ol = el("ol");
    targets.forEach(function (t) { ol.appendChild(el("li", null, (t.title ? t.title + ": " : "") + t.url)); });
    box.appendChild(ol);
    var note = content.querySelector(".print-note");
    content.insertBefore(box, note);
  })();
  (function () {
    // Running footer on every printed page: id, version, status, review.
    var doc = document.querySelector("article.doc[data-id]");
    var link = document.querySelector('link[rel="stylesheet"][media="print"]');
    if (!doc || !link) return;
    var parts = [doc.getAttribute("data-id"), "version " + doc.getAttribute("data-version"), doc.getAttribute("data-status")];
    if (doc.getAttribute("data-review")) parts.push("next review " + doc.getAttribute("data-review"));
    var rule = '@page { @bottom-left { content: "' + parts.join(" · ").replace(/["\\]/g, "") +
      '"; font: 8pt system-ui, sans-serif; color: #444; } }';
    function add() {
      try { link.sheet.insertRule(rule, link.sheet.cssRules.length); } catch (err) { /* no page-margin boxes: no footer */ }
    }
    if (link.sheet) add(); else link.addEventListener("load", add);
  })();

  // ---- Table of contents that follows scrolling ---------------------------

  (function () {
    var toc = document.querySelector(".toc");
    if (!toc) return;
    // The one contents list is folded under the title on a narrow window
    // and open beside the text on a wide one (the style sheet's 78rem).
    var fold = toc.querySelector("details"), wide = window.matchMedia("(min-width: 78rem)");
    if (fold) {
      fold.open = wide.matches;
      wide.addEventListener("change", function () { fold.open = wide.matches; });
    }
    var links = [], targets = [];
    toc.querySelectorAll('a[href^="#"]').forEach(function (a) {
      var t = document.getElementById(decodeURIComponent(a.getAttribute("href").slice(1)));
      if (t) { links.push(a); targets.push(t); }
    });
    if (!targets.length) return;
    var current = -1, pending = false;
    function update() {
      pending = false;
      var header = document.querySelector(".site-header");
      var line = (header ? header.getBoundingClientRect().bottom : 0) + window.innerHeight * 0.2;
      var i = -1;
      for (var k = 0; k < targets.length; k++) {
        if (targets[k].getBoundingClientRect().top <= line) i = k; else break;
      }
      // At the very bottom the last sections may never reach the line.
      if (window.innerHeight + window.scrollY >= document.documentElement.scrollHeight - 2) i = targets.length - 1;
      if (i === current) return;
      if (current >= 0) { links[current].classList.remove("active"); links[current].removeAttribute("aria-current"); }
      current = i;
      if (i < 0) return;
      links[i].classList.add("active");
      links[i].setAttribute("aria-current", "location");
      // Keep the highlighted entry in view inside a scrolling (sticky) TOC.
      if (toc.scrollHeight > toc.clientHeight) {
        var top = links[i].offsetTop - toc.offsetTop;
        if (top < toc.scrollTop || top > toc.scrollTop + toc.clientHeight - 40) toc.scrollTop = top - toc.clientHeight / 3;
      }
    }
    function schedule() { if (!pending) { pending = true; requestAnimationFrame(update); } }
    window.addEventListener("scroll", schedule, { passive: true });
    window.addEventListener("resize", schedule);
    window.addEventListener("hashchange", schedule);
    update();
  })();

  // Show the current document in the sidebar without scrolling the page.
  (function () {
    var side = document.querySelector(".sidebar");
    if (!side || side.scrollHeight <= side.clientHeight) return;
    var cur = side.querySelectorAll('a[aria-current="page"]');
    var last = cur[cur.length - 1];
    if (last && last.offsetParent) side.scrollTop = Math.max(0, last.offsetTop - side.clientHeight / 3);
  })();

  // ---- Search as you type ---------------------------------------------------

  (function () {
    var form = input && input.form;
    if (!form || !window.HandbookSearch || typeof window.HandbookSearch.query !== "function") return;
    var panel = el("div", "search-panel");
    panel.id = "search-panel";
    panel.hidden = true;
    var filters = el("div", "search-filters");
    var typeSel = select("search-type", "Type", "All types");
    var clauseSel = select("search-clause", "Clause", "All clauses");
    var count = el("span", "search-count");
    count.setAttribute("aria-hidden", "true");
    filters.appendChild(count);
    var list = el("ul", "search-results");
    list.id = "search-results";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "Search suggestions");
    var empty = el("p", "search-empty");
    empty.hidden = true;
    var more = el("a", "search-more", "See all results");
    panel.appendChild(filters);
    panel.appendChild(list);
    panel.appendChild(empty);
    panel.appendChild(more);
    form.appendChild(panel);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);
    var hint = el("span", "visually-hidden", "Results appear as you type; use the arrow keys to choose one and Enter to open it, or press Enter for the full results page.");
    hint.id = "search-hint";
    form.appendChild(hint);
    input.setAttribute("aria-describedby", hint.id);

    function select(id, label, all) {
      var l = el("label", null, label + " ");
      var s = el("select");
      s.id = id;
      s.appendChild(new Option(all, ""));
      l.appendChild(s);
      filters.appendChild(l);
      s.addEventListener("change", function () {
        // Named only when set, so that the full results page gets the filter.
        s.name = s.value ? id.replace("search-", "") : "";
        run();
      });
      return s;
    }

    var hits = [], active = -1, seq = 0, timer = 0, lastQuery = "";

    function open(show) {
      panel.hidden = !show;
      input.setAttribute("aria-expanded", show ? "true" : "false");
      if (!show) setActive(-1);
    }

    function setActive(i) {
      var opts = list.children;
      if (active >= 0 && opts[active]) opts[active].setAttribute("aria-selected", "false");
      active = i;
      if (i >= 0 && opts[i]) {
        opts[i].setAttribute("aria-selected", "true");
        input.setAttribute("aria-activedescendant", opts[i].id);
        opts[i].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function resultsURL(q) {
      var u = new URL(base + "search/", location.href);
      u.searchParams.set("q", q);
      if (typeSel.value) u.searchParams.set("type", typeSel.value);
      if (clauseSel.value) u.searchParams.set("clause", clauseSel.value);
      return u.pathname + u.search;
    }

    function hitURL(h) {
      var u = h.url || "";
      if (h.anchor && u.indexOf("#") < 0) u += "#" + h.anchor;
      return u;
    }

    function fillSelect(s, counts, label) {
      var keep = s.value;
      while (s.options.length > 1) s.remove(1);
      var keys = Object.keys(counts || {});
      if (s === clauseSel) keys.sort(function (a, b) { return a.localeCompare(b, "en", { numeric: true }); });
      else keys.sort();
      if (keep && keys.indexOf(keep) < 0) keys.unshift(keep);
      keys.forEach(function (k) {
        s.appendChild(new Option(label(k) + (counts && counts[k] != null ? " (" + counts[k] + ")" : ""), k));
      });
      s.value = keep;
    }

    function render(res, q) {
      hits = res.hits || [];
      list.textContent = "";
      list.setAttribute("data-query", q);
      active = -1;
      input.removeAttribute("aria-activedescendant");
      hits.forEach(function (h, i) {
        var li = el("li", "search-hit");
        li.id = "search-hit-" + i;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        li.setAttribute("data-url", window.HandbookSearch.href ? window.HandbookSearch.href(h) : hitURL(h));
        li.setAttribute("data-type", h.type || "");
        li.setAttribute("data-id", h.id || "");
        li.appendChild(el("span", "hit-title", h.title || h.id));
        if (h.section && h.section !== h.title) li.appendChild(el("span", "hit-section", " › " + h.section));
        li.appendChild(el("span", "hit-meta", [h.id, h.type].filter(Boolean).join(" · ")));
        if (h.fragments && h.fragments.length) {
          var f = el("span", "hit-fragment");
          window.HandbookSearch.marked(f, h.fragments[0]); // text and <mark> only
          li.appendChild(f);
        }
        list.appendChild(li);
      });
      var facets = res.facets || {};
      fillSelect(typeSel, facets.type, function (k) { return k.charAt(0).toUpperCase() + k.slice(1); });
      fillSelect(clauseSel, facets.clause, function (k) { return k; });
      var total = res.total != null ? res.total : hits.length;
      count.textContent = total === 1 ? "1 result" : total + " results";
      empty.hidden = hits.length > 0;
      empty.textContent = "No results for “" + q + "”.";
      more.href = resultsURL(q);
      more.textContent = total > hits.length ? "See all " + total + " results" : "Open the results page";
      open(true);
      announce(total === 0 ? "No results" : count.textContent + (hits.length ? "; use the arrow keys to choose" : ""));
    }

    function run() {
      var q = input.value.trim();
      lastQuery = q;
      if (q.length < 2) { open(false); return; }
      var mine = ++seq;
      var opts = { size: 8 };
      if (typeSel.value) opts.type = typeSel.value;
      if (clauseSel.value) opts.clause = clauseSel.value;
      Promise.resolve().then(function () { return window.HandbookSearch.query(q, opts); }).then(function (res) {
        // Only the answer to what the box says now: typing on makes it stale.
        if (mine === seq && input.value.trim() === q) render(res || {}, q);
      }, function (err) {
        if (mine !== seq) return;
        hits = [];
        list.textContent = "";
        empty.hidden = false;
        empty.textContent = "Search failed: " + (err && err.message ? err.message : "unknown error") + ".";
        count.textContent = "";
        more.href = resultsURL(q);
        open(true);
      });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(run, 120);
    });
    input.addEventListener("focus", function () {
      if (input.value.trim() === lastQuery && lastQuery.length >= 2 && list.children.length) open(true);
    });

    input.addEventListener("keydown", function (e) {
      var n = list.children.length;
      switch (e.key) {
        case "ArrowDown":
          if (panel.hidden) { if (input.value.trim().length >= 2) { run(); } return; }
          e.preventDefault();
          if (n) setActive(active + 1 >= n ? 0 : active + 1);
          break;
        case "ArrowUp":
          if (panel.hidden) return;
          e.preventDefault();
          if (n) setActive(active <= 0 ? n - 1 : active - 1);
          break;
        case "Enter":
          if (!panel.hidden && active >= 0 && list.children[active]) {
            e.preventDefault();
            location.assign(list.children[active].getAttribute("data-url"));
          }
          // Without a chosen result, the form opens the full results page.
          break;
        case "Escape":
          if (!panel.hidden) { e.preventDefault(); open(false); }
          break;
      }
    });

    // Enter on a chosen suggestion opens it, however the browser turns the
    // key into a submission.
    form.addEventListener("submit", function (e) {
      if (!panel.hidden && active >= 0 && list.children[active]) {
        e.preventDefault();
        location.assign(list.children[active].getAttribute("data-url"));
      }
    });
    list.addEventListener("mousedown", function (e) { e.preventDefault(); }); // keep focus in the box
    list.addEventListener("click", function (e) {
      var li = e.target.closest('[role="option"]');
      if (li) location.assign(li.getAttribute("data-url"));
    });
    list.addEventListener("mousemove", function (e) {
      var li = e.target.closest('[role="option"]');
      if (li) { var i = Array.prototype.indexOf.call(list.children, li); if (i !== active) setActive(i); }
    });

    // Close when focus leaves the search form (the filters are inside it).
    form.addEventListener("focusout", function (e) {
      if (!e.relatedTarget || !form.contains(e.relatedTarget)) open(false);
    });
    document.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && !panel.hidden && form.contains(document.activeElement)) { open(false); input.focus(); }
    });
    // The search box of the results page starts with its query.
    if (document.body.getAttribute("data-kind") === "search" && !input.value) {
      input.value = new URLSearchParams(location.search).get("q") || "";
    }
  })();
})();
