// The door page: camera scanning where the browser can (BarcodeDetector), live counts.
// Progressive enhancement: without this script typing a code and pressing Enter works.
(function () {
  "use strict";
  var form = document.getElementById("checkin-form");
  var input = form && form.querySelector("input[name=code]");
  var startButton = document.getElementById("scan-start");
  var scanner = document.getElementById("scanner");

  if (form && "BarcodeDetector" in window && navigator.mediaDevices && navigator.mediaDevices.getUserMedia) {
    startButton.hidden = false;
    startButton.addEventListener("click", function () {
      var video = scanner.querySelector("video");
      var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
      navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } }).then(function (stream) {
        scanner.hidden = false;
        video.srcObject = stream;
        video.play();
        var tick = function () {
          detector.detect(video).then(function (codes) {
            if (codes.length) {
              stream.getTracks().forEach(function (track) { track.stop(); });
              input.value = codes[0].rawValue;
              form.submit();
            } else {
              window.requestAnimationFrame(tick);
            }
          }).catch(function () { window.requestAnimationFrame(tick); });
        };
        tick();
      }).catch(function () { startButton.hidden = true; input.focus(); });
    });
  }

  var table = document.getElementById("checkin-counts");
  if (table && window.fetch) {
    var refresh = function () {
      fetch(table.dataset.url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) {
          if (!data) { return; }
          data.counts.forEach(function (count) {
            var row = table.querySelector('tr[data-key="' + (count.item === null ? "day" : count.item) + '"]');
            if (!row) { return; }
            ["checked_in", "confirmed", "waitlisted"].forEach(function (field) {
              var cell = row.querySelector('[data-field="' + field + '"]');
              if (cell) { cell.textContent = count[field]; }
            });
          });
        })
        .catch(function () {});
    };
    window.setInterval(refresh, 10000);
  }
})();
