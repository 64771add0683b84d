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
    #: Rows with no quotes stay in the table (``unknown`` gender must always show).
    all_rows: bool = False


CHARTS: tuple[Chart, ...] = (
    Chart("people", "Most quoted people", "person"),
    Chart("organizations", "Most quoted organisations", "organisation"),
    Chart("outlets", "Quotes per outlet", "outlet"),
    Chart("affiliations", "Quotes per affiliation", "affiliation"),
    Chart("months", "Quotes over time, by month of the document date", "month", False),
    Chart("types", "Direct, indirect and mixed quotes", "type"),
    Chart("kinds", "Person and organisation speakers", "speaker kind"),
    Chart("genders", "Quoted people by the gender their articles give them", "gender", all_rows=True),
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
    extra = [key for key in rows[0] if key not in ("label", "quotes")] if rows else []
    return {
        "chart": chart,
        "svg": svg,
        "columns": [chart.label, "quotes", *extra],
        "rows": [  # months without quotes are bars of height 0, not table rows
            [label, row["quotes"], *(row[key] for key in extra)]
            for label, row in zip(labels, rows, strict=True)
            if row["quotes"] or chart.all_rows
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
