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

  // a form saved as a whole (the maquette) sends only the cells changed; a row's total follows its hours
  document.addEventListener("htmx:configRequest", function (event) {
    var form = event.detail.elt;
    if (!form.classList || !form.classList.contains("batch")) { return; }
    form.querySelectorAll("input.edit").forEach(function (input) {
      if (input.value === input.defaultValue) { delete event.detail.parameters[input.name]; }
    });
  });
  document.addEventListener("input", function (event) {
    var input = event.target;
    if (!input.classList || !input.classList.contains("edit") || !input.form || !input.form.classList.contains("batch")) { return; }
    if (input.hasAttribute("data-hours")) {
      var row = input.closest("tr"), total = row.querySelector("input[data-total]"), sum = 0;
      row.querySelectorAll("input[data-hours]").forEach(function (h) { sum += parseInt(h.value || "0", 10) || 0; });
      if (total) { total.value = String(sum); total.classList.toggle("changed", total.value !== total.defaultValue); }
    }
    input.classList.toggle("changed", input.value !== input.defaultValue);
  });
  document.addEventListener("reset", function (event) {
    event.target.querySelectorAll("input.changed").forEach(function (i) { i.classList.remove("changed"); });
  });

  document.addEventListener("DOMContentLoaded", start);
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      var cancel = document.querySelector("td.editing .cancel");
      if (cancel) { cancel.click(); }
    }
  });
})();
