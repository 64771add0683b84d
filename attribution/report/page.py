"""The HTML page of ``attribution report``: each chart inline as SVG, followed by its table.

The page has no scripts and refers to nothing outside itself, so it opens
offline and prints as it shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from attribution.report.charts import bar_chart
from attribution.store import REPORT_TABLES


@dataclass(frozen=True)
class Chart:
    """One chart of the report: which table it draws, its title, its label column."""

    key: str
    title: str
    label: str
    horizontal: bool = True


CHARTS: tuple[Chart, ...] = (
    Chart("people", "Most quoted people", "person"),
    Chart("organizations", "Most quoted organisations", "organisation"),
    Chart("outlets", "Quotes per outlet", "outlet"),
    Chart("affiliations", "Quotes per affiliation", "affiliation"),
    Chart("months", "Quotes over time, by month of the document date", "month", False),
    Chart("types", "Direct, indirect and mixed quotes", "type"),
    Chart("kinds", "Person and organisation speakers", "speaker kind"),
)
assert tuple(chart.key for chart in CHARTS) == REPORT_TABLES
NO_SPEAKER = "(no speaker found)"

_ENVIRONMENT = Environment(
    loader=PackageLoader("attribution.report"), autoescape=select_autoescape(), trim_blocks=True
)


def _section(chart: Chart, rows: list[dict[str, Any]]) -> dict[str, Any]:
    labels = [NO_SPEAKER if row["label"] is None else row["label"] for row in rows]
    values = [row["quotes"] for row in rows]
    svg = None
    if rows:
        svg = Markup(bar_chart(labels, values, horizontal=chart.horizontal, salt=chart.key))
    with_documents = bool(rows) and "documents" in rows[0]
    return {
        "chart": chart,
        "svg": svg,
        "columns": [chart.label, "quotes", *(["documents"] if with_documents else [])],
        "rows": [  # months without quotes are bars of height 0, not table rows
            [label, row["quotes"], *([row["documents"]] if with_documents else [])]
            for label, row in zip(labels, rows, strict=True)
            if row["quotes"]
        ],
    }


def render_report(tables: dict[str, Any], *, database: str, filters: dict[str, str]) -> str:
    """The report page of ``tables`` (``store.report_tables``) as one HTML string.

    ``database`` and ``filters`` (name → value, only those given) are shown in its header.
    """
    return _ENVIRONMENT.get_template("report.html").render(
        sections=[_section(chart, tables[chart.key]) for chart in CHARTS],
        total=tables["total"],
        undated=tables["undated"],
        database=database,
        filters=filters,
    )
