// handbook: the navigation on small screens, and back to top. Without this
// file the header's "Menu" link jumps to the navigation after the content.
// With it:
//   - "Menu" is a button (aria-expanded) that opens the navigation as a
//     drawer at the top of the window; focus stays inside it, Escape, the
//     close button or a click beside it closes it and focus returns to the
//     button;
//   - a "Back to top" control appears on long pages once the first screen
//     is scrolled away;
//   - a table or drawing wider than its column scrolls in its own box, which
//     is then a labelled region that takes the focus (arrow keys scroll
//     it) and shows a cue;
//   - the document control panel is open on paper.
// No inline script or style: the server's Content-Security-Policy forbids them.
(function () {
  "use strict";

  var nav = document.getElementById("site-nav");
  var link = document.querySelector(".menu-link");

  (function drawer() {
    if (!nav || !link) return;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "menu-button";
    button.textContent = "Menu";
    button.setAttribute("aria-controls", nav.id);
    button.setAttribute("aria-expanded", "false");
    link.replaceWith(button);
    document.documentElement.classList.add("has-drawer");

    var close = document.createElement("button");
    close.type = "button";
    close.className = "nav-close";
    close.textContent = "Close menu";
    nav.insertBefore(close, nav.firstChild);
    var backdrop = document.createElement("div");
    backdrop.className = "nav-backdrop";
    backdrop.hidden = true;
    document.body.appendChild(backdrop);

    // Everything but the drawer is inert while it is open.
    function others() {
      return Array.prototype.filter.call(document.body.children, function (e) {
        return e !== backdrop && !e.contains(nav) && e.tagName !== "SCRIPT";
      }).concat(Array.prototype.filter.call(nav.parentElement.children, function (e) { return e !== nav; }));
    }
    // The controls Tab reaches in the drawer: not those of a closed group.
    function focusables() {
      return Array.prototype.filter.call(nav.querySelectorAll("a[href], button, summary"), function (e) {
        var folded = e.parentElement.closest("details:not([open])");
        if (folded && !(e.tagName === "SUMMARY" && e.parentElement === folded)) return false;
        return e.getClientRects().length > 0;
      });
    }
    function isOpen() { return button.getAttribute("aria-expanded") === "true"; }
    function open() {
      button.setAttribute("aria-expanded", "true");
      document.body.classList.add("nav-open");
      backdrop.hidden = false;
      others().forEach(function (e) { e.inert = true; });
      nav.scrollTop = 0;
      var current = nav.querySelector('a[aria-current="page"]');
      (current || close).focus();
    }
    function shut(returnFocus) {
      if (!isOpen()) return;
      button.setAttribute("aria-expanded", "false");
      document.body.classList.remove("nav-open");
      backdrop.hidden = true;
      others().forEach(function (e) { e.inert = false; });
      if (returnFocus) button.focus();
    }
    button.addEventListener("click", function () { if (isOpen()) shut(true); else open(); });
    close.addEventListener("click", function () { shut(true); });
    backdrop.addEventListener("click", function () { shut(true); });
    document.addEventListener("keydown", function (e) {
      if (!isOpen()) return;
      if (e.key === "Escape") { e.preventDefault(); shut(true); return; }
      if (e.key !== "Tab") return;
      var f = focusables();
      if (!f.length) return;
      var first = f[0], last = f[f.length - 1];
      if (e.shiftKey && (document.activeElement === first || !nav.contains(document.activeElement))) {
        e.preventDefault();
        last.focus();
      } else if (!e.shiftKey && (document.activeElement === last || !nav.contains(document.activeElement))) {
        e.preventDefault();
        first.focus();
      }
    });
    // The drawer is a small-screen thing: a wider window shows the sidebar.
    var wide = window.matchMedia("(min-width: 56.01rem)");
    wide.addEventListener("change", function () { if (wide.matches) shut(false); });
  })();

  (function backToTop() {
    var main = document.getElementById("main");
    if (!main) return;
    var top = document.createElement("a");
    top.className = "back-to-top";
    top.href = "#main";
    top.textContent = "Back to top";
    top.hidden = true;
    document.body.appendChild(top);
    var pending = false;
    function update() {
      pending = false;
      var long = document.documentElement.scrollHeight > 2.5 * window.innerHeight;
      top.hidden = !(long && window.scrollY > window.innerHeight);
    }
    function schedule() { if (!pending) { pending = true; requestAnimationFrame(update); } }
    window.addEventListener("scroll", schedule, { passive: true });
    window.addEventListener("resize", schedule);
    top.addEventListener("click", function (e) {
      e.preventDefault();
      window.scrollTo(0, 0);
      main.focus({ preventScroll: true });
      history.replaceState(null, "", location.pathname + location.search);
    });
    update();
  })();

  (function scrollRegions() {
    var main = document.getElementById("main");
    if (!main) return;
    // A table of a document's body scrolls in a box of its own, not itself.
    main.querySelectorAll(".doc-body table").forEach(function (table) {
      if (table.parentElement.classList.contains("table-scroll")) return;
      var box = document.createElement("div");
      box.className = "table-scroll";
      table.parentNode.insertBefore(box, table);
      box.appendChild(table);
    });
    var boxes = main.querySelectorAll(".table-scroll, .table-wrap, .figure-drawing");
    // label names a box by its table's caption, its figure's title, or the
    // heading before it; "(scrolls sideways)" says what it is for.
    var used = {};
    function label(box) {
      var cap = box.querySelector("caption");
      var fig = box.closest("figure[aria-labelledby]");
      var named = cap || (fig && document.getElementById(fig.getAttribute("aria-labelledby")));
      for (var prev = box.previousElementSibling; !named && prev; prev = prev.previousElementSibling) {
        if (/^H[2-4]$/.test(prev.tagName)) named = prev;
      }
      if (!named && box.closest("section")) named = box.closest("section").querySelector("h2, h3");
      var text = named ? named.textContent.replace(/#\s*$/, "").trim() : "Table";
      used[text] = (used[text] || 0) + 1;
      return text + (used[text] > 1 ? " " + used[text] : "") + " (scrolls sideways)";
    }
    // A box that once scrolled stays a region: a window made wider and
    // narrower again keeps one name for it.
    function update() {
      boxes.forEach(function (box) {
        var wide = box.scrollWidth > box.clientWidth + 1;
        box.classList.toggle("scrolls", wide);
        if (wide && !box.hasAttribute("tabindex")) {
          box.setAttribute("tabindex", "0");
          box.setAttribute("role", "region");
          box.setAttribute("aria-label", label(box));
        }
      });
    }
    update();
    window.addEventListener("resize", update);
  })();

  // Paper shows the full document control panel, folded or not on screen.
  (function () {
    var panels = document.querySelectorAll("details.doc-control");
    var was = [];
    window.addEventListener("beforeprint", function () {
      was = Array.prototype.map.call(panels, function (d) { var o = d.open; d.open = true; return o; });
    });
    window.addEventListener("afterprint", function () {
      Array.prototype.forEach.call(panels, function (d, i) { d.open = !!was[i]; });
    });
  })();
})();
