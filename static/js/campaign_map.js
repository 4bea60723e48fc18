/* The campaign map: employers coloured by risk and outlined by their state in the campaign, the
 * visits' check-ins, and the area each district's workplaces cover. Data: the GeoJSON API
 * (#map-config "url"); tiles only when the site configures a tile source ("tiles"), otherwise a plain
 * background and no request leaves the site. A click on an employer opens its page.
 * The element's data-map-state is loading|ready|failed (for people and for tests). */
(function () {
  "use strict";
  var el = document.querySelector("[data-campaign-map]");
  var cfgEl = document.getElementById("map-config");
  if (!el || !cfgEl || !window.L) return;
  var cfg = JSON.parse(cfgEl.textContent);
  var s = cfg.strings || {};
  var BAND = { high: "#c8101e", medium: "#f0a020", low: "#3b8f4a" };
  var STATUS = {
    not_planned: { color: "#8a949e", weight: 1, dashArray: "2 3" },
    planned: { color: "#1f6feb", weight: 2.5 },
    visited: { color: "#1f2328", weight: 2.5 },
    order: { color: "#b35900", weight: 4 },
    case: { color: "#6f1d8c", weight: 4 },
  };

  function fmt(text, n) { return String(text || "").replace("%(n)s", String(n)); }

  function line(parent, text, cls) {
    var div = document.createElement("div");
    if (cls) div.className = cls;
    div.textContent = text;
    parent.appendChild(div);
    return div;
  }

  function employerTip(p) {
    var box = document.createElement("div");
    line(box, p.name, "map-tip-title");
    line(box, p.district + " · " + p.sector_label);
    line(box, (s.risk || "") + " " + p.risk + " · " + p.band_label);
    line(box, p.status_label + (p.must_visit ? " · " + (s.mustVisit || "") : ""));
    if (p.located_by === "checkin") line(box, s.positionFromCheckin || "");
    return box;
  }

  function checkinTip(p) {
    var box = document.createElement("div");
    line(box, (s.checkin || "") + (p.at ? " " + p.at.slice(0, 16).replace("T", " ") : ""), "map-tip-title");
    if (p.accuracy_m !== null && p.accuracy_m !== undefined) line(box, fmt(s.accuracy, p.accuracy_m));
    if (p.distance_m !== null && p.distance_m !== undefined) line(box, fmt(s.distance, p.distance_m));
    return box;
  }

  var map = L.map(el, { preferCanvas: false, zoomSnap: 0.25, attributionControl: (cfg.tiles || []).length > 0 });
  (cfg.tiles || []).forEach(function (t) {
    L.tileLayer(t.url, { subdomains: t.subdomains || "abc", attribution: t.attribution || "", maxZoom: 18 }).addTo(map);
  });
  map.setView([38.95, 121.6], 9);
  var summary = document.querySelector("[data-map-summary]");
  if (summary) summary.textContent = s.loading || "";

  fetch(cfg.url, { credentials: "same-origin", headers: { Accept: "application/geo+json, application/json" } })
    .then(function (r) { if (!r.ok) throw new Error(String(r.status)); return r.json(); })
    .then(function (data) {
      var employers = {};
      var bounds = L.latLngBounds([]);
      var areas = L.layerGroup().addTo(map);
      var lines = L.layerGroup().addTo(map);
      var points = L.layerGroup().addTo(map);
      var n = 0;
      (data.features || []).forEach(function (f) {
        var p = f.properties || {};
        var g = f.geometry || {};
        if (p.kind === "district_area" && g.type === "Polygon") {
          var ring = g.coordinates[0].map(function (c) { return [c[1], c[0]]; });
          var poly = L.polygon(ring, { color: "#5a6b7d", weight: 1.5, dashArray: "6 4", fillOpacity: 0.06, interactive: true });
          poly.bindTooltip(p.name + " · " + fmt(s.area, p.employers), { sticky: true });
          poly.addTo(areas);
          ring.forEach(function (ll) { bounds.extend(ll); });
        } else if (p.kind === "employer" && g.type === "Point") {
          var ll = [g.coordinates[1], g.coordinates[0]];
          var st = STATUS[p.status] || STATUS.not_planned;
          var m = L.circleMarker(ll, {
            radius: p.must_visit ? 9 : 7,
            fillColor: BAND[p.band] || "#888",
            fillOpacity: p.status === "case" ? 1 : 0.85,
            color: st.color,
            weight: st.weight,
            dashArray: st.dashArray || null,
            className: "map-employer status-" + p.status + " band-" + p.band,
          });
          m.bindTooltip(employerTip(p));
          m.on("click", function () { window.location.assign(p.url); });
          m.on("keypress", function () { window.location.assign(p.url); });
          m.addTo(points);
          var path = m.getElement && m.getElement();
          if (path) {
            path.setAttribute("data-employer-id", String(p.employer_id));
            path.setAttribute("data-href", p.url);
            path.setAttribute("role", "link");
            path.setAttribute("aria-label", p.name + " · " + p.status_label);
          }
          employers[p.employer_id] = ll;
          bounds.extend(ll);
          n += 1;
        } else if (p.kind === "checkin" && g.type === "Point") {
          var c = [g.coordinates[1], g.coordinates[0]];
          var home = employers[p.employer_id];
          if (home && p.distance_m) L.polyline([home, c], { color: "#111", weight: 1, dashArray: "2 3", interactive: false }).addTo(lines);
          var cm = L.circleMarker(c, { radius: 4, fillColor: "#111", fillOpacity: 1, color: "#fff", weight: 1.5, className: "map-checkin" });
          cm.bindTooltip(checkinTip(p));
          cm.addTo(points);
          var cp = cm.getElement && cm.getElement();
          if (cp) cp.setAttribute("data-visit-id", String(p.visit_id));
          bounds.extend(c);
        }
      });
      if (bounds.isValid()) map.fitBounds(bounds, { padding: [24, 24], maxZoom: 15 });
      var meta = data.meta || {};
      if (summary) {
        var parts = [fmt(s.shown, n)];
        if (meta.without_position) parts.push(fmt(s.withoutPosition, meta.without_position));
        if (meta.truncated) parts.push(fmt(s.truncated, meta.max_points));
        summary.textContent = parts.join(" · ");
      }
      el.setAttribute("data-points", String(n));
      el.setAttribute("data-map-state", "ready");
    })
    .catch(function () {
      if (summary) summary.textContent = s.failed || "";
      el.setAttribute("data-map-state", "failed");
    });

  var filters = document.querySelector("[data-map-filters]");
  if (filters) {
    filters.querySelectorAll("select").forEach(function (sel) {
      sel.addEventListener("change", function () { filters.submit(); });
    });
  }
})();
