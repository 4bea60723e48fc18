{% autoescape off %}/* Wagewatch staff service worker (served by core/pwa.py from this template).

   Keeps the app's files (precached with a revision each), the staff pages the inspector opened or
   the tablet fetched for the day (network first: fresh with a signal, the kept copy without) and the
   visits' photos. What the inspector types or queues lives in IndexedDB (static/js/offline.js). */
"use strict";
importScripts.apply(self, {{ workbox }});

var STATIC_PREFIX = {{ static_prefix }};
var MY_DAY = {{ my_day }};
var PAGES = "wagewatch-pages";
var PHOTOS = "wagewatch-photos";

workbox.core.setCacheNameDetails({ prefix: "wagewatch" });
self.skipWaiting();
workbox.core.clientsClaim();

workbox.precaching.precacheAndRoute({{ precache }}, { ignoreURLParametersMatching: [/.*/] });
workbox.precaching.cleanupOutdatedCaches();

// A page answered by a redirect (to the login page once the session ended) is not the page asked for.
var notRedirected = {
  cacheWillUpdate: function (args) {
    var r = args.response;
    return Promise.resolve(r && r.status === 200 && !r.redirected ? r : null);
  }
};

function sameOrigin(url) { return url.origin === self.location.origin; }

// Staff pages: from the network when there is one, else the copy kept on the tablet.
workbox.routing.registerRoute(
  function (o) { return o.request.mode === "navigate" && sameOrigin(o.url) && o.url.pathname.indexOf("/staff/") === 0; },
  new workbox.strategies.NetworkFirst({
    cacheName: PAGES,
    networkTimeoutSeconds: 6,
    matchOptions: { ignoreVary: true },
    plugins: [notRedirected, new workbox.expiration.ExpirationPlugin({ maxEntries: 150, maxAgeSeconds: 14 * 24 * 3600 })]
  })
);

// Visit photos: never change once uploaded.
workbox.routing.registerRoute(
  function (o) { return sameOrigin(o.url) && /^\/staff\/visits\/\d+\/photos\/\d+\/$/.test(o.url.pathname); },
  new workbox.strategies.CacheFirst({
    cacheName: PHOTOS,
    matchOptions: { ignoreVary: true },
    plugins: [notRedirected, new workbox.expiration.ExpirationPlugin({ maxEntries: 300, maxAgeSeconds: 14 * 24 * 3600 })]
  })
);

// Other static files (not precached): the kept copy at once, refreshed behind it.
workbox.routing.registerRoute(
  function (o) { return sameOrigin(o.url) && o.url.pathname.indexOf(STATIC_PREFIX) === 0; },
  new workbox.strategies.StaleWhileRevalidate({
    cacheName: "wagewatch-static",
    plugins: [new workbox.cacheableResponse.CacheableResponsePlugin({ statuses: [200] }),
              new workbox.expiration.ExpirationPlugin({ maxEntries: 100 })]
  })
);

// A staff page never kept, with no network: say so and point to the day's visits.
workbox.routing.setCatchHandler(function (o) {
  if (o.request.mode !== "navigate") return Promise.resolve(Response.error());
  var html = "<!doctype html><html lang=" + JSON.stringify({{ language }}) + "><meta charset=utf-8>" +
    "<meta name=viewport content='width=device-width, initial-scale=1'><title>" + {{ offline_title }} + "</title>" +
    "<body><h1>" + {{ offline_title }} + "</h1><p>" + {{ offline_text }} + "</p>" +
    "<p><a href=" + JSON.stringify(MY_DAY) + ">" + {{ offline_link }} + "</a></p></body></html>";
  return Promise.resolve(new Response(html, { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } }));
});
{% endautoescape %}
