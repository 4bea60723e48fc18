// The mediation booking page: picking a free slot fills in the booking form.
(function () {
  "use strict";
  var form = document.getElementById("book-form");
  if (!form) {
    return;
  }
  document.querySelectorAll(".slot").forEach(function (b) {
    b.addEventListener("click", function () {
      form.querySelector("[name=start_at]").value = b.dataset.start;
      form.querySelector("[name=end_at]").value = b.dataset.end;
      form.querySelector("[name=mediator]").value = b.dataset.mediator;
      form.querySelector("[name=room]").value = b.dataset.room;
      form.querySelector("[name=remote]").checked = !b.dataset.room;
      document.querySelectorAll(".slot").forEach(function (o) { o.classList.remove("picked"); });
      b.classList.add("picked");
      form.scrollIntoView({behavior: "smooth", block: "start"});
    });
  });
})();
