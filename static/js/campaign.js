/* Campaign pages: job progress fallback (polls the JSON status every 2 s beside the websocket updates),
   and showing the outcome-specific fields of the visit form. No framework. */
(function () {
  "use strict";

  function render(el, data) {
    var pct = data.total ? Math.round((100 * data.done) / data.total) : (data.status === "done" ? 100 : 0);
    var bar = el.querySelector(".progress > span");
    if (bar) bar.style.width = pct + "%";
    var label = el.querySelector("[data-live-job-label]");
    if (label) label.textContent = data.total ? data.done + " / " + data.total + " (" + pct + "%)" : String(data.done);
  }

  function watch(el) {
    var url = el.getAttribute("data-status-url");
    var state = el.getAttribute("data-job-status");
    if (!url || state === "done" || state === "failed") return;
    var timer = setInterval(function () {
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (data) {
          if (!data) return;
          render(el, data);
          if (data.status === "done" || data.status === "failed") {
            clearInterval(timer);
            window.location.reload();
          }
        })
        .catch(function () {});
    }, 2000);
    document.addEventListener("wagewatch:live-progress", function (e) {
      var m = e.detail || {};
      if (String(m.job) !== el.getAttribute("data-progress-job")) return;
      render(el, m);
      if (m.status === "done" || m.status === "failed") { clearInterval(timer); setTimeout(function () { window.location.reload(); }, 400); }
    });
  }

  function outcomeFields(form) {
    var radios = form.querySelectorAll("input[name=outcome]");
    function sync() {
      var v = (form.querySelector("input[name=outcome]:checked") || {}).value || "";
      form.querySelectorAll("[data-when]").forEach(function (box) {
        box.hidden = box.getAttribute("data-when") !== v;
      });
    }
    radios.forEach(function (r) { r.addEventListener("change", sync); });
    sync();
  }

  document.querySelectorAll("[data-progress-job]").forEach(watch);
  document.querySelectorAll("form[data-visit-form]").forEach(outcomeFields);
})();
