/* Large-text mode (长辈版): a choice kept on this device (localStorage, with a cookie as fallback).
   Loaded in <head> without defer so that the page is drawn at the chosen size from the start;
   the toggle is any [data-large-text] button (no inline handlers: the CSP allows script files only). */
(function () {
  "use strict";
  var KEY = "ww-large-text";
  var root = document.documentElement;

  function stored() {
    try {
      var value = window.localStorage.getItem(KEY);
      if (value !== null) return value === "1";
    } catch (e) { /* storage disabled: use the cookie */ }
    return /(?:^|; )ww-large-text=1(?:;|$)/.test(document.cookie);
  }
  function store(on) {
    try { window.localStorage.setItem(KEY, on ? "1" : "0"); } catch (e) { /* cookie below */ }
    document.cookie = KEY + "=" + (on ? "1" : "0") + "; path=/; max-age=31536000; SameSite=Lax";
  }
  function sync() {
    var on = root.classList.contains("large-text");
    document.querySelectorAll("[data-large-text]").forEach(function (b) {
      b.setAttribute("aria-pressed", on ? "true" : "false");
    });
  }

  if (stored()) root.classList.add("large-text");
  document.addEventListener("DOMContentLoaded", sync);
  document.addEventListener("click", function (event) {
    var toggle = event.target.closest("[data-large-text]");
    if (!toggle) return;
    var on = !root.classList.contains("large-text");
    root.classList.toggle("large-text", on);
    store(on);
    sync();
  });
})();
