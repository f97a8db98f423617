// handbook: sorting and filtering for the Documentation Log (table.log-table).
// Progressive enhancement: without this file the table is complete. Loaded
// as a file, never inline, for the Content-Security-Policy.
(function () {
  "use strict";

  var collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });

  function cellText(row, i) {
    var cell = row.cells[i];
    return cell ? cell.textContent.replace(/\s+/g, " ").trim() : "";
  }

  // Empty cells sort last whichever the direction.
  function compare(a, b, dir) {
    if (a === b) return 0;
    if (a === "") return 1;
    if (b === "") return -1;
    return dir * collator.compare(a, b);
  }

  function enhance(table, n) {
    var body = table.tBodies[0];
    var heads = table.tHead.rows[0].cells;
    var rows = Array.prototype.slice.call(body.rows);
    var state = { col: -1, dir: 1 };

    // Sorting: each header becomes a button; aria-sort says the order.
    Array.prototype.forEach.call(heads, function (th, i) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      button.textContent = th.textContent;
      th.textContent = "";
      th.appendChild(button);
      button.addEventListener("click", function () {
        state.dir = state.col === i ? -state.dir : 1;
        state.col = i;
        var keyed = rows.map(function (r, k) { return { r: r, k: k, v: cellText(r, i) }; });
        keyed.sort(function (a, b) { return compare(a.v, b.v, state.dir) || a.k - b.k; });
        keyed.forEach(function (x) { body.appendChild(x.r); });
        Array.prototype.forEach.call(heads, function (h, j) {
          if (j === i) h.setAttribute("aria-sort", state.dir > 0 ? "ascending" : "descending");
          else h.removeAttribute("aria-sort");
        });
      });
    });

    // Filtering: free text over every column, and a choice list for the
    // columns marked data-filter (type, status, owner, classification).
    var form = document.createElement("div");
    form.className = "log-filters";
    form.setAttribute("role", "search");
    var id = "log-filter-" + n;
    form.innerHTML = '<label for="' + id + '">Filter</label> ';
    var text = document.createElement("input");
    text.type = "search";
    text.id = id;
    text.placeholder = "number, title, owner, clause…";
    form.appendChild(text);

    var selects = [];
    Array.prototype.forEach.call(heads, function (th, i) {
      if (!th.hasAttribute("data-filter")) return;
      var values = {};
      rows.forEach(function (r) { values[cellText(r, i)] = true; });
      var label = document.createElement("label");
      var name = th.textContent.trim();
      label.textContent = name + " ";
      var select = document.createElement("select");
      select.innerHTML = '<option value="">all</option>';
      Object.keys(values).sort(collator.compare).forEach(function (v) {
        if (v === "") return;
        var o = document.createElement("option");
        o.value = v;
        o.textContent = v;
        select.appendChild(o);
      });
      select.dataset.col = i;
      label.appendChild(select);
      form.appendChild(document.createTextNode(" "));
      form.appendChild(label);
      selects.push(select);
    });

    var count = document.createElement("p");
    count.className = "log-count";
    count.setAttribute("role", "status");
    count.setAttribute("aria-live", "polite");

    function apply() {
      var words = text.value.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      rows.forEach(function (r) {
        var all = r.textContent.replace(/\s+/g, " ").toLowerCase();
        var ok = words.every(function (w) { return all.indexOf(w) >= 0; }) &&
          selects.every(function (s) { return s.value === "" || cellText(r, +s.dataset.col) === s.value; });
        r.hidden = !ok;
        if (ok) shown++;
      });
      count.textContent = shown === rows.length ? rows.length + " documents" : shown + " of " + rows.length + " documents";
    }
    text.addEventListener("input", apply);
    selects.forEach(function (s) { s.addEventListener("change", apply); });

    table.parentNode.insertBefore(form, table);
    table.parentNode.insertBefore(count, table);
    apply();
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("table.log-table"), function (t, n) {
      if (!t.dataset.enhanced) {
        t.dataset.enhanced = "1";
        enhance(t, n);
      }
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
