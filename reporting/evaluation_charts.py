"""Trend charts for the Word report, drawn on the server (matplotlib, Agg: no display, no browser).

Only what the report already holds is drawn: the region's rolled-up value per plan year and the number
of the target that applied that year (``YearFigure``) — nothing is recomputed.
"""
import io

import matplotlib
from django.utils.translation import gettext as _
from matplotlib.figure import Figure

from .evaluation import IndicatorEvaluation

# A bare Figure (never pyplot): no global figure state shared between requests, and the Agg canvas
# needs no display. Set the backend anyway, should anything else import pyplot.
matplotlib.use("Agg")

# Debian's fonts-noto-cjk (the Makefile installs it), else the WenQuanYi font Chromium's tests use:
# without a CJK font every Chinese label would be drawn as empty boxes.
CJK_FONTS = ["Noto Sans CJK SC", "Noto Sans CJK JP", "WenQuanYi Micro Hei", "DejaVu Sans"]
VALUE_COLOUR, TARGET_COLOUR = "#0d6efd", "#dc3545"


def trend_chart_png(evaluation: IndicatorEvaluation) -> bytes:
    """A PNG of the indicator's value and target per plan year."""
    years = [figure.year for figure in evaluation.figures]
    values = [None if f.value is None else float(f.value) for f in evaluation.figures]
    targets = [None if f.target_value is None else float(f.target_value) for f in evaluation.figures]
    with matplotlib.rc_context({"font.family": "sans-serif", "font.sans-serif": CJK_FONTS,
                                "axes.unicode_minus": False}):
        figure = Figure(figsize=(6.0, 2.8), dpi=150)
        axes = figure.subplots()
        axes.plot(years, [v if v is not None else float("nan") for v in values], marker="o", color=VALUE_COLOUR,
                  label=_("数值"))
        for year, value in zip(years, values, strict=True):
            if value is not None:
                axes.annotate(f"{value:g}", (year, value), textcoords="offset points", xytext=(0, 6),
                              ha="center", fontsize=8)
        if any(t is not None for t in targets):
            axes.plot(years, [t if t is not None else float("nan") for t in targets], linestyle="--",
                      drawstyle="steps-mid", color=TARGET_COLOUR, label=_("目标"))
        unit = evaluation.row.indicator.unit
        axes.set_title(f"{evaluation.row.printed_name}" + (f"（{unit}）" if unit else ""), fontsize=10)
        axes.set_xticks(years)
        axes.grid(axis="y", alpha=0.3)
        axes.legend(fontsize=8, loc="best")
        figure.tight_layout()
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png")
    return buffer.getvalue()
