// report.html: sorting and filtering of the findings table. Reads only the DOM (cell
// text and escaped data- attributes) and holds no text from the logs; without it the
// table is complete and in findings.csv order.
(function () {
  "use strict";
  var table = document.getElementById("findings");
  if (!table || !table.tHead || !table.tBodies.length) {
    return;
  }
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var heads = Array.prototype.slice.call(table.tHead.rows[0].cells);
  var controls = document.getElementById("findings-controls");
  var filter = document.getElementById("findings-filter");
  var severity = document.getElementById("findings-severity");
  var count = document.getElementById("findings-count");

  function key(row, col) {
    var cell = row.cells[col];
    var k = cell.getAttribute("data-key");
    return k !== null ? k : cell.textContent;
  }

  function apply() {
    var text = filter.value.trim().toLowerCase();
    var min = Number(severity.value);
    var shown = 0;
    rows.forEach(function (r) {
      var ok = Number(r.getAttribute("data-sev")) >= min &&
        (text === "" || r.textContent.toLowerCase().indexOf(text) !== -1);
      r.hidden = !ok;
      if (ok) {
        shown += 1;
      }
    });
    count.textContent = "Showing " + shown + " of " + rows.length + " findings";
  }

  function sortBy(th, col) {
    var ascending = th.getAttribute("aria-sort") !== "ascending";
    var numeric = th.getAttribute("data-type") === "num";
    heads.forEach(function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var keyed = rows.map(function (r, i) { return [key(r, col), i, r]; });
    keyed.sort(function (a, b) {
      var c = numeric ? Number(a[0]) - Number(b[0])
        : a[0].localeCompare(b[0], "en", { numeric: true, sensitivity: "base" });
      return (ascending ? c : -c) || a[1] - b[1];
    });
    keyed.forEach(function (k) { body.appendChild(k[2]); });
  }

  heads.forEach(function (th, col) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "sort";
    while (th.firstChild) {
      button.appendChild(th.firstChild);
    }
    th.appendChild(button);
    button.addEventListener("click", function () { sortBy(th, col); });
  });
  if (controls && filter && severity && count) {
    controls.hidden = false;
    filter.addEventListener("input", apply);
    severity.addEventListener("change", apply);
    apply();
  }
})();
