// Entry form: live percentage and quick checks. The server validates everything again;
// these checks only save a round trip and never replace it. Messages come translated from Django's
// JavaScript catalogue (config/urls.py, javascript-catalog, loaded by base.html before this script).
(function () {
  "use strict";
  const parse = (text) => {
    const cleaned = (text || "").replace(/[,，\s]/g, "");
    if (cleaned === "") return null;
    if (!/^\d+(\.\d+)?$/.test(cleaned)) return NaN;
    return Number(cleaned);
  };

  function checkRate(row) {
    const numeratorInput = row.querySelector('[data-role="numerator"]');
    const denominatorInput = row.querySelector('[data-role="denominator"]');
    const output = row.querySelector('[data-role="percent"]');
    const message = row.querySelector(".client-error");
    const numerator = parse(numeratorInput.value);
    const denominator = parse(denominatorInput.value);
    let problem = "";
    let denominatorIsWrong = false;
    if (Number.isNaN(numerator) || Number.isNaN(denominator)) problem = gettext("只能填写非负数字");
    else if (denominator === 0) { problem = gettext("分母必须大于 0"); denominatorIsWrong = true; }
    else if (numerator !== null && denominator !== null && numerator > denominator) problem = gettext("分子不能大于分母");
    numeratorInput.classList.toggle("is-invalid", problem !== "" && !denominatorIsWrong);
    denominatorInput.classList.toggle("is-invalid", denominatorIsWrong);
    message.textContent = problem;
    if (!problem && numerator !== null && denominator) {
      output.textContent = (Math.round((numerator * 10000) / denominator) / 100).toFixed(2) + "%";
    } else {
      output.textContent = "—";
    }
  }

  function checkNumber(row) {
    const input = row.querySelector('[data-role="value"]');
    const message = row.querySelector(".client-error");
    const value = parse(input.value);
    let problem = "";
    if (Number.isNaN(value)) problem = gettext("只能填写非负数字");
    else if (value !== null && row.dataset.kind === "count" && !Number.isInteger(value)) problem = gettext("人数应为整数");
    input.classList.toggle("is-invalid", problem !== "");
    message.textContent = problem;
  }

  document.querySelectorAll("tr.entry-row").forEach((row) => {
    const check = row.dataset.kind === "rate" ? checkRate : (row.dataset.kind === "yes_no" ? null : checkNumber);
    if (!check) return;
    row.querySelectorAll("input[data-role]").forEach((input) => input.addEventListener("input", () => check(row)));
  });
})();
