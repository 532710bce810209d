/* Django's tabular inlines label their inputs only by the column header: screen readers (and axe-core) find
   unlabelled fields. Each field of a row gets its column's title and the row's number as its accessible name. */
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  document.querySelectorAll(".inline-group .tabular table").forEach(function (table) {
    var headers = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
      return th.textContent.trim();
    });
    table.querySelectorAll("tbody tr.form-row").forEach(function (row, n) {
      Array.prototype.forEach.call(row.children, function (cell, i) {
        cell.querySelectorAll("input:not([type=hidden]), select, textarea").forEach(function (field) {
          if (!field.labels || field.labels.length === 0) {
            if (!field.hasAttribute("aria-label") && headers[i]) {
              field.setAttribute("aria-label", headers[i] + " (" + (n + 1) + ")");
            }
          }
        });
      });
    });
  });
});
