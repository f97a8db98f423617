// handbook: progressive enhancements. Every page works without this file.
(function () {
  "use strict";
  var input = document.getElementById("search-q");

  // "/" focuses the search box, as on GitHub and MkDocs Material.
  document.addEventListener("keydown", function (e) {
    if (e.key === "/" && input && document.activeElement !== input &&
        !/^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement.tagName)) {
      e.preventDefault();
      input.focus();
    }
  });

  // Copy-link controls: copy the section's full address.
  document.addEventListener("click", function (e) {
    var a = e.target.closest && e.target.closest("a.anchor");
    if (!a || !navigator.clipboard) return;
    e.preventDefault();
    var url = new URL(a.getAttribute("href"), location.href).href;
    navigator.clipboard.writeText(url).then(function () {
      a.classList.add("copied");
      history.replaceState(null, "", url);
      setTimeout(function () { a.classList.remove("copied"); }, 1500);
    });
  });
})();
