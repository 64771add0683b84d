"""Predicted quotes to score: the extractor's on a directory, or export rows from JSON Lines."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import fields
from pathlib import Path
from typing import Any

from attribution.evaluate.gold import read_dir_texts
from attribution.model import QUOTE_TYPES, Quote


def extract_dir(path: str | Path, model: str | None = None) -> dict[str, list[Quote]]:
    """The extractor's quotes of each ``path/*.txt``, keyed by file name.

    The texts go the one way a job sends them (``pipeline.extract_batch``); a
    text whose extraction fails raises its error.
    """
    from attribution.pipeline import extract_batch, load_pipeline

    texts = read_dir_texts(path)
    outcomes = extract_batch(load_pipeline(model), list(texts.values()))
    for outcome in outcomes:
        if isinstance(outcome, Exception):
            raise outcome
    return dict(zip(texts, outcomes, strict=True))


def load_predictions_jsonl(path: str | Path) -> dict[str, list[Quote]]:
    """Quotes from a JSON Lines file of export rows (key ``document`` names the file)."""
    rows = []
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if line.strip():
                try:
                    rows.append(json.loads(line))
                except ValueError as error:
                    raise ValueError(f"{path}:{number}: not JSON ({error})") from error
    return group_rows(rows)


def group_rows(rows: Iterable[Mapping[str, Any]]) -> dict[str, list[Quote]]:
    """Export rows (dicts with a ``document`` key) as quotes grouped by document."""
    grouped: dict[str, list[Quote]] = {}
    for row in rows:
        grouped.setdefault(str(row["document"]), []).append(as_quote(row))
    return grouped


def as_quote(value: Quote | Mapping[str, Any], text: str | None = None) -> Quote:
    """A ``Quote`` from a quote or a dict with ``Quote`` keys (other keys ignored).

    A dict without ``text`` takes it from the document ``text`` when given.
    Raises ``ValueError`` for a type other than direct, indirect or mixed.
    """
    quote_type = value.type if isinstance(value, Quote) else value.get("type")
    if quote_type not in QUOTE_TYPES:
        raise ValueError(f"unknown quote type {quote_type!r}")
    if isinstance(value, Quote):
        return value
    known = {f.name for f in fields(Quote)}
    values = {key: item for key, item in value.items() if key in known}
    values["start"], values["end"] = int(values["start"]), int(values["end"])
    if "text" not in values:
        values["text"] = text[values["start"] : values["end"]] if text is not None else ""
    if values.get("confidence") is None:
        values.pop("confidence", None)
    return Quote(**values)
