/* Page shell behaviour: auto-submitting selectors, confirmations, select-all boxes, printing, closing the
   user menu. No framework, and no inline script anywhere (Content-Security-Policy script-src 'self'). */
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  document.addEventListener("change", function (event) {
    var form = event.target.closest("form[data-autosubmit]");
    if (form && event.target.tagName === "SELECT") { form.requestSubmit ? form.requestSubmit() : form.submit(); }
  });
  document.addEventListener("submit", function (event) {
    /* on the form, or on the button that submitted it (a form with 批准 and 不予修复 confirms one) */
    var message = event.target.getAttribute("data-confirm") ||
      (event.submitter && event.submitter.getAttribute("data-confirm"));
    if (message && !window.confirm(message)) { event.preventDefault(); }
  });
  document.addEventListener("click", function (event) {
    /* Behaviours that used to be inline handlers (the CSP allows no onclick= nor javascript: URL). */
    var all = event.target.closest("input[data-select-all]");
    if (all) {
      var name = all.getAttribute("data-select-all");
      (all.form || document).querySelectorAll("input[type=checkbox]").forEach(function (box) {
        if (box.name === name) { box.checked = all.checked; }
      });
    }
    var print = event.target.closest("[data-print]");
    if (print) { event.preventDefault(); window.print(); }
    document.querySelectorAll("details.user-menu[open]").forEach(function (menu) {
      if (!menu.contains(event.target)) { menu.removeAttribute("open"); }
    });
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      document.querySelectorAll("details.user-menu[open]").forEach(function (menu) {
        menu.removeAttribute("open"); menu.querySelector("summary").focus();
      });
    }
  });
})();
