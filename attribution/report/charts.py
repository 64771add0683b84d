"""Bar charts as SVG text, drawn with matplotlib (no pyplot, no display needed)."""

from __future__ import annotations

import io
import re

from matplotlib import rc_context
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

COLOR = "#3b6ea5"
WIDTH = 7.5  # inches
#: Characters of a bar label shown in a chart (the table has it whole).
LABEL_WIDTH = 42
#: At most this many month labels under a time chart.
MONTH_TICKS = 24
_METADATA = re.compile(r"<metadata>.*?</metadata>\s*", re.DOTALL)


def shortened(label: str, width: int = LABEL_WIDTH) -> str:
    """``label`` cut to ``width`` characters, ending in ``…`` when cut."""
    return label if len(label) <= width else label[: width - 1] + "…"


def _svg(figure: Figure) -> str:
    """The figure as an ``<svg>`` element for inlining: no XML prolog, no metadata block."""
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None})
    text = buffer.getvalue()
    return _METADATA.sub("", text[text.index("<svg") :])


def _draw_horizontal(axes, labels: list[str], values: list[int]) -> None:
    positions = list(range(len(labels)))
    bars = axes.barh(positions, values, color=COLOR)
    axes.set_yticks(positions, labels=[shortened(label) for label in labels])
    axes.invert_yaxis()
    axes.bar_label(bars, padding=3)
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_xlabel("quotes")


def _draw_vertical(axes, labels: list[str], values: list[int]) -> None:
    positions = list(range(len(labels)))
    axes.bar(positions, values, color=COLOR)
    step = max(1, -(-len(labels) // MONTH_TICKS))
    axes.set_xticks(positions[::step], labels=labels[::step], rotation=45, ha="right")
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_ylabel("quotes")


def bar_chart(labels: list[str], values: list[int], *, horizontal: bool, salt: str) -> str:
    """A bar chart of ``values`` as SVG text: horizontal bars for rankings, vertical over time.

    Text stays text (``svg.fonttype: none``) and ``salt`` makes the SVG's
    element ids deterministic and distinct from other charts on the page.
    """
    height = 0.8 + 0.28 * len(labels) if horizontal else 3.2
    with rc_context({"svg.fonttype": "none", "svg.hashsalt": salt, "font.size": 9}):
        figure = Figure(figsize=(WIDTH, height), layout="constrained")
        axes = figure.subplots()
        (_draw_horizontal if horizontal else _draw_vertical)(axes, labels, values)
        axes.spines[["top", "right"]].set_visible(False)
        return _svg(figure)
