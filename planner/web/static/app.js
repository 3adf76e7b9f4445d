// planner serve: the live stages of a solve (server-sent events) and small helpers.
(function () {
  "use strict";

  function follow(list) {
    var source = new EventSource(list.dataset.events);
    source.addEventListener("step", function (event) {
      list.insertAdjacentHTML("beforeend", event.data);
      list.scrollTop = list.scrollHeight;
    });
    source.addEventListener("done", function () {
      source.close();
      window.location.reload();
    });
    source.onerror = function () {
      source.close();
      setTimeout(function () { window.location.reload(); }, 2000);
    };
  }

  function start() {
    document.querySelectorAll("[data-events]").forEach(follow);
  }

  // a message that says all went well goes away by itself; a refusal stays until clicked
  document.addEventListener("htmx:afterSettle", function () {
    var message = document.getElementById("message");
    if (message && message.querySelector(".good")) {
      clearTimeout(message.hideTimer);
      message.hideTimer = setTimeout(function () { message.innerHTML = ""; }, 6000);
    }
  });
  document.addEventListener("click", function (event) {
    var message = document.getElementById("message");
    if (message && message.contains(event.target)) { message.innerHTML = ""; }
  });

  document.addEventListener("DOMContentLoaded", start);
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      var cancel = document.querySelector("td.editing .cancel");
      if (cancel) { cancel.click(); }
    }
  });
})();
