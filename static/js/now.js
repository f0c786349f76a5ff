/* Now and next, and the venue screens: polls the day's JSON (data-source) every 8 seconds and
   shows what is on by this browser's clock, so it keeps going from the last answer (also kept
   in localStorage) while the server is unreachable. No inline script: CSP forbids it.
   The rule for "now" and "next" is the one in events/live/selectors.py now_next. */
(function () {
  "use strict";
  var root = document.querySelector("[data-now]");
  if (!root) { return; }
  var source = root.getAttribute("data-source");
  var storeKey = "now:" + source;
  // Every 8 s: with the server's 1 s version check, a change shows within 10 s.
  var POLL_MS = 8000;
  var OPEN = { planned: true, moved: true };
  var clockFormat = new Intl.DateTimeFormat("ko-KR", {
    timeZone: "Asia/Seoul", hour: "2-digit", minute: "2-digit", hour12: false
  });
  var last = null;

  function label(name) { return root.getAttribute("data-label-" + name) || ""; }
  function hhmm(iso) { return clockFormat.format(new Date(iso)); }
  function setText(board, role, text) {
    var node = board.querySelector('[data-role="' + role + '"]');
    if (node) { node.textContent = text; node.hidden = text === ""; }
    return node;
  }

  function pick(items, now) {
    var current = null, i, item;
    for (i = 0; i < items.length; i++) { if (items[i].status === "running") { current = items[i]; break; } }
    if (!current) {
      for (i = 0; i < items.length; i++) {
        item = items[i];
        if (OPEN[item.status] && new Date(item.start) <= now && now < new Date(item.end)) { current = item; break; }
      }
    }
    var after = current ? new Date(current.start) : now, next = null;
    for (i = 0; i < items.length; i++) {
      item = items[i];
      if (item === current || !OPEN[item.status] || new Date(item.start) < after) { continue; }
      if (!next || new Date(item.start) < new Date(next.start)) { next = item; }
    }
    var segment = "";
    if (current) {
      for (i = 0; i < current.segments.length; i++) {
        if (current.segments[i].started && !current.segments[i].ended) { segment = current.segments[i].title; }
      }
    }
    return { current: current, next: next, segment: segment };
  }

  function render(data) {
    var now = new Date();
    data.stages.forEach(function (stage) {
      var board = root.querySelector('[data-stage="' + stage.id + '"]');
      if (!board) { return; }
      var shown = pick(stage.items, now);
      setText(board, "delay", stage.delay ? label("late").replace("{minutes}", stage.delay) : "");
      setText(board, "now-title", shown.current ? shown.current.title : label("nothing")).hidden = false;
      setText(board, "now-time", shown.current ? hhmm(shown.current.start) + "–" + hhmm(shown.current.end) : "");
      setText(board, "now-segment", shown.segment);
      setText(board, "next-title", shown.next ? shown.next.title : label("none-next")).hidden = false;
      var nextTime = "";
      if (shown.next) {
        nextTime = hhmm(shown.next.start);
        if (shown.next.delay) { nextTime += " (" + hhmm(shown.next.planned_start) + ")"; }
        if (shown.next.moved_to) { nextTime += " · " + shown.next.moved_to; }
      }
      setText(board, "next-time", nextTime);
    });
  }

  function status(text) {
    var node = root.querySelector('[data-role="status"]');
    if (node) { node.textContent = text; }
  }

  function poll() {
    fetch(source, { headers: { Accept: "application/json" }, cache: "no-cache" })
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.json();
      })
      .then(function (data) {
        last = data;
        root.setAttribute("data-updated", String(Date.now()));
        try { localStorage.setItem(storeKey, JSON.stringify(data)); } catch (e) { /* full or private */ }
        status("");
        render(data);
      })
      .catch(function () {
        if (!last) {
          try { last = JSON.parse(localStorage.getItem(storeKey) || "null"); } catch (e) { last = null; }
        }
        status(label("offline"));
        if (last) { render(last); }
      });
  }

  function tick() {
    var clock = root.querySelector('[data-role="clock"]');
    if (clock) { clock.textContent = clockFormat.format(new Date()); }
  }

  poll();
  setInterval(poll, POLL_MS);
  if (root.hasAttribute("data-screen")) { tick(); setInterval(tick, 1000); }
  // Between answers the clock moves on: what is on now is re-decided every 15 seconds.
  setInterval(function () { if (last) { render(last); } }, 15000);
})();
