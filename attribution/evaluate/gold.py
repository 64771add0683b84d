"""Gold files: ``NAME.gold.json`` beside ``NAME.txt`` (``GUIDELINES.md``, "Gold format")."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from attribution.model import QUOTE_TYPES

GOLD_SUFFIX = ".gold.json"


class GoldError(ValueError):
    """A gold directory or file cannot be used."""


@dataclass(frozen=True, slots=True)
class GoldQuote:
    """One gold record; ``speaker_scored=False`` means its speaker is not checked."""

    type: str
    text: str
    start: int
    end: int
    speaker: str | None = None
    speaker_scored: bool = True
    speaker_kind: str | None = None
    speaker_mention: str | None = None
    role: str | None = None
    affiliation: str | None = None
    outlet: str | None = None
    cue: str | None = None


@dataclass(frozen=True, slots=True)
class GoldDocument:
    """A document's text (``None`` when the ``.txt`` is absent) and its gold quotes."""

    name: str
    text: str | None
    quotes: tuple[GoldQuote, ...]


def read_text(path: Path) -> str:
    """A document's text exactly as stored (UTF-8, newlines untranslated)."""
    with open(path, encoding="utf-8", newline="") as handle:
        return handle.read()


def load_gold_file(path: str | Path) -> GoldDocument:
    """One ``NAME.gold.json`` with the text of its ``NAME.txt`` when present."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        name = data.get("document") or path.name[: -len(GOLD_SUFFIX)] + ".txt"
        quotes = tuple(_gold_quote(record) for record in data["quotes"])
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise GoldError(f"{path}: not a usable gold file ({error})") from error
    text_path = path.with_name(name)
    text = read_text(text_path) if text_path.is_file() else None
    return GoldDocument(name=name, text=text, quotes=quotes)


def _gold_quote(record: Mapping[str, Any]) -> GoldQuote:
    if record["type"] not in QUOTE_TYPES:
        raise ValueError(f"unknown quote type {record['type']!r}")
    known = {f.name for f in fields(GoldQuote)}
    values = {key: value for key, value in record.items() if key in known}
    values["speaker_scored"] = record.get("speaker_scored") is not False
    return GoldQuote(**values)


def load_gold_dir(path: str | Path) -> dict[str, GoldDocument]:
    """All ``*.gold.json`` of a directory, keyed by document file name (``x.txt``)."""
    directory = Path(path)
    if not directory.is_dir():
        raise GoldError(f"{directory}: not a directory")
    gold = {}
    for gold_path in sorted(directory.glob(f"*{GOLD_SUFFIX}")):
        document = load_gold_file(gold_path)
        gold[document.name] = document
    if not gold:
        raise GoldError(f"{directory}: no *{GOLD_SUFFIX} gold files found")
    return gold


def read_dir_texts(path: str | Path) -> dict[str, str]:
    """The texts of ``path/*.txt`` keyed by file name, in name order."""
    return {p.name: read_text(p) for p in sorted(Path(path).glob("*.txt"))}
