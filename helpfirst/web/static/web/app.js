// helpfirst page behaviour. No inline scripts anywhere: everything lives here.
(function () {
  "use strict";

  // Stage-change forms: show the exit fields (reason is required, referral, re-check date)
  // only when the chosen stage is an exit. Without JavaScript every field stays visible.
  function syncExitFields(form) {
    var select = form.querySelector("select[name=to_stage]");
    var block = form.querySelector("[data-exit-fields]");
    if (!select || !block) return;
    var exits = (form.getAttribute("data-exit-stages") || "").split(",");
    var recheckable = (form.getAttribute("data-recheckable-stages") || "").split(",");
    var isExit = exits.indexOf(select.value) !== -1;
    block.hidden = !isExit;
    var recheck = form.querySelector("[data-recheck-fields]");
    if (recheck) recheck.hidden = recheckable.indexOf(select.value) === -1;
    var hint = form.querySelector("[data-reason-hint]");
    if (hint) hint.textContent = isExit ? "Required: why does the journey end here?" : "Optional, but your future self will thank you.";
  }

  function init(root) {
    root.querySelectorAll("form[data-stage-form]").forEach(function (form) {
      if (form.dataset.bound) return;
      form.dataset.bound = "1";
      var select = form.querySelector("select[name=to_stage]");
      if (select) select.addEventListener("change", function () { syncExitFields(form); });
      syncExitFields(form);
    });
    // Filter forms submit themselves when a select changes.
    root.querySelectorAll("form[data-autosubmit] select").forEach(function (select) {
      if (select.dataset.bound) return;
      select.dataset.bound = "1";
      select.addEventListener("change", function () { select.form.requestSubmit(); });
    });
    root.querySelectorAll("[data-confirm]").forEach(function (el) {
      if (el.dataset.bound) return;
      el.dataset.bound = "1";
      el.addEventListener("click", function (event) {
        if (!window.confirm(el.getAttribute("data-confirm"))) event.preventDefault();
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () { init(document); });
  document.addEventListener("htmx:load", function (event) { init(event.target); });
})();
