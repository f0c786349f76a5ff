/* The running order inline of a programme item (events/live/admin.py SegmentInline):
   reorder segments with the up/down buttons, with Alt+ArrowUp/ArrowDown anywhere inside a
   segment, or by dragging its title bar. The order fields are renumbered 10, 20, 30... and a
   live region says where the segment went. Vendored, no inline script (CSP). */
(function () {
  "use strict";
  function init() {
    var group = document.querySelector(".inline-group .running-order") ?
      document.querySelector(".inline-group .running-order").closest(".inline-group") : null;
    if (!group) { return; }
    var lang = document.documentElement.lang || "ko";
    var text = lang.indexOf("en") === 0 ?
      { up: "Move up", down: "Move down", moved: "Moved to position ", drag: "Drag to reorder" } :
      { up: "위로", down: "아래로", moved: "순서 변경: ", drag: "끌어서 순서 바꾸기" };
    var live = document.createElement("p");
    live.className = "running-order-status";
    live.setAttribute("aria-live", "polite");
    group.appendChild(live);

    function rows() {
      return Array.prototype.filter.call(
        group.querySelectorAll(".inline-related"),
        function (row) { return !row.classList.contains("empty-form") && row.id.indexOf("-empty") === -1; }
      );
    }
    function renumber() {
      rows().forEach(function (row, index) {
        var field = row.querySelector('input[name$="-order"]');
        if (field) { field.value = String((index + 1) * 10); }
      });
    }
    function orderOf(row) {
      var field = row.querySelector('input[name$="-order"]');
      var value = field && field.value.trim() !== "" ? Number(field.value) : NaN;
      return isNaN(value) ? Infinity : value;
    }
    function formIndexOf(row) {
      var match = /-(\d+)$/.exec(row.id);
      return match ? Number(match[1]) : Infinity;
    }
    // Put the rows in the DOM in the order of key(row), ties kept in place.
    function sortRows(key) {
      var list = rows();
      if (!list.length) { return; }
      var keyed = list.map(function (row, index) { return { row: row, index: index, key: key(row) }; });
      keyed.sort(function (a, b) { return (a.key - b.key) || (a.index - b.index); });
      if (keyed.every(function (entry, index) { return entry.index === index; })) { return; }
      var parent = list[0].parentNode, after = list[list.length - 1].nextSibling;
      keyed.forEach(function (entry) { parent.insertBefore(entry.row, after); });
    }
    function move(row, delta) {
      var list = rows(), index = list.indexOf(row), target = list[index + delta];
      if (!target) { return; }
      if (delta < 0) { target.parentNode.insertBefore(row, target); }
      else { target.parentNode.insertBefore(row, target.nextSibling); }
      renumber();
      live.textContent = text.moved + (rows().indexOf(row) + 1);
    }
    function button(label, delta, row) {
      var b = document.createElement("button");
      b.type = "button";
      b.className = "running-order-move";
      b.textContent = delta < 0 ? "↑" : "↓";
      b.setAttribute("aria-label", label);
      b.title = label;
      b.addEventListener("click", function () { move(row, delta); b.focus(); });
      return b;
    }
    var dragged = null;
    function decorate(row) {
      if (row.getAttribute("data-order-ready")) { return; }
      row.setAttribute("data-order-ready", "1");
      var head = row.querySelector("h3") || row;
      var tools = document.createElement("span");
      tools.className = "running-order-tools";
      tools.appendChild(button(text.up, -1, row));
      tools.appendChild(button(text.down, 1, row));
      head.appendChild(tools);
      head.setAttribute("draggable", "true");
      head.title = text.drag;
      head.addEventListener("dragstart", function (event) {
        dragged = row;
        event.dataTransfer.effectAllowed = "move";
        event.dataTransfer.setData("text/plain", row.id);
        row.classList.add("is-dragging");
      });
      head.addEventListener("dragend", function () { row.classList.remove("is-dragging"); dragged = null; });
      row.addEventListener("dragover", function (event) { if (dragged && dragged !== row) { event.preventDefault(); } });
      row.addEventListener("drop", function (event) {
        if (!dragged || dragged === row) { return; }
        event.preventDefault();
        var list = rows();
        var before = list.indexOf(dragged) > list.indexOf(row);
        row.parentNode.insertBefore(dragged, before ? row : row.nextSibling);
        renumber();
        live.textContent = text.moved + (rows().indexOf(dragged) + 1);
      });
      row.addEventListener("keydown", function (event) {
        if (!event.altKey || (event.key !== "ArrowUp" && event.key !== "ArrowDown")) { return; }
        event.preventDefault();
        move(row, event.key === "ArrowUp" ? -1 : 1);
        var focused = row.querySelector(".running-order-move");
        if (focused) { focused.focus(); }
      });
    }
    // A form refused by the server (e.g. the durations do not fit the slot) comes back in the
    // saved order with the moved order in its fields: show that order again, or the next move
    // would renumber from the old one. Blank orders (new rows) stay last.
    sortRows(orderOf);
    rows().forEach(decorate);
    // Removing an added row makes Django's inlines.js rename every row's fields by its place in
    // the page; a moved row would then swap form numbers with a saved one and the server would
    // refuse the form ("this field is required" on a hidden id). So the rows go back to their
    // form order just before that script runs (capture phase) and to the running order after.
    group.addEventListener("click", function (event) {
      if (event.target.closest(".inline-deletelink")) { sortRows(formIndexOf); }
    }, true);
    group.addEventListener("click", function (event) {
      if (event.target.closest(".inline-deletelink")) { sortRows(orderOf); }
    });
    document.addEventListener("formset:added", function (event) {
      var row = event.target;
      if (row && group.contains(row)) { decorate(row); renumber(); }
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); }
  else { init(); }
})();
