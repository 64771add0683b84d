"""The counts ``attribution report`` charts: quotes per person, organisation, outlet,
affiliation, month, type, speaker kind and the gender the articles give quoted people."""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

from sqlalchemy import Engine, func, select

from attribution.store.queries import speaker_condition
from attribution.store.schema import Document, Organization, Quote, Speaker


#: The tables of ``report_tables``, in the order the report shows them.
REPORT_TABLES: tuple[str, ...] = (
    "people",
    "organizations",
    "outlets",
    "affiliations",
    "months",
    "types",
    "kinds",
    "genders",
)
#: The rows of the ``genders`` table, every one always present (``unknown``: no evidence or a conflict).
GENDER_ROWS: tuple[str, ...] = ("female", "male", "unknown")
_MONTH = re.compile(r"\d{4}-\d{2}")


def _report_counts(connection, label, conditions, *, group_by=(), top=None, documents=False):
    """Quote counts per ``label`` (most first) over the quotes matching ``conditions``."""
    quotes = func.count(Quote.id).label("quotes")
    columns = [label.label("label"), quotes]
    if documents:
        columns.append(func.count(Quote.document_id.distinct()).label("documents"))
    query = (
        select(*columns)
        .select_from(Quote)
        .join(Document, Document.id == Quote.document_id)
        .outerjoin(Speaker, Speaker.id == Quote.speaker_id)
        .outerjoin(Organization, Organization.id == Quote.affiliation_id)
        .where(*conditions)
        .group_by(*(group_by or (label,)))
        .order_by(quotes.desc(), label)
        .limit(top)
    )
    return [dict(row) for row in connection.execute(query).mappings()]


def _months(connection, conditions) -> tuple[list[dict[str, Any]], int]:
    """Quotes per month of the document date (every month from first to last), and undated quotes.

    A date counts when it starts ``YYYY-MM`` (ISO 8601); others count as undated.
    """
    counts: dict[str, int] = defaultdict(int)
    undated = 0
    month = func.substr(Document.published, 1, 7)
    for row in _report_counts(connection, month, conditions):
        if row["label"] is not None and _MONTH.fullmatch(row["label"]):
            counts[row["label"]] += row["quotes"]
        else:
            undated += row["quotes"]
    if not counts:
        return [], undated
    first, last = min(counts), max(counts)
    year, number = int(first[:4]), int(first[5:])
    rows = []
    while (label := f"{year:04d}-{number:02d}") <= last:
        rows.append({"label": label, "quotes": counts.get(label, 0)})
        year, number = (year + 1, 1) if number == 12 else (year, number + 1)
    return rows, undated


def _genders(connection, conditions) -> list[dict[str, Any]]:
    """Quotes and quoted people per gender (``speakers.gender``), person speakers only;
    ``unknown`` counts those the articles give no gender (or conflicting ones)."""
    gender = func.coalesce(Speaker.gender, "unknown")
    query = (
        select(gender.label("label"), func.count(Quote.id).label("quotes"),
               func.count(Quote.speaker_id.distinct()).label("people"))
        .select_from(Quote)
        .join(Document, Document.id == Quote.document_id)
        .join(Speaker, Speaker.id == Quote.speaker_id)
        .outerjoin(Organization, Organization.id == Quote.affiliation_id)
        .where(*conditions, Speaker.kind == "person")
        .group_by(gender)
    )
    found = {row["label"]: dict(row) for row in connection.execute(query).mappings()}
    return [found.get(label, {"label": label, "quotes": 0, "people": 0}) for label in GENDER_ROWS]


def report_tables(
    engine: Engine, *, speaker: str | None = None, since: str | None = None, top: int = 15
) -> dict[str, Any]:
    """The counts ``attribution report`` charts, over the quotes matching the filters.

    ``speaker`` matches any recorded name (as in ``find_quotes``); ``since``
    (``YYYY-MM-DD``) keeps the documents dated (ISO 8601) on or after it.
    Returns the ``REPORT_TABLES`` (rows of ``label`` and ``quotes``, people
    and organisations also ``documents``; at most ``top`` rows for people,
    organisations, outlets, affiliations), ``total`` and ``undated`` (quotes
    in documents without a usable date).
    """
    conditions = []
    if speaker is not None:
        conditions.append(speaker_condition(speaker))
    if since is not None:
        conditions += [Document.published >= since, func.substr(Document.published, 5, 1) == "-"]
    with engine.connect() as connection:
        tables: dict[str, Any] = {}
        for name, kind in (("people", "person"), ("organizations", "organization")):
            tables[name] = _report_counts(
                connection,
                Speaker.canonical_name,
                [*conditions, Speaker.kind == kind],
                group_by=(Speaker.id, Speaker.canonical_name),
                top=top,
                documents=True,
            )
        for name, label in (("outlets", Quote.outlet), ("affiliations", Organization.name)):
            tables[name] = _report_counts(
                connection, label, [*conditions, label.is_not(None)], top=top
            )
        tables["months"], tables["undated"] = _months(connection, conditions)
        tables["types"] = _report_counts(connection, Quote.type, conditions)
        tables["kinds"] = _report_counts(connection, Speaker.kind, conditions)
        tables["genders"] = _genders(connection, conditions)
    tables["total"] = sum(row["quotes"] for row in tables["types"])
    return tables
