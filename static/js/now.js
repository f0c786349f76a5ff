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
  // Times are written as events/common/formatting.py writes them: the item times come ready
  // from the server ("오후 2:00", "2:00 PM"); the screen's clock, which ticks here, follows the
  // same rule (오전/오후 before the time in Korean, AM/PM after it in English).
  var english = (document.documentElement.lang || "ko").slice(0, 2) === "en";
  var clockFormat = new Intl.DateTimeFormat(english ? "en-US" : "ko-KR", {
    timeZone: "Asia/Seoul", hour: "numeric", minute: "2-digit", hour12: true
  });
  // Some engines put a narrow no-break space before "PM"; the server writes a plain space.
  function clockText(date) { return clockFormat.format(date).replace(/\s+/g, " "); }
  var last = null;

  function label(name) { return root.getAttribute("data-label-" + name) || ""; }
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
    var segment = "", segmentKind = "";
    if (current) {
      for (i = 0; i < current.segments.length; i++) {
        if (current.segments[i].started && !current.segments[i].ended) {
          segment = current.segments[i].title;
          segmentKind = current.segments[i].kind;
        }
      }
    }
    return { current: current, next: next, segment: segment, segmentKind: segmentKind };
  }

  // A venue screen shows an interlude's entries (the remembrance wall's tributes) while a
  // segment of its kind (the moment of silence) is on: events/live/screens.py.
  var interludes = {};
  try { interludes = JSON.parse(root.getAttribute("data-interludes") || "{}"); } catch (e) { interludes = {}; }
  var interlude = { source: "", segment: "", entries: [], seconds: 15 };

  function interludeFetch() {
    var source = interlude.source;
    if (!source) { return; }
    fetch(source, { headers: { Accept: "application/json" }, cache: "no-cache" })
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.json();
      })
      .then(function (data) {
        if (interlude.source !== source) { return; }
        interlude.entries = data.entries || [];
        interlude.seconds = data.seconds || 15;
        interludeShow();
      })
      .catch(function () {
        // Consent can be withdrawn at any time: without a fresh answer, show nobody's words.
        if (interlude.source === source) { interlude.entries = []; interludeShow(); }
      });
  }

  function interludeShow() {
    var panel = root.querySelector('[data-role="interlude"]');
    var board = root.querySelector("[data-stage]");
    if (!panel || !board) { return; }
    var entries = interlude.source ? interlude.entries : [];
    if (!entries.length) { panel.hidden = true; board.hidden = false; return; }
    // Every screen shows the same entry at the same time (the rule of /remember/screen/).
    var entry = entries[Math.floor(Date.now() / 1000 / interlude.seconds) % entries.length];
    setText(panel, "interlude-segment", interlude.segment);
    setText(panel, "interlude-to", entry.to || "");
    setText(panel, "interlude-text", entry.text).hidden = false;
    setText(panel, "interlude-by", entry.by || "");
    panel.setAttribute("lang", entry.lang || "ko");
    panel.hidden = false;
    board.hidden = true;
  }

  function interludeFollow(shown) {
    var source = interludes[shown.segmentKind] || "";
    interlude.segment = shown.segment;
    if (source !== interlude.source) {
      interlude.source = source;
      interlude.entries = [];
      interludeFetch();
    }
    interludeShow();
  }

  function render(data) {
    var now = new Date();
    data.stages.forEach(function (stage) {
      var board = root.querySelector('[data-stage="' + stage.id + '"]');
      if (!board) { return; }
      var shown = pick(stage.items, now);
      if (root.hasAttribute("data-screen")) { interludeFollow(shown); }
      setText(board, "delay", stage.delay ? label("late").replace("{minutes}", stage.delay) : "");
      setText(board, "now-title", shown.current ? shown.current.title : label("nothing")).hidden = false;
      setText(board, "now-time", shown.current ? shown.current.time_label || "" : "");
      setText(board, "now-segment", shown.segment);
      setText(board, "next-title", shown.next ? shown.next.title : label("none-next")).hidden = false;
      var nextTime = "";
      if (shown.next) {
        nextTime = shown.next.start_label;
        if (shown.next.delay) { nextTime += " (" + shown.next.planned_label + ")"; }
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
        var source = interlude.source;
        render(data);
        // Still on: ask again, so a tribute withdrawn since leaves the screen at this poll.
        if (source && source === interlude.source) { interludeFetch(); }
      })
      .catch(function () {
        if (!last) {
          try { last = JSON.parse(localStorage.getItem(storeKey) || "null"); } catch (e) { last = null; }
        }
        status(label("offline"));
        interlude.entries = [];  // no tribute is shown from memory (see interludeFetch)
        if (last) { render(last); }
      });
  }

  function tick() {
    var clock = root.querySelector('[data-role="clock"]');
    if (clock) { clock.textContent = clockText(new Date()); }
  }

  poll();
  setInterval(poll, POLL_MS);
  if (root.hasAttribute("data-screen")) {
    tick();
    setInterval(function () { tick(); interludeShow(); }, 1000);
  }
  // Between answers the clock moves on: what is on now is re-decided every 15 seconds.
  setInterval(function () { if (last) { render(last); } }, 15000);
})();
