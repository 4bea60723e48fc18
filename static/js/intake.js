/* Progressive enhancement of the worker's forms (the complaint or clue form, the mediation request);
   everything works without it.
   - a form.step-form shows one step at a time, with a step indicator and Back/Next;
   - leaving a step asks the server to check that step's fields (data-check-url): the same form, fields
     and rules of the door that judge the filing, so the worker learns of a wrong ID number or mobile
     on the step where it was typed, not at the end;
   - picking an employer from the search results fills the employer fields;
   - group-member rows are revealed one by one; chosen files are listed with their size. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  document.querySelectorAll(".js-only[hidden]").forEach(function (el) { el.hidden = false; el.removeAttribute("aria-hidden"); });

  var form = document.querySelector("form.step-form");
  if (!form) return;
  var steps = Array.prototype.slice.call(form.querySelectorAll(".step"));
  var indicator = document.querySelectorAll(".steps[data-step-indicator] li");
  var current = 0;
  form.setAttribute("data-step-mode", "1");

  function show(i) {
    current = Math.max(0, Math.min(steps.length - 1, i));
    steps.forEach(function (s, k) { s.classList.toggle("current", k === current); });
    indicator.forEach(function (li, k) {
      li.classList.toggle("current", k === current);
      li.classList.toggle("done", k < current);
      if (k === current) li.setAttribute("aria-current", "step"); else li.removeAttribute("aria-current");
    });
  }

  // A complaint or a clue: a clue asks for no identity, so those inputs are hidden and not sent.
  function kind() {
    var checked = form.querySelector("input[name=kind]:checked");
    return checked ? checked.value : (form.getAttribute("data-kind") || "complaint");
  }
  function syncKind() {
    if (!form.querySelector("input[name=kind]")) return;
    var k = kind();
    form.setAttribute("data-kind", k);
    form.querySelectorAll("[data-required-for=complaint] input").forEach(function (input) {
      input.required = k === "complaint";
    });
    form.querySelectorAll("[data-show-for]").forEach(function (box) {
      var off = box.getAttribute("data-show-for") !== k;
      box.querySelectorAll("input, select, textarea").forEach(function (input) { input.disabled = off; });
    });
  }
  form.querySelectorAll("input[name=kind]").forEach(function (r) { r.addEventListener("change", syncKind); });
  syncKind();

  // --- errors shown beside the fields of a step ---------------------------------------------------
  function container(name) {
    return form.querySelector('[data-field~="' + name + '"]');
  }
  function clearStepErrors(step) {
    step.querySelectorAll("[data-step-error]").forEach(function (el) { el.remove(); });
    step.querySelectorAll("[data-step-flagged]").forEach(function (el) {
      el.classList.remove("field-error");
      el.removeAttribute("data-step-flagged");
    });
    step.querySelectorAll("[aria-invalid]").forEach(function (el) { el.removeAttribute("aria-invalid"); });
  }
  function showStepErrors(step, errors) {
    clearStepErrors(step);
    var first = null;
    Object.keys(errors).forEach(function (name) {
      var box = container(name);
      if (!box || !step.contains(box)) box = step.querySelector(".step-nav") ? step : null;
      if (!box) return;
      if (!box.classList.contains("field-error")) {
        box.classList.add("field-error");
        box.setAttribute("data-step-flagged", "1");
      }
      errors[name].forEach(function (message) {
        var p = document.createElement("p");
        p.className = "errorlist";
        p.setAttribute("data-step-error", name);
        p.setAttribute("role", "alert");
        p.textContent = message;
        var nav = box === step ? step.querySelector(".step-nav") : null;
        if (nav) step.insertBefore(p, nav); else box.appendChild(p);
      });
      var input = box.querySelector("input:not([type=hidden]):not([disabled]), select, textarea");
      if (input) {
        input.setAttribute("aria-invalid", "true");
        if (!first) first = input;
      }
    });
    if (first) { first.focus(); first.scrollIntoView({ block: "center" }); }
  }

  function stepNames(step) {
    var names = {};
    step.querySelectorAll("input, select, textarea").forEach(function (input) {
      if (input.name && !input.disabled && input.type !== "file") names[input.name] = true;
    });
    step.querySelectorAll("[data-field]").forEach(function (box) {
      box.getAttribute("data-field").split(/\s+/).forEach(function (n) { if (n) names[n] = true; });
    });
    return Object.keys(names);
  }

  // Ask the server whether the step's fields pass; on any failure to ask, go on (the filing is checked).
  function checkStep(step) {
    var url = form.getAttribute("data-check-url");
    if (!url || !window.fetch || !window.FormData) return Promise.resolve(true);
    var data = new FormData(form);
    form.querySelectorAll("input[type=file]").forEach(function (input) { if (input.name) data.delete(input.name); });
    stepNames(step).forEach(function (name) { data.append("check", name); });
    return fetch(url, { method: "POST", body: data, credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.ok ? r.json() : { errors: {} }; })
      .then(function (body) {
        var errors = (body && body.errors) || {};
        showStepErrors(step, errors);
        return Object.keys(errors).length === 0;
      })
      .catch(function () { return true; });
  }

  function browserValid(step) {
    var fields = step.querySelectorAll("input, select, textarea");
    for (var i = 0; i < fields.length; i++) {
      if (!fields[i].disabled && !fields[i].checkValidity()) { fields[i].reportValidity(); return false; }
    }
    return true;
  }

  var busy = false;
  form.addEventListener("click", function (e) {
    var t = e.target;
    if (t.closest("[data-next]")) {
      if (busy || !browserValid(steps[current])) return;
      busy = true;
      var button = t.closest("[data-next]");
      button.setAttribute("aria-busy", "true");
      checkStep(steps[current]).then(function (ok) {
        busy = false;
        button.removeAttribute("aria-busy");
        if (ok) { show(current + 1); window.scrollTo(0, 0); }
      });
    } else if (t.closest("[data-back]")) {
      show(current - 1); window.scrollTo(0, 0);
    }
  });

  // Open the first step that has a server-side error, else the first.
  var firstError = steps.findIndex(function (s) { return s.querySelector(".field-error, .errorlist, .duplicate"); });
  show(firstError >= 0 ? firstError : 0);

  // Employer search results (htmx fills #employer-results; without htmx we fetch ourselves).
  var nameInput = form.querySelector("input[name=employer_name]");
  var hiddenId = form.querySelector("input[name=employer]");
  var results = document.getElementById("employer-results");
  var picked = document.getElementById("employer-picked");
  if (nameInput && results && !window.htmx) {
    var timer = null;
    nameInput.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        fetch(form.getAttribute("data-search-url") + "?employer_name=" + encodeURIComponent(nameInput.value))
          .then(function (r) { return r.ok ? r.text() : ""; })
          .then(function (html) { results.innerHTML = html; });
      }, 300);
    });
  }
  function setPicked(name) {
    if (!picked) return;
    picked.hidden = !name;
    picked.querySelector("[data-picked-name]").textContent = name || "";
  }
  if (nameInput) {
    nameInput.addEventListener("input", function () {
      if (hiddenId && hiddenId.value) hiddenId.value = "";
      if (picked && !picked.hidden) setPicked("");
    });
  }
  if (nameInput && ((hiddenId && hiddenId.value) || (picked && picked.getAttribute("data-picked") === "1"))) setPicked(nameInput.value);
  if (results) {
    results.addEventListener("click", function (e) {
      var b = e.target.closest(".employer-pick");
      if (!b) return;
      if (hiddenId) hiddenId.value = b.getAttribute("data-employer-id");
      nameInput.value = b.getAttribute("data-name");
      var code = form.querySelector("input[name=employer_credit_code]");
      var addr = form.querySelector("input[name=employer_address]");
      var district = form.querySelector("select[name=district]");
      if (code && b.getAttribute("data-code")) code.value = b.getAttribute("data-code");
      if (addr && b.getAttribute("data-address")) addr.value = b.getAttribute("data-address");
      if (district && b.getAttribute("data-district")) district.value = b.getAttribute("data-district");
      results.innerHTML = "";
      setPicked(b.getAttribute("data-name"));
    });
  }
  var unpick = form.querySelector("[data-unpick]");
  if (unpick) unpick.addEventListener("click", function () { if (hiddenId) hiddenId.value = ""; setPicked(""); nameInput.focus(); });

  // "Still continuing" means there is no end date yet.
  var continuing = form.querySelector("input[name=continuing]");
  var periodEnd = form.querySelector("input[name=period_end]");
  function syncEnd() { if (continuing && periodEnd) { periodEnd.disabled = continuing.checked; if (continuing.checked) periodEnd.value = ""; } }
  if (continuing) continuing.addEventListener("change", syncEnd);
  syncEnd();

  // Group members: show filled rows plus one empty row; "add" reveals the next.
  var rows = Array.prototype.slice.call(form.querySelectorAll("[data-member-row]"));
  var addBtn = form.querySelector("[data-add-member]");
  function filled(row) { return Array.prototype.some.call(row.querySelectorAll("input"), function (i) { return i.value.trim(); }); }
  var lastFilled = -1;
  rows.forEach(function (r, k) { if (filled(r)) lastFilled = k; });
  rows.forEach(function (r, k) { r.hidden = k > lastFilled + 1; });
  function syncAdd() { if (addBtn) addBtn.hidden = rows.every(function (r) { return !r.hidden; }); }
  syncAdd();
  if (addBtn) addBtn.addEventListener("click", function () {
    var next = rows.find(function (r) { return r.hidden; });
    if (next) { next.hidden = false; next.querySelector("input").focus(); }
    syncAdd();
  });

  // List chosen files with sizes.
  var fileInput = form.querySelector("input[type=file]");
  var list = document.getElementById("file-list");
  if (fileInput && list) fileInput.addEventListener("change", function () {
    list.innerHTML = "";
    Array.prototype.forEach.call(fileInput.files, function (f) {
      var li = document.createElement("li");
      var name = document.createElement("span"); name.textContent = f.name;
      var size = document.createElement("small"); size.textContent = f.size >= 1048576 ? (f.size / 1048576).toFixed(1) + " MB" : Math.max(1, Math.round(f.size / 1024)) + " KB";
      li.appendChild(name); li.appendChild(size); list.appendChild(li);
    });
  });

  // One submit only: a double tap would be deduplicated by the server anyway (one-time form token).
  form.addEventListener("submit", function () {
    var b = form.querySelector("[data-submit]");
    setTimeout(function () { if (b) b.disabled = true; }, 0);
  });
})();
