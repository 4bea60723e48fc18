/* Wagewatch live client: one websocket per staff page (/ws/staff/), no framework.
 *
 * - reconnects with exponential backoff and, on every (re)connect, subscribes to the page's groups
 *   (data-live-subscribe) and sends {"type":"resume","last_id":N} so the server replays what was missed;
 *   the last event id seen is kept in sessionStorage;
 * - per event: a toast; case rows of data-live-list="cases" are re-fetched from data-row-url;
 *   data-live-refresh elements are re-fetched; a banner on data-live-case pages when someone else
 *   changed the case; the unread badge follows {"type":"unread"} messages.
 * The state is on <html data-live="connecting|open|closed|refused"> (for people and for tests).
 */
(function () {
  "use strict";
  var cfgEl = document.getElementById("live-config");
  if (!cfgEl || !("WebSocket" in window)) return;
  var cfg = JSON.parse(cfgEl.textContent);
  var strings = cfg.strings || {};
  var storeKey = "wagewatch:live:last:" + cfg.userId;
  var seen = {};
  var attempt = 0;
  var socket = null;
  var pingTimer = null;
  var reconnectTimer = null;
  var everOpen = false;
  var refreshTimers = new WeakMap();

  function stored() {
    try { return parseInt(window.sessionStorage.getItem(storeKey), 10) || 0; } catch (e) { return 0; }
  }
  var lastId = Math.max(stored(), cfg.since || 0);

  function remember(id) {
    if (id > lastId) {
      lastId = id;
      try { window.sessionStorage.setItem(storeKey, String(id)); } catch (e) { /* private mode */ }
    }
  }

  function setState(state) { document.documentElement.setAttribute("data-live", state); }

  function pageGroups() {
    var groups = [];
    document.querySelectorAll("[data-live-subscribe]").forEach(function (el) {
      el.getAttribute("data-live-subscribe").split(/\s+/).forEach(function (g) {
        if (g && groups.indexOf(g) < 0) groups.push(g);
      });
    });
    return groups;
  }

  function send(message) {
    if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
  }

  function toast(text, kind) {
    var box = document.getElementById("toasts");
    if (!box || !text) return;
    var el = document.createElement("div");
    el.className = "toast" + (kind ? " toast-" + kind.replace(/\W/g, "-") : "");
    el.setAttribute("role", "status");
    el.textContent = text;
    box.appendChild(el);
    while (box.children.length > 4) box.removeChild(box.firstChild);
    setTimeout(function () { if (el.parentNode) el.parentNode.removeChild(el); }, 7000);
  }

  function setUnread(count) {
    document.querySelectorAll("[data-live-unread]").forEach(function (el) {
      el.setAttribute("data-count", String(count));
      el.textContent = count > 0 ? String(count) : "";
    });
    document.querySelectorAll("[data-live-unread-text]").forEach(function (el) {
      el.textContent = String(count);
    });
  }

  function fetchHtml(url) {
    return fetch(url, { credentials: "same-origin", headers: { "HX-Request": "true", "X-Live": "1" } });
  }

  function updateCaseRow(caseId) {
    document.querySelectorAll('[data-live-list="cases"]').forEach(function (list) {
      var template = list.getAttribute("data-row-url");
      if (!template) return;
      fetchHtml(template.replace("{id}", encodeURIComponent(caseId))).then(function (response) {
        var row = document.getElementById("case-row-" + caseId);
        if (response.status === 403 || response.status === 404) {
          if (row) row.parentNode.removeChild(row);
          return null;
        }
        if (!response.ok) return null;
        return response.text().then(function (html) {
          var holder = document.createElement("tbody");
          holder.innerHTML = html.trim();
          var fresh = holder.querySelector("tr") || holder.firstElementChild;
          if (!fresh) return;
          fresh.classList.add("flash");
          if (row) {
            row.parentNode.replaceChild(fresh, row);
          } else {
            var body = list.tagName === "TBODY" ? list : (list.querySelector("tbody") || list);
            body.insertBefore(fresh, body.firstChild);
          }
        });
      }).catch(function () { /* the next event or a reload will catch up */ });
    });
  }

  function refresh(el) {
    clearTimeout(refreshTimers.get(el));
    refreshTimers.set(el, setTimeout(function () {
      fetchHtml(el.getAttribute("data-live-refresh")).then(function (response) {
        return response.ok ? response.text() : null;
      }).then(function (html) {
        if (html !== null && html !== undefined) el.innerHTML = html;
      }).catch(function () {});
    }, 150));
  }

  function showBanner(text) {
    var banner = document.getElementById("live-banner");
    if (!banner) return;
    var main = document.getElementById("main");
    if (main && banner.parentNode !== main) main.insertBefore(banner, main.firstChild);
    banner.querySelector("[data-live-banner-text]").textContent = text;
    banner.hidden = false;
  }

  function onEvent(message) {
    if (seen[message.id]) return;
    seen[message.id] = true;
    remember(message.id);
    var payload = message.payload || {};
    toast(message.text, message.kind);
    if (payload.case_id !== undefined && payload.case_id !== null) {
      updateCaseRow(String(payload.case_id));
      var casePage = document.querySelector("[data-live-case]");
      if (casePage && casePage.getAttribute("data-live-case") === String(payload.case_id) &&
          payload.actor_id !== cfg.userId) {
        showBanner(strings.changed || "");
      }
    }
    document.querySelectorAll("[data-live-refresh]").forEach(refresh);
    document.dispatchEvent(new CustomEvent("wagewatch:live-event", { detail: message }));
  }

  function onProgress(message) {
    document.querySelectorAll('[data-live-job="' + message.job + '"]').forEach(function (el) {
      var bar = el.querySelector(".progress > span");
      var pct = message.total ? Math.round((100 * message.done) / message.total) : 0;
      if (bar) bar.style.width = pct + "%";
      var label = el.querySelector("[data-live-job-label]");
      if (label) label.textContent = message.done + " / " + message.total;
    });
    document.dispatchEvent(new CustomEvent("wagewatch:live-progress", { detail: message }));
  }

  function onMessage(raw) {
    var message;
    try { message = JSON.parse(raw.data); } catch (e) { return; }
    if (message.type === "event") onEvent(message);
    else if (message.type === "unread") setUnread(message.count || 0);
    else if (message.type === "progress") onProgress(message);
    else if (message.type === "resumed") setState("open");
  }

  function scheduleReconnect() {
    attempt += 1;
    var delay = Math.min(30000, 500 * Math.pow(2, attempt - 1)) * (0.75 + Math.random() * 0.5);
    clearTimeout(reconnectTimer);
    reconnectTimer = setTimeout(connect, delay);
  }

  function connect() {
    if (socket && (socket.readyState === WebSocket.OPEN || socket.readyState === WebSocket.CONNECTING)) return;
    setState("connecting");
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    socket = new WebSocket(scheme + location.host + cfg.ws);
    socket.onopen = function () {
      if (attempt > 0 && everOpen) toast(strings.online || "");
      attempt = 0;
      everOpen = true;
      pageGroups().forEach(function (group) { send({ type: "subscribe", group: group }); });
      send({ type: "resume", last_id: lastId });
      clearInterval(pingTimer);
      pingTimer = setInterval(function () { send({ type: "ping" }); }, 25000);
    };
    socket.onmessage = onMessage;
    socket.onclose = function (event) {
      clearInterval(pingTimer);
      socket = null;
      if (event.code === 4403 || event.code === 1008) { setState("refused"); return; }
      setState("closed");
      if (attempt === 0 && everOpen) toast(strings.offline || "");
      scheduleReconnect();
    };
  }

  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("[data-live-reload]")) window.location.reload();
  });
  window.addEventListener("online", function () { attempt = 0; connect(); });
  window.addEventListener("pageshow", function (event) { if (event.persisted) connect(); });
  window.wagewatchLive = {
    subscribe: function (group) { send({ type: "subscribe", group: group }); },
    lastId: function () { return lastId; },
  };
  connect();
})();
