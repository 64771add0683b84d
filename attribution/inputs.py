"""Reading articles: text files, directories, JSON Lines and standard input.

``iter_inputs`` turns command-line paths into a stream of ``Document`` or
``InputError`` items. It never raises for a bad input: an unreadable,
binary, empty or malformed one becomes an ``InputError`` with a message a
person understands, and the stream goes on.
"""

from __future__ import annotations

import json
import os
import stat
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Literal

from attribution.model import Document

InputFormat = Literal["auto", "text", "jsonl"]

#: File name endings read when a directory is walked (other files are ignored).
TEXT_SUFFIXES = (".txt",)
JSONL_SUFFIXES = (".jsonl", ".ndjson")

#: Leading bytes of common binary formats, for a precise error message.
BINARY_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"%PDF", "a PDF document"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"PK\x03\x04", "a ZIP archive (or a DOCX/XLSX file)"),
    (b"BZh", "bzip2-compressed data"),
    (b"\xfd7zXZ\x00", "xz-compressed data"),
    (b"\x7fELF", "an executable"),
    (b"SQLite format 3\x00", "an SQLite database"),
)


@dataclass(frozen=True, slots=True)
class InputError:
    """An input that could not be read as a document, and why."""

    name: str
    message: str


InputItem = Document | InputError


def iter_inputs(paths: Iterable[str], input_format: InputFormat = "auto") -> Iterator[InputItem]:
    """Documents (or errors) from files, directories (recursive), JSON Lines or ``-`` (stdin)."""
    for path in paths:
        if path == "-":
            yield from _read_stream(sys.stdin.buffer, "stdin", input_format)
            continue
        p = Path(path)
        if p.is_dir():
            yield from _walk_directory(p, input_format)
        elif p.exists():
            yield from _read_file(p, input_format)
        else:
            yield InputError(path, f"{path}: no such file or directory")


def count_input_files(paths: Iterable[str]) -> int | None:
    """How many files ``iter_inputs`` will read, or None when that is unknowable (stdin, JSONL)."""
    total = 0
    for path in paths:
        p = Path(path)
        if path == "-" or p.suffix.lower() in JSONL_SUFFIXES:
            return None
        if p.is_dir():
            for file in _directory_files(p):
                if file.suffix.lower() in JSONL_SUFFIXES:
                    return None
                total += 1
        else:
            total += 1
    return total


def decode_text(data: bytes, name: str) -> str:
    """Decode article bytes to text, or raise ``ValueError`` saying why not.

    UTF-8 (a leading BOM is dropped) and UTF-16 with a BOM are accepted;
    binary data, invalid UTF-8 and empty or whitespace-only texts are not.
    Line endings and every other character are kept as they are.
    """
    for signature, what in BINARY_SIGNATURES:
        if data.startswith(signature):
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


def _walk_directory(directory: Path, input_format: InputFormat) -> Iterator[InputItem]:
    def report(exc: OSError) -> None:
        errors.append(InputError(str(exc.filename or directory), f"{exc.filename}: {exc.strerror}"))

    errors: list[InputError] = []
    for file in _directory_files(directory, onerror=report):
        yield from errors
        errors.clear()
        special = _special_file_kind(file)
        if special:
            # Opening a named pipe or a device would block or never end.
            yield InputError(file.name, f"{file}: not a regular file ({special}), not read")
            continue
        yield from _read_file(file, input_format)
    yield from errors


def _special_file_kind(path: Path) -> str | None:
    """What ``path`` is when it is not a regular file (a named pipe, a device ...), else None.

    A path that cannot be examined is left to ``_read_file`` to report.
    """
    try:
        mode = path.stat().st_mode
    except OSError:
        return None
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "a special file"


def _directory_files(directory: Path, onerror=None) -> Iterator[Path]:
    """Article files below ``directory`` in a stable (sorted) order."""
    for root, dirs, files in os.walk(directory, onerror=onerror):
        dirs.sort()
        for name in sorted(files):
            if name.lower().endswith(TEXT_SUFFIXES + JSONL_SUFFIXES):
                yield Path(root, name)


def _read_file(path: Path, input_format: InputFormat) -> Iterator[InputItem]:
    try:
        with path.open("rb") as stream:
            if _is_jsonl(path.name, input_format):
                yield from _read_jsonl(stream, path.name, str(path))
                return
            data = stream.read()
    except OSError as exc:
        yield InputError(path.name, f"{path}: cannot read ({exc.strerror})")
        return
    yield _text_document(data, path.name, str(path))


def _read_stream(stream: BinaryIO, name: str, input_format: InputFormat) -> Iterator[InputItem]:
    if input_format == "jsonl":
        yield from _read_jsonl(stream, name, name)
        return
    data = stream.read()
    if input_format == "auto" and data.lstrip()[:1] == b"{":
        yield from _read_jsonl(iter(data.splitlines(keepends=True)), name, name)
        return
    yield _text_document(data, name, name)


def _is_jsonl(name: str, input_format: InputFormat) -> bool:
    if input_format == "auto":
        return name.lower().endswith(JSONL_SUFFIXES)
    return input_format == "jsonl"


def _text_document(data: bytes, name: str, source: str) -> InputItem:
    try:
        return Document(name=name, text=decode_text(data, name), source=source)
    except ValueError as exc:
        return InputError(name, str(exc))


def _read_jsonl(lines: Iterable[bytes], name: str, source: str) -> Iterator[InputItem]:
    """One document per JSON Lines record: ``text`` and optional ``id``, ``title``, ``url``, ``date``."""
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
            yield InputError(where, f"{where}: a JSON object with a \"text\" field was expected")
            continue
        text = record.get("text")
        if not isinstance(text, str):
            problem = "no \"text\" field" if text is None else "\"text\" is not a string"
            yield InputError(str(record.get("id") or where), f"{where}: {problem}")
            continue
        if not text.strip():
            yield InputError(str(record.get("id") or where), f"{where}: empty document (no text)")
            continue
        external_id = record.get("id")
        yield Document(
            name=str(external_id) if external_id is not None else where,
            text=text,
            source=source,
            external_id=str(external_id) if external_id is not None else None,
            title=_optional_str(record.get("title")),
            url=_optional_str(record.get("url")),
            published=_optional_str(record.get("date")),
        )


def _optional_str(value: object) -> str | None:
    return None if value is None else str(value)
