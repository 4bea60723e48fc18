// Small behaviours shared by every page, bound from data- attributes (no inline handlers: the
// Content-Security-Policy allows scripts from this site's files only).
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var print = event.target.closest("[data-print]");
    if (print) {
      window.print();
      return;
    }
    var all = event.target.closest("[data-select-all]");
    if (all) {
      var name = all.getAttribute("data-select-all");
      document.querySelectorAll('input[type=checkbox][name="' + name + '"]').forEach(function (box) {
        box.checked = all.checked;
      });
    }
  });
  // The case page's action bar: open the action's form and bring it into view below the sticky bars.
  function openAction(name) {
    var details = document.getElementById("action-" + name);
    if (!details) {
      return false;
    }
    details.open = true;
    details.scrollIntoView({ block: "start" });
    var field = details.querySelector("input:not([type=hidden]), textarea, select");
    if (field) {
      field.focus({ preventScroll: true });
    }
    return true;
  }
  function measureBars() {
    var root = document.documentElement.style;
    var top = document.querySelector(".topbar");
    var bar = document.getElementById("case-bar");
    if (top) {
      root.setProperty("--topbar-h", top.offsetHeight + "px");
    }
    if (bar) {
      root.setProperty("--casebar-h", bar.offsetHeight + "px");
    }
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest("[data-open-action]");
    if (link && openAction(link.getAttribute("data-open-action"))) {
      event.preventDefault();
      history.replaceState(null, "", "#action-" + link.getAttribute("data-open-action"));
    }
  });
  document.addEventListener("DOMContentLoaded", function () {
    measureBars();
    var match = /^#action-([\w-]+)$/.exec(window.location.hash);
    if (match) {
      openAction(match[1]);
    }
  });
  window.addEventListener("resize", measureBars);
  document.addEventListener("change", function (event) {
    var field = event.target.closest("[data-autosubmit]");
    if (field && field.form) {
      field.form.submit();
    }
  });
})();
