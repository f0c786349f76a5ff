/* The remembrance wall's venue screen: the next tribute every few seconds (a reload, so the
   page itself stays plain HTML). Any key, click or touch pauses it and the next one resumes, so a
   person reading at their own pace can stop it (WCAG 2.2.1 and 2.2.2): a <meta refresh> could
   not be paused. */
(function () {
  "use strict";
  var seconds = parseInt(document.body.getAttribute("data-refresh-seconds"), 10) || 15;
  var paused = document.getElementById("screen-paused");
  var timer = null;

  function play() {
    timer = window.setTimeout(function () { window.location.reload(); }, seconds * 1000);
    paused.hidden = true;
  }

  function toggle() {
    if (timer === null) {
      play();
    } else {
      window.clearTimeout(timer);
      timer = null;
      paused.hidden = false;
    }
  }

  document.addEventListener("keydown", toggle);
  document.addEventListener("pointerdown", toggle);
  play();
})();
