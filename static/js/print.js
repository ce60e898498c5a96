// The 打印 button of a printable report (no inline scripts: CSP-friendly).
document.querySelectorAll(".js-print").forEach((button) => {
  button.addEventListener("click", () => window.print());
});
