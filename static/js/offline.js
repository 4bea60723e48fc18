/* The tablet in the field (staff pages): what is typed is kept on the device as it is typed, photos
   are kept on the device until they are uploaded, and every change (check-in, photo, visit result)
   goes into an ordered queue sent with an Idempotency-Key of its own, so that a sync retried after a
   lost answer changes nothing twice. A result the server refuses as stale (409) is shown beside the
   server's version for the inspector to choose. The day's visits and pages are kept for working with
   no signal (the service worker, /sw.js, answers from them). IndexedDB through idb; no framework.
   Texts come translated from the page (templates/core/_offline.html and the visit templates). */
(function () {
  "use strict";
  var cfgEl = document.getElementById("offline-config");
  if (!cfgEl || !window.indexedDB || !window.idb) return;
  var cfg = JSON.parse(cfgEl.textContent);
  var S = cfg.strings;
  var USER = cfg.userId;
  var PAGES = "wagewatch-pages";
  var DAY_FRESH_MS = 5 * 60 * 1000;
  var LOG_KEEP = 50;
  var MAX_PHOTO_SIDE = 2048;
  var CASE_PAGES = 10;
  var token = null;

  var dbp = idb.openDB("wagewatch", 1, {
    upgrade: function (db) {
      db.createObjectStore("drafts", { keyPath: "key" });
      db.createObjectStore("queue", { keyPath: "seq", autoIncrement: true });
      db.createObjectStore("photos", { keyPath: "id", autoIncrement: true });
      db.createObjectStore("log", { keyPath: "seq", autoIncrement: true });
      db.createObjectStore("day", { keyPath: "userId" });
    }
  });

  // ---------------------------------------------------------------------------------------------
  // Small helpers

  function fmt(text, vars) {
    return String(text).replace(/%\((\w+)\)s/g, function (_m, k) { return vars[k] == null ? "" : String(vars[k]); });
  }
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function clock(ts) { var d = new Date(ts); return pad(d.getHours()) + ":" + pad(d.getMinutes()) + ":" + pad(d.getSeconds()); }
  function localToday() { var d = new Date(); return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()); }
  function newKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }
  function draftKey(visitId) { return USER + ":" + visitId; }
  function emit(name, detail) { document.dispatchEvent(new CustomEvent("wagewatch:" + name, { detail: detail })); }
  function metres(lat1, lon1, lat2, lon2) {
    var r = Math.PI / 180, p1 = lat1 * r, p2 = lat2 * r, dp = (lat2 - lat1) * r, dl = (lon2 - lon1) * r;
    var a = Math.sin(dp / 2) * Math.sin(dp / 2) + Math.cos(p1) * Math.cos(p2) * Math.sin(dl / 2) * Math.sin(dl / 2);
    return Math.round(2 * 6371008.8 * Math.asin(Math.min(1, Math.sqrt(a))));
  }
  function errorText(body) {
    if (!body || typeof body !== "object") return "";
    if (body.detail) return String(body.detail);
    return Object.keys(body).map(function (k) { return [].concat(body[k]).join(" "); }).join(" ");
  }

  // ---------------------------------------------------------------------------------------------
  // The queue

  function myOps(db) {
    return db.getAll("queue").then(function (all) {
      return all.filter(function (op) { return op.userId === USER; });
    });
  }

  function enqueue(op) {
    op.userId = USER;
    op.key = newKey();
    op.state = "pending";
    op.createdAt = Date.now();
    return dbp.then(function (db) { return db.add("queue", op); }).then(function (seq) {
      op.seq = seq;
      render();
      sync();
      return op;
    });
  }

  function logEntry(op, outcome, detail) {
    return dbp.then(function (db) {
      return db.add("log", {
        userId: USER, at: Date.now(), kind: op.kind, visitId: op.visitId, label: op.label || "",
        outcome: outcome, detail: detail || ""
      }).then(function () {
        return db.getAllKeys("log").then(function (keys) {
          var extra = keys.slice(0, Math.max(0, keys.length - LOG_KEEP));
          return Promise.all(extra.map(function (k) { return db.delete("log", k); }));
        });
      });
    });
  }

  function send(op) {
    var headers = { Accept: "application/json", "X-CSRFToken": token, "Idempotency-Key": op.key };
    if (op.kind === "photo") {
      return dbp.then(function (db) { return db.get("photos", op.photoId); }).then(function (photo) {
        if (!photo) return null;
        var body = new FormData();
        body.append("photo", photo.blob, photo.name);
        return fetch(op.url, { method: "POST", credentials: "same-origin", headers: headers, body: body });
      });
    }
    if (op.pairs) {
      var form = new FormData();
      op.pairs.forEach(function (p) { form.append(p[0], p[1]); });
      Object.keys(op.files || {}).forEach(function (field) {
        op.files[field].forEach(function (f) { form.append(field, f.blob, f.name); });
      });
      return fetch(op.url, { method: "POST", credentials: "same-origin", headers: headers, body: form });
    }
    headers["Content-Type"] = "application/json";
    return fetch(op.url, { method: "POST", credentials: "same-origin", headers: headers, body: JSON.stringify(op.body) });
  }

  function settle(db, op, response) {
    var replayed = response.headers.get("Idempotent-Replayed") === "true";
    return response.json().catch(function () { return {}; }).then(function (body) {
      if (response.ok) {
        var work = [db.delete("queue", op.seq)];
        if (op.kind === "photo") work.push(db.delete("photos", op.photoId));
        if (op.kind === "complete") work.push(db.delete("drafts", draftKey(op.visitId)));
        if (op.formKey) work.push(db.delete("drafts", op.formKey));
        return Promise.all(work).then(function () {
          return logEntry(op, replayed ? "replayed" : "sent");
        }).then(function () { emit("synced", { op: op, body: body }); return "ok"; });
      }
      if (response.status === 409 && op.kind === "complete" && body.current) {
        op.state = "conflict";
        op.current = body.current;
        return db.put("queue", op).then(function () { return logEntry(op, "conflict", body.detail); })
          .then(function () { emit("conflict", { op: op }); return "blocked"; });
      }
      if (response.status >= 500 || response.status === 429) return "stop";
      // Refused as it is (400, 403, 404, 413): a result stays for the inspector to correct and send
      // again; a photo or a check-in that cannot be taken is dropped, and the log says why.
      op.state = "failed";
      op.error = errorText(body) || String(response.status);
      var keep = op.kind === "complete" || op.formKey ? db.put("queue", op) : Promise.all([
        db.delete("queue", op.seq), op.kind === "photo" ? db.delete("photos", op.photoId) : null
      ]);
      return keep.then(function () { return logEntry(op, "refused", op.error); })
        .then(function () { emit("refused", { op: op }); return "blocked"; });
    });
  }

  function refreshToken() {
    return fetch(cfg.dayApi, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) {
        if (!r.ok || r.redirected) { setNote(S.signIn); return null; }
        return r.json().then(function (data) {
          token = data.csrf_token;
          return token;
        });
      });
  }

  function runSync() {
    if (!navigator.onLine) return Promise.resolve();
    return dbp.then(function (db) {
      return myOps(db).then(function (ops) {
        var pending = ops.filter(function (op) { return op.state === "pending"; });
        if (!pending.length) return;
        setBusy(true);
        return refreshToken().then(function (t) {
          if (!t) return;
          var blocked = {};
          ops.forEach(function (op) { if (op.state !== "pending") blocked[lane(op)] = true; });
          var chain = Promise.resolve("ok");
          pending.forEach(function (op) {
            chain = chain.then(function (state) {
              if (state === "stop" || blocked[lane(op)]) return state === "stop" ? "stop" : "ok";
              return send(op).then(function (response) {
                if (response === null) return db.delete("queue", op.seq).then(function () { return "ok"; });
                return settle(db, op, response);
              }, function () { return "stop"; }).then(function (result) {
                if (result === "blocked") blocked[lane(op)] = true;
                return result === "stop" ? "stop" : "ok";
              });
            });
          });
          return chain;
        });
      });
    }).catch(function () {}).then(function () { setBusy(false); });
  }

  // Changes to one visit (or one form) go in the order made; one refused or in conflict holds the
  // later ones of its lane, not the others.
  function lane(op) { return op.formKey || "visit:" + op.visitId; }

  // One run at a time; a change queued during a run is sent by a further run right after it.
  var running = null;
  var again = false;
  function sync() {
    if (running) { again = true; return running; }
    var job = navigator.locks ? navigator.locks.request("wagewatch-sync", runSync) : runSync();
    running = Promise.resolve(job).catch(function () {}).then(function () {
      running = null;
      render();
      if (again) { again = false; return sync(); }
    });
    return running;
  }

  // ---------------------------------------------------------------------------------------------
  // The day kept on the tablet

  function keepDay(data) {
    return dbp.then(function (db) { return db.put("day", { userId: USER, at: Date.now(), data: data }); });
  }

  function keepPages(data) {
    if (!("caches" in window)) return Promise.resolve();
    // The day's visits, and the form for a record on the cases due first (the rest are a tap away).
    var urls = [cfg.myDay].concat((data.visits || []).map(function (v) { return v.url; }))
      .concat((data.cases || []).slice(0, CASE_PAGES).map(function (c) { return c.record_url; }));
    return caches.open(PAGES).then(function (cache) {
      return urls.reduce(function (chain, url) {
        return chain.then(function () {
          return fetch(url, { credentials: "same-origin" }).then(function (r) {
            if (r.ok && !r.redirected) return cache.put(url, r);
          }).catch(function () {});
        });
      }, Promise.resolve());
    });
  }

  function refreshDay(force) {
    if (!navigator.onLine) return Promise.resolve();
    return dbp.then(function (db) { return db.get("day", USER); }).then(function (kept) {
      if (!force && kept && Date.now() - kept.at < DAY_FRESH_MS) return;
      return fetch(cfg.dayApi, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) {
          if (!r.ok || r.redirected) return;
          return r.json().then(function (data) {
            token = data.csrf_token;
            // Kept only once the pages are: a page left half way fetches them again next time.
            return keepPages(data).then(function () { return keepDay(data); });
          });
        });
    }).catch(function () {}).then(render);
  }

  // ---------------------------------------------------------------------------------------------
  // The sync bar: online or not, what waits, what was sent

  var bar = document.querySelector("[data-sync-bar]");
  var note = "";
  var busy = false;
  function setNote(text) { note = text; render(); }
  function setBusy(value) { busy = value; render(); }

  function render() {
    if (!bar) return;
    dbp.then(function (db) {
      return Promise.all([myOps(db), db.getAll("log"), db.get("day", USER)]);
    }).then(function (r) {
      var ops = r[0], log = r[1].filter(function (e) { return e.userId === USER; }), day = r[2];
      var pending = ops.filter(function (op) { return op.state === "pending"; }).length;
      var conflicts = ops.filter(function (op) { return op.state === "conflict"; }).length;
      var failed = ops.filter(function (op) { return op.state === "failed"; }).length;
      var online = navigator.onLine;
      var parts = [];
      if (pending) parts.push(fmt(S.pending, { n: pending }));
      if (conflicts) parts.push(fmt(S.conflicts, { n: conflicts }));
      if (failed) parts.push(fmt(S.failed, { n: failed }));
      bar.querySelector("[data-sync-count]").textContent = parts.length ? parts.join(" · ") : S.allSent;
      bar.setAttribute("data-pending", String(pending));
      bar.setAttribute("data-conflicts", String(conflicts));
      bar.setAttribute("data-failed", String(failed));
      bar.setAttribute("data-busy", busy ? "1" : "0");
      var state = busy ? S.syncing : online ? S.online : S.offline;
      if (note) state += " · " + note;
      if (day) state += " · " + fmt(S.dayKept, { time: clock(day.at) });
      bar.querySelector("[data-sync-online]").textContent = state;
      bar.classList.toggle("offline", !online);
      bar.hidden = !(document.querySelector("[data-offline-page]") || ops.length || !online);
      var list = bar.querySelector("[data-sync-log]");
      list.textContent = "";
      log.slice().reverse().forEach(function (e) {
        var li = document.createElement("li");
        li.setAttribute("data-outcome", e.outcome);
        li.textContent = clock(e.at) + " · " + (S["kind_" + e.kind] || e.kind) + (e.visitId ? " · " + S.visit + " " + e.visitId : "") +
          (e.label ? " " + e.label : "") + " · " + (S[e.outcome] || e.outcome) + (e.detail ? " (" + e.detail + ")" : "");
        list.appendChild(li);
      });
      markDayCards(ops);
    }).catch(function () {});
  }

  function markDayCards(ops) {
    document.querySelectorAll("[data-visit]").forEach(function (card) {
      var id = Number(card.getAttribute("data-visit"));
      var waiting = ops.some(function (op) { return op.visitId === id; });
      card.classList.toggle("waiting-sync", waiting);
    });
  }

  if (bar) {
    bar.querySelector("[data-sync-now]").addEventListener("click", function () { note = ""; sync(); });
    bar.querySelector("[data-sync-refresh]").addEventListener("click", function () { refreshDay(true); });
  }

  // ---------------------------------------------------------------------------------------------
  // The visit form: a draft kept as typed; completing queues the result

  var form = document.querySelector("form[data-visit-form]");
  var visitId = form ? Number(form.getAttribute("data-visit-id")) : null;

  function formValues() {
    var out = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.name === "csrfmiddlewaretoken" || el.name === "version" || el.type === "file") return;
      if (el.type === "radio" || el.type === "checkbox") { if (el.checked) out[el.name] = el.value; }
      else out[el.name] = el.value;
    });
    return out;
  }

  function fillForm(values) {
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || !(el.name in values)) return;
      if (el.type === "radio" || el.type === "checkbox") el.checked = el.value === values[el.name];
      else el.value = values[el.name];
    });
    var outcome = form.querySelector("input[name=outcome]:checked");
    if (outcome) outcome.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function versionInput() { return form.querySelector("input[name=version]"); }

  var saves = 0;
  function saveDraft() {
    var values = formValues();
    var at = Date.now();
    var n = ++saves;
    return dbp.then(function (db) {
      return db.get("drafts", draftKey(visitId)).then(function (old) {
        return db.put("drafts", {
          key: draftKey(visitId), userId: USER, visitId: visitId,
          version: old ? old.version : Number(versionInput().value), values: values, savedAt: at
        });
      });
    }).then(function () {
      var state = form.querySelector("[data-draft-state]");
      state.textContent = fmt(S.draftSaved, { time: clock(at) });
      state.setAttribute("data-saved", String(n));
    });
  }

  function labelOf(input) {
    var label = input.closest("label");
    return label ? label.textContent.trim() : input.value;
  }

  function completeBody(values, version) {
    var body = { version: version, checklist: {} };
    Object.keys(values).forEach(function (name) {
      if (name.indexOf("check_") === 0) body.checklist[name.slice(6)] = values[name];
      else if (values[name] !== "") body[name] = values[name];
    });
    return body;
  }

  function checkRows() {
    return Array.prototype.map.call(form.querySelectorAll(".check-row"), function (row) {
      var first = row.querySelector("input[type=radio]");
      return { name: first ? first.name : "", row: row, label: (row.querySelector("span") || {}).textContent || "" };
    });
  }

  function showQueued(text) {
    var box = form.querySelector("[data-queued]");
    box.textContent = text;
    box.hidden = !text;
  }

  function setFormLocked(locked) {
    Array.prototype.forEach.call(form.elements, function (el) {
      if (el.type !== "hidden") el.disabled = locked;
    });
  }

  function queueResult() {
    var values = formValues();
    return dbp.then(function (db) {
      return db.get("drafts", draftKey(visitId)).then(function (draft) {
        var version = draft ? draft.version : Number(versionInput().value);
        return myOps(db).then(function (ops) {
          var stale = ops.filter(function (op) { return op.kind === "complete" && op.visitId === visitId; });
          return Promise.all(stale.map(function (op) { return db.delete("queue", op.seq); }));
        }).then(function () {
          return saveDraft();
        }).then(function () {
          return enqueue({
            kind: "complete", visitId: visitId, url: form.getAttribute("data-complete-url"),
            label: document.title.split(" · ")[0], body: completeBody(values, version)
          });
        });
      });
    }).then(function () {
      setFormLocked(true);
      showQueued(S.queued);
    });
  }

  function onSubmit(event) {
    event.preventDefault();
    var values = formValues();
    var missing = checkRows().some(function (r) { return r.name && !values[r.name]; });
    if (missing) { showQueued(S.answerAll); return; }
    if (!values.outcome) { showQueued(S.chooseOutcome); return; }
    var planned = form.getAttribute("data-visit-date");
    var confirmBox = form.querySelector("[data-future-confirm]");
    if (planned > localToday() && form.getAttribute("data-future-ok") !== "1") {
      confirmBox.hidden = false;
      confirmBox.querySelector("[data-future-yes]").focus();
      return;
    }
    queueResult();
  }

  function restoreVisit() {
    return dbp.then(function (db) {
      return Promise.all([db.get("drafts", draftKey(visitId)), myOps(db)]);
    }).then(function (r) {
      var draft = r[0], ops = r[1].filter(function (op) { return op.visitId === visitId; });
      if (draft) {
        fillForm(draft.values);
        var state = form.querySelector("[data-draft-state]");
        state.textContent = S.draftRestored + " " + fmt(S.draftSaved, { time: clock(draft.savedAt) });
        state.setAttribute("data-restored", "1");
      }
      var result = ops.filter(function (op) { return op.kind === "complete"; })[0];
      if (result && result.state === "pending") { setFormLocked(true); showQueued(S.queued); }
      if (result && result.state === "failed") showQueued(result.error);
      if (result && result.state === "conflict") showConflict(result);
      form.setAttribute("data-ready", "1");
    });
  }

  if (form) {
    form.addEventListener("input", saveDraft);
    form.addEventListener("change", saveDraft);
    form.addEventListener("submit", onSubmit);
    var confirmBox = form.querySelector("[data-future-confirm]");
    confirmBox.querySelector("[data-future-yes]").addEventListener("click", function () {
      form.setAttribute("data-future-ok", "1");
      confirmBox.hidden = true;
      queueResult();
    });
    confirmBox.querySelector("[data-future-no]").addEventListener("click", function () { confirmBox.hidden = true; });
    restoreVisit();
  }

  // ---------------------------------------------------------------------------------------------
  // Conflicts: the server's visit beside the tablet's entries; the inspector chooses

  function checklistText(checklist, answers) {
    var rows = form ? checkRows() : [];
    return Object.keys(checklist || {}).map(function (item) {
      var row = rows.filter(function (r) { return r.name === "check_" + item; })[0];
      var answer = row ? row.row.querySelector("input[value='" + checklist[item] + "']") : null;
      return (row ? row.label : item) + ": " + (answer ? labelOf(answer) : checklist[item]);
    }).join("; ") || "—";
  }

  function outcomeText(value) {
    var input = form && value ? form.querySelector("input[name=outcome][value='" + value + "']") : null;
    return input ? labelOf(input) : (value || "—");
  }

  function showConflict(op) {
    var box = document.querySelector("[data-conflict]");
    var tpl = document.querySelector("template[data-conflict-template]");
    if (!box || !tpl) return;
    box.textContent = "";
    box.appendChild(tpl.content.cloneNode(true));
    var server = op.current, mine = op.body;
    function slot(name, text) { box.querySelector("[data-slot=" + name + "]").textContent = text; }
    slot("server-status", server.status_label || server.status);
    slot("server-date", server.date);
    slot("server-outcome", server.outcome_label || "—");
    slot("server-findings", server.findings || "—");
    slot("server-checklist", checklistText(server.checklist));
    slot("server-version", server.version);
    slot("mine-outcome", outcomeText(mine.outcome));
    slot("mine-findings", mine.findings || "—");
    slot("mine-checklist", checklistText(mine.checklist));
    slot("mine-version", mine.version);
    var open = server.status === "planned";
    box.querySelector("[data-conflict-mine]").hidden = !open;
    box.querySelector("[data-conflict-closed]").hidden = open;
    box.hidden = false;
    box.querySelector("[data-conflict-mine]").addEventListener("click", function () { resolveConflict(op, "mine"); });
    box.querySelector("[data-conflict-server]").addEventListener("click", function () { resolveConflict(op, "server"); });
    if (form) { setFormLocked(true); showQueued(""); }
  }

  function resolveConflict(op, choice) {
    dbp.then(function (db) {
      if (choice === "mine") {
        op.body.version = op.current.version;
        op.state = "pending";
        op.key = newKey();
        delete op.current;
        return db.put("queue", op).then(function () {
          return db.get("drafts", draftKey(op.visitId)).then(function (draft) {
            if (!draft) return;
            draft.version = op.body.version;
            return db.put("drafts", draft);
          });
        }).then(function () {
          document.querySelector("[data-conflict]").hidden = true;
          showQueued(S.queued);
          render();
          return sync();
        });
      }
      return Promise.all([db.delete("queue", op.seq), db.delete("drafts", draftKey(op.visitId))])
        .then(function () { return logEntry(op, "conflict", ""); })
        .then(function () { window.location.reload(); });
    });
  }

  document.addEventListener("wagewatch:conflict", function (e) {
    if (form && e.detail.op.visitId === visitId) showConflict(e.detail.op);
  });
  document.addEventListener("wagewatch:refused", function (e) {
    var op = e.detail.op;
    if (form && op.visitId === visitId && op.kind === "complete") { setFormLocked(false); showQueued(op.error); }
  });
  document.addEventListener("wagewatch:synced", function (e) {
    var op = e.detail.op;
    if (op.kind === "complete" && form && op.visitId === visitId) window.location.reload();
  });

  // ---------------------------------------------------------------------------------------------
  // Photos: kept on the tablet, shown at once, uploaded from the queue; the page never reloads

  var photoForm = document.querySelector("form[data-photo-form]");
  var photoBox = document.querySelector("[data-photos]");

  function showPhoto(blob, name, state, photoId) {
    if (!photoBox) return;
    var empty = photoBox.querySelector("[data-no-photo]");
    if (empty) empty.remove();
    var fig = document.createElement("figure");
    fig.className = "photo-local";
    fig.setAttribute("data-photo-local", String(photoId));
    fig.setAttribute("data-state", state);
    var img = document.createElement("img");
    img.alt = name;
    // A data: URL, which the Content-Security-Policy allows for images (blob: it does not).
    var reader = new FileReader();
    reader.onload = function () { img.src = reader.result; };
    reader.readAsDataURL(blob);
    var cap = document.createElement("figcaption");
    cap.textContent = state === "sent" ? S.photoSent : S.photoWaiting;
    fig.appendChild(img);
    fig.appendChild(cap);
    photoBox.appendChild(fig);
  }

  function shrink(file) {
    // A phone camera's photo is larger than an inspection needs: at most MAX_PHOTO_SIDE px, JPEG.
    if (!window.createImageBitmap || file.size < 1024 * 1024) return Promise.resolve(file);
    return createImageBitmap(file).then(function (bitmap) {
      var scale = Math.min(1, MAX_PHOTO_SIDE / Math.max(bitmap.width, bitmap.height));
      var canvas = document.createElement("canvas");
      canvas.width = Math.round(bitmap.width * scale);
      canvas.height = Math.round(bitmap.height * scale);
      canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      return new Promise(function (resolve) {
        canvas.toBlob(function (blob) { resolve(blob && blob.size < file.size ? blob : file); }, "image/jpeg", 0.85);
      });
    }).catch(function () { return file; });
  }

  if (photoForm) {
    var photoVisit = Number(photoForm.getAttribute("data-visit-id"));
    photoForm.addEventListener("submit", function (event) {
      event.preventDefault();
      var input = photoForm.querySelector("input[type=file]");
      var file = input.files && input.files[0];
      if (!file) { setNote(S.choosePhoto); return; }
      shrink(file).then(function (blob) {
        var name = file.name || "photo.jpg";
        return dbp.then(function (db) {
          return db.add("photos", { userId: USER, visitId: photoVisit, blob: blob, name: name, at: Date.now() });
        }).then(function (photoId) {
          showPhoto(blob, name, "waiting", photoId);
          photoForm.reset();
          return enqueue({
            kind: "photo", visitId: photoVisit, photoId: photoId, label: name,
            url: photoForm.getAttribute("data-photo-url")
          });
        });
      }).catch(function () { setNote(S.photoTooLarge); });
    });
    dbp.then(function (db) { return db.getAll("photos"); }).then(function (photos) {
      photos.filter(function (p) { return p.userId === USER && p.visitId === photoVisit; })
        .forEach(function (p) { showPhoto(p.blob, p.name, "waiting", p.id); });
    });
    document.addEventListener("wagewatch:synced", function (e) {
      var op = e.detail.op;
      if (op.kind !== "photo") return;
      var fig = document.querySelector("[data-photo-local='" + op.photoId + "']");
      if (!fig) return;
      fig.setAttribute("data-state", "sent");
      fig.querySelector("figcaption").textContent = S.photoSent;
    });
  }

  // ---------------------------------------------------------------------------------------------
  // On-site check-in: position and accuracy, or that there was none; never blocks the visit

  var checkinCard = document.querySelector("[data-checkin-card]");

  function checkinText(body, at) {
    var time = clock(at).slice(0, 5);
    if (body.status === "recorded") {
      var text = fmt(checkinCard.getAttribute("data-text-recorded"), { time: time, accuracy: body.accuracy_m });
      var lat = checkinCard.getAttribute("data-employer-lat"), lon = checkinCard.getAttribute("data-employer-lon");
      if (lat && lon) {
        text += " " + fmt(checkinCard.getAttribute("data-text-distance"), {
          distance: metres(body.latitude, body.longitude, Number(lat), Number(lon))
        });
      }
      return text;
    }
    return fmt(checkinCard.getAttribute("data-text-" + body.status), { time: time });
  }

  function checkIn() {
    var button = checkinCard.querySelector("[data-checkin]");
    var state = checkinCard.querySelector("[data-checkin-state]");
    if (!button || button.disabled) return;
    button.disabled = true;
    state.textContent = checkinCard.getAttribute("data-text-locating");
    function record(body) {
      var at = Date.now();
      enqueue({ kind: "checkin", visitId: Number(checkinCard.getAttribute("data-visit-id")),
                url: checkinCard.getAttribute("data-checkin-url"), body: body, label: "" });
      state.textContent = checkinText(body, at);
      checkinCard.setAttribute("data-status", body.status);
      button.hidden = true;
    }
    if (!navigator.geolocation) { record({ status: "unavailable" }); return; }
    navigator.geolocation.getCurrentPosition(function (pos) {
      record({
        status: "recorded",
        latitude: Number(pos.coords.latitude.toFixed(6)),
        longitude: Number(pos.coords.longitude.toFixed(6)),
        accuracy_m: Math.round(pos.coords.accuracy)
      });
    }, function (err) {
      record({ status: err && err.code === 1 ? "refused" : "unavailable" });
    }, { enableHighAccuracy: true, timeout: 20000, maximumAge: 60000 });
  }

  if (checkinCard && checkinCard.querySelector("[data-checkin]")) {
    var cardVisit = Number(checkinCard.getAttribute("data-visit-id"));
    dbp.then(function (db) { return myOps(db); }).then(function (ops) {
      var queued = ops.filter(function (op) { return op.kind === "checkin" && op.visitId === cardVisit; })[0];
      if (queued) {
        checkinCard.querySelector("[data-checkin-state]").textContent = checkinText(queued.body, queued.createdAt);
        checkinCard.setAttribute("data-status", queued.body.status);
        checkinCard.querySelector("[data-checkin]").hidden = true;
        return;
      }
      checkinCard.querySelector("[data-checkin]").addEventListener("click", checkIn);
      if (window.location.hash === "#start") {
        history.replaceState(null, "", window.location.pathname + window.location.search);
        checkIn();
      }
    });
  }

  // ---------------------------------------------------------------------------------------------
  // Any other form marked data-offline-form (a record of the investigation on a case): kept as typed,
  // with the files chosen; saving queues it, sent as the page would post it (multipart) to the API
  // named by data-api-url; once sent, the page goes to data-done-url.

  var other = document.querySelector("form[data-offline-form]");

  function pairs(f) {
    var out = [];
    Array.prototype.forEach.call(f.elements, function (el) {
      if (!el.name || el.name === "csrfmiddlewaretoken" || el.type === "file" || el.disabled) return;
      if ((el.type === "radio" || el.type === "checkbox") && !el.checked) return;
      if (el.tagName === "SELECT" && el.multiple) {
        Array.prototype.forEach.call(el.selectedOptions, function (o) { out.push([el.name, o.value]); });
        return;
      }
      out.push([el.name, el.value]);
    });
    return out;
  }

  function fillPairs(f, list) {
    Array.prototype.forEach.call(f.elements, function (el) {
      if (!el.name || el.type === "file" || el.type === "hidden") return;
      var mine = list.filter(function (p) { return p[0] === el.name; }).map(function (p) { return p[1]; });
      if (el.type === "radio" || el.type === "checkbox") el.checked = mine.indexOf(el.value) >= 0;
      else if (mine.length) el.value = mine[0];
    });
  }

  if (other) {
    var otherKey = USER + ":" + other.getAttribute("data-offline-form");
    var otherState = other.querySelector("[data-draft-state]");
    var otherFiles = {};
    var saveOther = function () {
      var at = Date.now();
      return dbp.then(function (db) {
        return db.put("drafts", { key: otherKey, userId: USER, pairs: pairs(other), files: otherFiles, savedAt: at });
      }).then(function () {
        if (otherState) {
          otherState.textContent = fmt(S.draftSaved, { time: clock(at) });
          otherState.setAttribute("data-saved", String(at));
        }
      });
    };
    other.addEventListener("input", saveOther);
    other.addEventListener("change", function (event) {
      var input = event.target;
      if (input.type === "file") {
        otherFiles[input.name] = Array.prototype.map.call(input.files, function (file) {
          return { name: file.name, blob: file };
        });
      }
      saveOther();
    });
    other.addEventListener("submit", function (event) {
      event.preventDefault();
      var list = pairs(other);
      dbp.then(function (db) {
        return myOps(db).then(function (ops) {
          var stale = ops.filter(function (op) { return op.formKey === otherKey; });
          return Promise.all(stale.map(function (op) { return db.delete("queue", op.seq); }));
        });
      }).then(saveOther).then(function () {
        return enqueue({
          kind: other.getAttribute("data-offline-kind") || "form", visitId: null, formKey: otherKey,
          url: other.getAttribute("data-api-url"), doneUrl: other.getAttribute("data-done-url"),
          label: document.title.split(" · ")[0], pairs: list, files: otherFiles
        });
      }).then(function () {
        var box = other.querySelector("[data-queued]");
        if (box) { box.textContent = S.queued; box.hidden = false; }
        Array.prototype.forEach.call(other.elements, function (el) { if (el.type !== "hidden") el.disabled = true; });
      });
    });
    dbp.then(function (db) { return db.get("drafts", otherKey); }).then(function (draft) {
      if (draft) {
        fillPairs(other, draft.pairs);
        otherFiles = draft.files || {};
        if (otherState) {
          otherState.textContent = S.draftRestored + " " + fmt(S.draftSaved, { time: clock(draft.savedAt) });
          otherState.setAttribute("data-restored", "1");
        }
      }
      return dbp.then(function (db) { return myOps(db); });
    }).then(function (ops) {
      var waiting = ops.filter(function (op) { return op.formKey === otherKey; })[0];
      var box = other.querySelector("[data-queued]");
      if (waiting && box) { box.textContent = waiting.state === "failed" ? waiting.error : S.queued; box.hidden = false; }
      if (waiting && waiting.state === "pending") {
        Array.prototype.forEach.call(other.elements, function (el) { if (el.type !== "hidden") el.disabled = true; });
      }
      other.setAttribute("data-ready", "1");
    });
    document.addEventListener("wagewatch:synced", function (e) {
      if (e.detail.op.formKey === otherKey) window.location.href = e.detail.op.doneUrl || window.location.href;
    });
    document.addEventListener("wagewatch:refused", function (e) {
      if (e.detail.op.formKey !== otherKey) return;
      Array.prototype.forEach.call(other.elements, function (el) { el.disabled = false; });
      var box = other.querySelector("[data-queued]");
      if (box) { box.textContent = e.detail.op.error; box.hidden = false; }
    });
  }

  // ---------------------------------------------------------------------------------------------
  // Signing out forgets the pages and the day kept for this account (not what waits to be sent).

  document.querySelectorAll("form[action='" + cfg.logout + "']").forEach(function (logout) {
    logout.addEventListener("submit", function (event) {
      if (logout.getAttribute("data-cleared") === "1") return;
      event.preventDefault();
      var clear = [dbp.then(function (db) { return db.delete("day", USER); })];
      if ("caches" in window) clear.push(caches.delete(PAGES), caches.delete("wagewatch-photos"));
      Promise.all(clear).catch(function () {}).then(function () {
        logout.setAttribute("data-cleared", "1");
        logout.submit();
      });
    });
  });

  // ---------------------------------------------------------------------------------------------
  // Start: the service worker, the day, and whatever waits to be sent

  if ("serviceWorker" in navigator) {
    var lang = encodeURIComponent(document.documentElement.lang || "");
    navigator.serviceWorker.register(cfg.sw + "?lang=" + lang, { scope: "/" }).catch(function () {});
  }
  window.addEventListener("online", function () { note = ""; render(); sync(); });
  window.addEventListener("offline", render);
  render();
  refreshDay(false).then(sync);
})();
