"""Telling binary files from articles by their leading bytes."""

from __future__ import annotations

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


def binary_kind(data: bytes) -> str | None:
    """What binary format ``data`` starts with (``"a PNG image"``), or None."""
    for signature, what in BINARY_SIGNATURES:
        if data.startswith(signature):
            return what
    return None
