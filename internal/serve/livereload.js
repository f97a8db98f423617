// handbook serve --watch: reload the page after each rebuild, and show a
// failed build's errors over the page until a rebuild succeeds. Served as
// an external script so the Content-Security-Policy allows no inline script.
(function () {
  "use strict";
  if (!window.EventSource) return;
  var OVERLAY = "handbook-build-error";

  function hideOverlay() {
    var old = document.getElementById(OVERLAY);
    if (old) old.remove();
  }

  // The overlay is built with textContent only: the messages are file
  // paths and content, never markup.
  function showOverlay(message) {
    hideOverlay();
    var box = document.createElement("section");
    box.id = OVERLAY;
    box.setAttribute("role", "alert");
    box.setAttribute("aria-labelledby", OVERLAY + "-title");
    box.style.cssText = "position:fixed;inset:auto 1rem 1rem 1rem;max-height:60vh;overflow:auto;" +
      "z-index:2147483647;background:#3d1616;color:#ffe1e1;border:2px solid #ff8a8a;" +
      "border-radius:.5rem;padding:1rem 1.25rem;font:14px/1.5 system-ui,sans-serif;" +
      "box-shadow:0 .5rem 2rem rgba(0,0,0,.5)";
    var title = document.createElement("h2");
    title.id = OVERLAY + "-title";
    title.textContent = "The handbook did not build: you are seeing the last good build";
    title.style.cssText = "margin:0 0 .5rem;font-size:1.1rem;color:inherit";
    var pre = document.createElement("pre");
    pre.textContent = message;
    pre.style.cssText = "margin:0;white-space:pre-wrap;font:13px/1.45 ui-monospace,monospace;color:inherit";
    var hint = document.createElement("p");
    hint.textContent = "Fix the file and save: this page reloads by itself.";
    hint.style.cssText = "margin:.75rem 0 0";
    var close = document.createElement("button");
    close.type = "button";
    close.textContent = "Hide";
    close.style.cssText = "float:right;font:inherit;margin-left:1rem";
    close.addEventListener("click", hideOverlay);
    box.append(close, title, pre, hint);
    document.body.append(box);
  }

  // The page's build number, so the server can tell a page that is
  // already older than the served build.
  var build = "";
  if (document.currentScript) {
    build = new URL(document.currentScript.src).searchParams.get("build") || "";
  }
  var source = new EventSource("/_handbook/events?since=" + encodeURIComponent(build));
  source.addEventListener("reload", function () { location.reload(); });
  source.addEventListener("build-error", function (e) {
    var data = {};
    try { data = JSON.parse(e.data); } catch (err) { data.message = e.data; }
    showOverlay(data.message || "build failed");
  });
})();
