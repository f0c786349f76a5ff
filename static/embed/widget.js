/* The programme of North Korean Defectors' Day on a partner's page, in three lines:

     <div data-defectors-day-programme data-lang="ko" data-accent="#8a1c1c"></div>
     <script src="https://SITE/static/embed/widget.js" async></script>

   Each such element gets an iframe of SITE/embed/programme/ (no cookie is set). Optional
   attributes: data-lang (ko, en), data-kind (ceremony, performance, talk, exhibition, other),
   data-accent, data-background, data-text (#rgb or #rrggbb), data-height (pixels). */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) { return; }
  var origin = new URL(script.src).origin;
  var frames = [];
  var colour = /^#[0-9a-fA-F]{3}([0-9a-fA-F]{3})?$/;
  document.querySelectorAll("[data-defectors-day-programme]").forEach(function (host) {
    if (host.querySelector("iframe")) { return; }
    var params = new URLSearchParams();
    var lang = host.getAttribute("data-lang");
    if (lang === "ko" || lang === "en") { params.set("lang", lang); }
    var kind = host.getAttribute("data-kind");
    if (kind && /^[a-z]+$/.test(kind)) { params.set("kind", kind); }
    ["accent", "background", "text"].forEach(function (name) {
      var value = host.getAttribute("data-" + name);
      if (value && colour.test(value)) { params.set(name, value); }
    });
    var frame = document.createElement("iframe");
    frame.src = origin + "/embed/programme/" + (params.toString() ? "?" + params : "");
    frame.title = lang === "en" ? "Programme of North Korean Defectors' Day" : "북한이탈주민의 날 프로그램";
    frame.loading = "lazy";
    frame.referrerPolicy = "no-referrer";
    frame.setAttribute("sandbox", "allow-scripts allow-popups allow-popups-to-escape-sandbox");
    frame.style.width = "100%";
    frame.style.border = "0";
    frame.style.height = (parseInt(host.getAttribute("data-height"), 10) || 480) + "px";
    host.appendChild(frame);
    frames.push(frame);
  });
  window.addEventListener("message", function (event) {
    if (event.origin !== origin && event.origin !== "null") { return; }
    var data = event.data || {};
    if (data.type !== "defectors-day:height" || typeof data.height !== "number") { return; }
    frames.forEach(function (frame) {
      if (frame.contentWindow === event.source) {
        frame.style.height = Math.min(Math.max(data.height, 120), 5000) + "px";
      }
    });
  });
})();
