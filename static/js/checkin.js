// The door page (an ES module; no inline script, for the Content-Security-Policy).
// Camera scanning: the browser's BarcodeDetector where it has one (Chrome on Android), else the
// vendored polyfill on ZXing/WebAssembly (iPhone Safari, Firefox), loaded from our own static
// files. Each code read is checked in through /checkin/scan/ and the answer shown at once; the
// camera keeps running for the next person. Without this script, typing a code works.
const form = document.getElementById("checkin-form");
const input = form && form.querySelector("input[name=code]");
const startButton = document.getElementById("scan-start");
const scanner = document.getElementById("scanner");
const resultBox = document.getElementById("scan-result");

async function detectorClass() {
  if ("BarcodeDetector" in window) {
    const formats = await window.BarcodeDetector.getSupportedFormats();
    if (formats.includes("qr_code")) {
      return window.BarcodeDetector;
    }
  }
  const module = await import(form.dataset.scanner);
  const wasm = form.dataset.wasm;
  module.setZXingModuleOverrides({
    locateFile: (path, prefix) => (path.endsWith(".wasm") ? wasm : prefix + path),
  });
  return module.BarcodeDetector;
}

function show(data) {
  resultBox.textContent = "";
  const box = document.createElement("section");
  box.className = "checkin-result " + (data.ok ? "checkin-ok" : (data.outcome === "already" ? "checkin-warn" : "checkin-bad"));
  const title = document.createElement("h2");
  title.textContent = data.message;
  box.appendChild(title);
  if (data.name || data.code) {
    const line = document.createElement("p");
    line.textContent = [data.name, data.code, data.party_size ? `${data.arrived}/${data.party_size}` : ""]
      .filter(Boolean).join(" · ");
    box.appendChild(line);
  }
  resultBox.appendChild(box);
  resultBox.dataset.outcome = data.outcome;
}

async function checkIn(code) {
  const body = new FormData();
  body.append("code", code);
  body.append("csrfmiddlewaretoken", form.querySelector("input[name=csrfmiddlewaretoken]").value);
  const response = await fetch(form.dataset.scanUrl, {
    method: "POST",
    body,
    credentials: "same-origin",
    headers: { Accept: "application/json" },
  });
  show(await response.json());
}

async function startScanning() {
  const Detector = await detectorClass();
  const detector = new Detector({ formats: ["qr_code"] });
  const stream = await navigator.mediaDevices.getUserMedia({
    video: { facingMode: "environment" },
    audio: false,
  });
  const video = scanner.querySelector("video");
  scanner.hidden = false;
  video.srcObject = stream;
  await video.play();
  let last = "";
  let lastAt = 0;
  const tick = async () => {
    try {
      const codes = await detector.detect(video);
      const value = codes.length ? codes[0].rawValue : "";
      // The same ticket held in front of the camera is checked in once, not every frame.
      if (value && (value !== last || Date.now() - lastAt > 4000)) {
        last = value;
        lastAt = Date.now();
        await checkIn(value);
      }
    } catch (error) {
      // A frame the detector could not read: try the next one.
    }
    window.setTimeout(tick, 150);
  };
  tick();
}

if (form && navigator.mediaDevices && navigator.mediaDevices.getUserMedia) {
  startButton.hidden = false;
  startButton.addEventListener("click", () => {
    startButton.disabled = true;
    startScanning().catch(() => {
      startButton.hidden = true;
      input.focus();
    });
  });
}

const table = document.getElementById("checkin-counts");
if (table && window.fetch) {
  const refresh = () => {
    fetch(table.dataset.url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then((response) => (response.ok ? response.json() : null))
      .then((data) => {
        if (!data) {
          return;
        }
        data.counts.forEach((count) => {
          const row = table.querySelector(`tr[data-key="${count.item === null ? "day" : count.item}"]`);
          if (!row) {
            return;
          }
          ["checked_in", "confirmed", "waitlisted"].forEach((field) => {
            const cell = row.querySelector(`[data-field="${field}"]`);
            if (cell) {
              cell.textContent = count[field];
            }
          });
        });
      })
      .catch(() => {});
  };
  window.setInterval(refresh, 5000);
}
