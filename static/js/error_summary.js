// Error summary (templates/actions/_partials/error_summary.html): focus it on load so keyboard and
// screen-reader users start at the list of problems, and make each link focus its field, not only
// scroll to it (a fragment link alone moves neither focus nor the caret into the field).
(function () {
  "use strict";
  const summary = document.querySelector("[data-error-summary]");
  if (!summary) return;
  summary.focus();

  summary.querySelectorAll('a[href^="#"]').forEach((link) => {
    link.addEventListener("click", (event) => {
      const field = document.getElementById(decodeURIComponent(link.hash.slice(1)));
      if (!field) return;
      event.preventDefault();
      const label = document.querySelector(`label[for="${CSS.escape(field.id)}"]:not(.visually-hidden)`);
      // The field's visible label (or the field itself) comes into view; then the field takes focus.
      (label || field).scrollIntoView({ block: "center" });
      field.focus({ preventScroll: true });
    });
  });
})();
