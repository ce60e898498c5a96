// The indicator page's two charts, drawn from the json_script data (no inline scripts: CSP-friendly).
// Statuses are decided on the server (reporting/compliance.py); this file only draws them, and takes
// its colours from the .status-* rules in portal.css so the charts match the tables.
(function () {
  "use strict";
  const dataElement = document.getElementById("chart-data");
  const holder = document.getElementById("indicator-charts");
  if (!dataElement || !holder || !window.echarts) {
    return; // the tables below carry the same data
  }
  const data = JSON.parse(dataElement.textContent);
  const labels = holder.dataset;
  const unit = labels.labelUnit || "";
  const esc = window.echarts.format.encodeHTML;
  holder.hidden = false;

  const palette = {};
  function colours(className) {
    if (!palette[className]) {
      const probe = document.createElement("span");
      probe.className = className;
      document.body.appendChild(probe);
      const style = window.getComputedStyle(probe);
      palette[className] = { fill: style.backgroundColor, text: style.color };
      probe.remove();
    }
    return palette[className];
  }

  function isLight(rgb) {
    const [r, g, b] = (rgb.match(/\d+/g) || [0, 0, 0]).map(Number);
    return (0.299 * r + 0.587 * g + 0.114 * b) / 255 > 0.85;
  }

  // Light fills (未填报, 无目标) get an outline in their text colour, or they vanish on white.
  function itemStyle(className) {
    const { fill, text } = colours(className);
    return { color: fill, borderColor: isLight(fill) ? text : fill, borderWidth: isLight(fill) ? 1.5 : 0 };
  }

  function tip(title, entry, statusClass, statusLabel) {
    const target = entry.target
      ? `<div>${esc(labels.labelTarget)}：${esc(entry.target.text)}</div>` : "";
    const value = entry.value === null ? esc(labels.labelNoValue) : esc(entry.display);
    return `<div class="chart-tip"><div class="chart-tip-title">${esc(title)}</div>` +
      `<span class="cell ${esc(statusClass)}">${esc(statusLabel)}</span> ${value}${target}` +
      `<div class="chart-tip-why">${esc(entry.explanation)}</div></div>`;
  }

  function valueAxis() {
    return { type: "value", name: unit, min: 0, max: unit === "%" ? 100 : null };
  }

  function tooltip() {
    return { trigger: "item", confine: true, formatter: (params) => params.data && params.data.tip };
  }

  function drawTrend(element) {
    const chart = window.echarts.init(element);
    const baseline = data.baseline;
    const categories = [];
    const values = [];
    const targets = [];
    const expected = [];
    const baselineColours = colours("chart-baseline");
    const targetColours = colours("chart-target");
    if (baseline) {
      categories.push(`${baseline.year}（${labels.labelBaseline}）`);
      values.push({
        value: baseline.value, itemStyle: { color: baselineColours.fill },
        tip: tip(`${baseline.year} ${labels.labelBaseline}`, { ...baseline, target: null }, "chart-baseline",
          labels.labelBaseline),
      });
      targets.push(null);
      expected.push(null);
    }
    let previousText = null;
    data.points.forEach((point) => {
      categories.push(String(point.year));
      values.push({
        value: point.value, itemStyle: itemStyle(`status-${point.status}`),
        tip: tip(`${data.region.name} ${point.year}`, point, `status-${point.status}`, point.status_label),
      });
      const target = point.target;
      // Label the target where a plan prints it for that year, and wherever it changes (江海区 2023/2024).
      const labelled = target && (target.printed_for_year || target.text !== previousText);
      targets.push(target && target.value !== null ? {
        value: target.value,
        label: { show: Boolean(labelled), position: "top", formatter: target.text, color: targetColours.fill },
        tip: `<div class="chart-tip"><div class="chart-tip-title">${esc(String(point.year))} ` +
          `${esc(labels.labelTarget)}：${esc(target.text)}</div><div class="chart-tip-why">` +
          `${esc(labels.labelSource)}：${esc(target.source)}</div></div>`,
      } : null);
      previousText = target ? target.text : null;
      expected.push(point.expected === null ? null : {
        value: point.expected, tip: tip(`${point.year} ${labels.labelExpected}`,
          { ...point, value: point.expected, display: point.expected_display }, `status-${point.status}`,
          point.status_label),
      });
    });
    const lineColour = baselineColours.fill;
    const series = [
      {
        name: labels.labelValue, type: "line", data: values, color: lineColour, symbol: "circle", symbolSize: 13,
        lineStyle: { color: lineColour, width: 2 }, z: 3,
      },
      {
        name: labels.labelTarget, type: "line", step: "middle", data: targets, color: targetColours.fill,
        symbol: "diamond", symbolSize: 9, lineStyle: { type: "dashed", color: targetColours.fill },
      },
    ];
    if (expected.some((item) => item !== null)) {
      series.push({
        name: labels.labelExpected, type: "line", data: expected, color: targetColours.fill, symbol: "emptyCircle",
        symbolSize: 7, lineStyle: { type: "dotted", color: targetColours.fill },
      });
    }
    chart.setOption({
      animation: false,
      legend: { top: 0 },
      grid: { top: 48, left: 16, right: 24, bottom: 8 },
      tooltip: tooltip(),
      xAxis: { type: "category", data: categories, boundaryGap: true },
      yAxis: valueAxis(),
      series,
    });
    return chart;
  }

  function drawRanking(element) {
    const children = data.ranking.children;
    // One bar per child: 21 cities need more room than 4 districts.
    element.style.height = `${Math.max(240, children.length * 30 + 72)}px`;
    const chart = window.echarts.init(element);
    const targetValues = new Set(children.filter((child) => child.target && child.target.value !== null)
      .map((child) => child.target.value));
    const shared = targetValues.size === 1 ? children.find((child) => child.target && child.target.value !== null).target : null;
    const targetColours = colours("chart-target");
    chart.setOption({
      animation: false,
      grid: { top: 32, left: 16, right: 56, bottom: 8 },
      tooltip: tooltip(),
      xAxis: valueAxis(),
      yAxis: { type: "category", inverse: true, data: children.map((child) => child.name) },
      series: [{
        name: labels.labelChildrenValue, type: "bar", barMaxWidth: 22,
        data: children.map((child) => ({
          value: child.value, itemStyle: itemStyle(`status-${child.status}`), code: child.code,
          label: { show: child.value !== null, position: "right", formatter: child.display },
          tip: tip(child.name, child, `status-${child.status}`, child.status_label),
        })),
        markLine: shared ? {
          symbol: "none", silent: true,
          lineStyle: { type: "dashed", color: targetColours.fill },
          label: { formatter: `${labels.labelTarget} ${shared.text}`, color: targetColours.fill },
          data: [{ xAxis: shared.value }],
        } : undefined,
      }],
    });
    const childUrl = labels.childUrl;
    if (childUrl) {
      chart.on("click", (params) => {
        if (params.data && params.data.code) {
          window.location.href = childUrl.replace("__region__", encodeURIComponent(params.data.code));
        }
      });
    }
    return chart;
  }

  const charts = [drawTrend(document.getElementById("trend-chart"))];
  const rankingElement = document.getElementById("ranking-chart");
  if (data.ranking.children.some((child) => child.value !== null)) {
    charts.push(drawRanking(rankingElement));
  } else if (data.ranking.children.length) {
    // Nothing to rank (e.g. streets under a county that reports itself): say so instead of empty axes.
    const note = document.createElement("p");
    note.className = "text-muted";
    note.textContent = labels.labelNoRanking;
    rankingElement.replaceWith(note);
  } else {
    rankingElement.closest(".col-lg-6").hidden = true;
  }
  window.addEventListener("resize", () => charts.forEach((chart) => chart.resize()));
}());
