"""Plain-text articles and JSON Lines records (``text`` or ``html``) as documents."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

from attribution.inputs.binary import binary_kind
from attribution.inputs.html import html_document
from attribution.inputs.items import InputError, InputItem
from attribution.model import Document

def decode_text(data: bytes, name: str) -> str:
    """Decode article bytes to text, or raise ``ValueError`` saying why not.

    UTF-8 (a leading BOM is dropped) and UTF-16 with a BOM are accepted;
    binary data, invalid UTF-8 and empty or whitespace-only texts are not.
    Line endings and every other character are kept as they are.
    """
    what = binary_kind(data)
    if what:
        raise ValueError(f"{name}: binary file ({what}), not a text article")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise ValueError(f"{name}: invalid UTF-16 at byte {exc.start}") from None
    else:
        if b"\x00" in data[:8192]:
            raise ValueError(f"{name}: binary file (contains NUL bytes), not a text article")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ValueError(
                f"{name}: not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
                "convert the file to UTF-8"
            ) from None
    if not text.strip():
        raise ValueError(f"{name}: empty document (no text)")
    return text


def text_document(data: bytes, name: str, source: str) -> InputItem:
    """One plain-text article, or the error saying why ``data`` is none."""
    try:
        return Document(name=name, text=decode_text(data, name), source=source)
    except ValueError as exc:
        return InputError(name, str(exc))


def read_jsonl(lines: Iterable[bytes], name: str, source: str) -> Iterator[InputItem]:
    """One document per JSON Lines record (see ``record_document``); bad lines are errors."""
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        where = f"{name}:{number}"
        try:
            record = json.loads(raw.decode("utf-8-sig").strip())
        except UnicodeDecodeError as exc:
            yield InputError(where, f"{where}: not valid UTF-8 (offset {exc.start} of the line)")
            continue
        except json.JSONDecodeError as exc:
            reason = exc.msg.removesuffix(" at")  # "Unterminated string starting at"
            yield InputError(where, f"{where}: malformed JSON ({reason} at column {exc.colno})")
            continue
        if not isinstance(record, dict):
            yield InputError(where, f"{where}: a JSON object with a \"text\" or \"html\" field was expected")
            continue
        yield record_document(record, where, source)


def record_document(record: dict, where: str, source: str) -> InputItem:
    """The document of one JSON Lines record, or the error saying why it has none.

    The article is ``text`` or, without it, the page in ``html`` (its main
    text and metadata read as for an HTML file). Optional ``id``, ``title``,
    ``url`` and ``date`` are kept, and win over what the page says.
    """
    external_id = _optional_str(record.get("id"))
    name = external_id if external_id is not None else where
    given = {
        "external_id": external_id,
        "title": _optional_str(record.get("title")),
        "url": _optional_str(record.get("url")),
        "published": _optional_str(record.get("date")),
    }
    text, html = record.get("text"), record.get("html")
    if text is None and isinstance(html, str):
        return html_document(html, name, source, **given)
    if not isinstance(text, str):
        problem = _missing_text(text, html)
        return InputError(str(record.get("id") or where), f"{where}: {problem}")
    if not text.strip():
        return InputError(str(record.get("id") or where), f"{where}: empty document (no text)")
    return Document(name=name, text=text, source=source, **given)


def _missing_text(text: object, html: object) -> str:
    if text is not None:
        return "\"text\" is not a string"
    if html is not None:
        return "\"html\" is not a string"
    return "no \"text\" or \"html\" field"


def _optional_str(value: object) -> str | None:
    return None if value is None else str(value)
