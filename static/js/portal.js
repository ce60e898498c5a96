// Small behaviours shared by every page (no inline scripts: CSP-friendly).
document.querySelectorAll(".js-autosubmit").forEach((element) => {
  element.addEventListener("change", () => element.form.submit());
});

// A button that starts something the user cannot undo alone (提交 locks the form) asks first, in words
// that say what will happen: data-confirm="…" on the button (the text comes from the template, translated).
document.querySelectorAll("[data-confirm]").forEach((button) => {
  button.addEventListener("click", (event) => {
    if (!window.confirm(button.dataset.confirm)) event.preventDefault();
  });
});
