"""Paths to items: files by kind, directories walked, gzip opened, standard input."""

from __future__ import annotations

import gzip
import os
import stat
import sys
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO, Literal

from attribution.inputs.html import html_document
from attribution.inputs.items import InputError, InputFormat, InputItem
from attribution.inputs.text import read_jsonl, text_document
from attribution.inputs.warc import read_warc

Kind = Literal["text", "jsonl", "html", "warc"]

#: File name endings and the kind of input they are; each may also end in ``.gz``.
SUFFIX_KINDS: dict[str, Kind] = {
    ".txt": "text",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".html": "html",
    ".htm": "html",
    ".warc": "warc",
}
GZIP_SUFFIX = ".gz"
#: Kinds whose files are read as a stream of items, so their number is not known beforehand.
STREAMED_KINDS: tuple[Kind, ...] = ("jsonl", "warc")
#: The leading bytes of standard input that make it an HTML page (``--input-format auto``).
HTML_STARTS = (b"<!doctype html", b"<html")


def iter_inputs(paths: Iterable[str], input_format: InputFormat = "auto") -> Iterator[InputItem]:
    """Items from files, directories (recursive) or ``-`` (stdin); see ``attribution.inputs``."""
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
    """How many documents ``iter_inputs`` will read, or None when that is unknowable (stdin, JSONL, WARC)."""
    total = 0
    for path in paths:
        if path == "-":
            return None
        p = Path(path)
        for file in _directory_files(p) if p.is_dir() else [p]:
            if suffix_kind(file.name) in STREAMED_KINDS:
                return None
            total += 1
    return total


def suffix_kind(name: str) -> Kind | None:
    """The kind of input a file name says it is (``x.html.gz`` is HTML), or None."""
    name = name.lower().removesuffix(GZIP_SUFFIX)
    return next((kind for suffix, kind in SUFFIX_KINDS.items() if name.endswith(suffix)), None)


def _file_kind(path: Path, input_format: InputFormat) -> Kind | None:
    """How a file named on the command line is read; None for a ``.gz`` whose inner name tells nothing."""
    if input_format != "auto":
        return input_format
    kind = suffix_kind(path.name)
    if kind is None and not path.name.lower().endswith(GZIP_SUFFIX):
        return "text"  # a file named explicitly is one article, whatever its name
    return kind


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
    """Files below ``directory`` whose name tells their kind, in a stable (sorted) order."""
    for root, dirs, files in os.walk(directory, onerror=onerror):
        dirs.sort()
        for name in sorted(files):
            if suffix_kind(name):
                yield Path(root, name)


def _read_file(path: Path, input_format: InputFormat) -> Iterator[InputItem]:
    kind = _file_kind(path, input_format)
    if kind is None:
        yield InputError(path.name, _unknown_gzip_message(path))
        return
    try:
        with _open(path, kind) as stream:
            if kind in STREAMED_KINDS:
                read = read_warc if kind == "warc" else read_jsonl
                yield from read(stream, path.name, str(path))
                return
            data = stream.read()
    except (OSError, EOFError, zlib.error) as exc:
        # gzip's errors (BadGzipFile, a cut-off member) have no strerror
        yield InputError(path.name, f"{path}: cannot read ({getattr(exc, 'strerror', None) or exc})")
        return
    yield _document(kind, data, path.name, str(path))


def _open(path: Path, kind: Kind) -> BinaryIO:
    """``path`` opened for reading bytes; ``.gz`` decompressed (warcio decompresses WARC itself)."""
    if kind != "warc" and path.name.lower().endswith(GZIP_SUFFIX):
        return gzip.open(path, "rb")
    return path.open("rb")


def _unknown_gzip_message(path: Path) -> str:
    endings = ", ".join(f"x{suffix}{GZIP_SUFFIX}" for suffix in SUFFIX_KINDS)
    return (
        f"{path}: gzip-compressed, but the name does not say what is inside; "
        f"name it {endings}, or give --input-format"
    )


def _read_stream(stream: BinaryIO, name: str, input_format: InputFormat) -> Iterator[InputItem]:
    if input_format == "jsonl":
        yield from read_jsonl(stream, name, name)
        return
    data = stream.read()
    if input_format == "auto" and data.lstrip()[:1] == b"{":
        yield from read_jsonl(iter(data.splitlines(keepends=True)), name, name)
        return
    if input_format == "auto" and data.lstrip()[:14].lower().startswith(HTML_STARTS):
        input_format = "html"
    yield _document("html" if input_format == "html" else "text", data, name, name)


def _document(kind: Kind, data: bytes, name: str, source: str) -> InputItem:
    if kind == "html":
        return html_document(data, name, source)
    return text_document(data, name, source)
