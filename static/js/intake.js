/* Progressive enhancement of the worker pages; everything works without it.
   - the filing form shows one step at a time, with a step indicator and Back/Next;
   - picking an employer from the search results fills the employer fields;
   - group-member rows are revealed one by one; chosen files are listed with their size. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  document.querySelectorAll(".js-only[hidden]").forEach(function (el) { el.hidden = false; el.removeAttribute("aria-hidden"); });

  var printBtn = document.querySelector("[data-print]");
  if (printBtn) printBtn.addEventListener("click", function () { window.print(); });

  var form = document.getElementById("intake-form");
  if (!form) return;
  var steps = Array.prototype.slice.call(form.querySelectorAll(".step"));
  var indicator = document.querySelectorAll("#intake-steps li");
  var current = 0;
  form.setAttribute("data-step-mode", "1");

  function show(i) {
    current = Math.max(0, Math.min(steps.length - 1, i));
    steps.forEach(function (s, k) { s.classList.toggle("current", k === current); });
    indicator.forEach(function (li, k) {
      li.classList.toggle("current", k === current);
      li.classList.toggle("done", k < current);
    });
  }

  function kind() {
    var checked = form.querySelector("input[name=kind]:checked");
    return checked ? checked.value : "complaint";
  }
  function syncKind() {
    var k = kind();
    form.setAttribute("data-kind", k);
    form.querySelectorAll("[data-required-for=complaint] input").forEach(function (input) {
      input.required = k === "complaint";
    });
  }
  form.querySelectorAll("input[name=kind]").forEach(function (r) { r.addEventListener("change", syncKind); });
  syncKind();

  function stepValid(step) {
    var fields = step.querySelectorAll("input, select, textarea");
    for (var i = 0; i < fields.length; i++) {
      if (!fields[i].checkValidity()) { fields[i].reportValidity(); return false; }
    }
    return true;
  }
  form.addEventListener("click", function (e) {
    var t = e.target;
    if (t.closest("[data-next]")) {
      if (stepValid(steps[current])) { show(current + 1); window.scrollTo(0, 0); }
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
    nameInput.addEventListener("input", function () { if (hiddenId.value) { hiddenId.value = ""; setPicked(""); } });
  }
  if (hiddenId && hiddenId.value && nameInput) setPicked(nameInput.value);
  if (results) {
    results.addEventListener("click", function (e) {
      var b = e.target.closest(".employer-pick");
      if (!b) return;
      hiddenId.value = b.getAttribute("data-employer-id");
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
  if (unpick) unpick.addEventListener("click", function () { hiddenId.value = ""; setPicked(""); nameInput.focus(); });

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

  // List chosen files with sizes, warning about the ones over the limit.
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
