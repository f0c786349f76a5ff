/* Inside the embedded programme's iframe: apply the partner's colours (CSS variables, through
   the CSSOM, which the Content-Security-Policy allows) and tell the parent page our height so
   that the widget can size the iframe. No cookie, no storage, nothing else is sent. */
(function () {
  "use strict";
  var root = document.documentElement;
  ["accent", "background", "text"].forEach(function (name) {
    var value = root.getAttribute("data-colour-" + name);
    if (value) { root.style.setProperty("--dd-" + name, value); }
  });
  function tell() {
    if (window.parent === window) { return; }
    window.parent.postMessage(
      { type: "defectors-day:height", height: Math.ceil(document.body.getBoundingClientRect().height) },
      "*"
    );
  }
  window.addEventListener("load", tell);
  window.addEventListener("resize", tell);
  tell();
})();
