// Small behaviours shared by every page (no inline scripts: CSP-friendly).
document.querySelectorAll(".js-autosubmit").forEach((element) => {
  element.addEventListener("change", () => element.form.submit());
});
