"""Web archives (WARC, plain or gzip-compressed) as documents, read by warcio.

Every HTML page an archive holds (a ``response`` record with HTTP status 200
and an HTML content type) is an article, read as an HTML file is; the
record's ``WARC-Target-URI`` and ``WARC-Date`` stand in for a URL and a date
the page does not give. Every other record (a request, an image, a redirect,
metadata ...) is a ``SkippedRecord``. A truncated or malformed record is an
``InputError`` naming its byte offset in the file; warcio cannot find the
next record after a malformed one, so reading that file stops there.
"""

from __future__ import annotations

import os
import zlib
from collections.abc import Iterator
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord

from attribution.inputs.html import html_document
from attribution.inputs.items import InputError, InputItem, SkippedRecord

#: HTTP content types of the pages read as articles.
HTML_CONTENT_TYPES = ("text/html", "application/xhtml+xml")
#: At most this many characters of warcio's reason are quoted (it may quote a whole binary line).
MAX_REASON_CHARS = 120


def read_warc(stream: BinaryIO, name: str, source: str) -> Iterator[InputItem]:
    """One item per record of the web archive in the file ``stream``, named ``<name>@<offset>``."""
    records = ArchiveIterator(stream)
    end = 0  # where the last record read ends
    try:
        for record in records:
            page = record.content_stream().read() if is_html_page(record) else None
            offset = records.get_record_offset()  # reads the rest of the record
            end = offset + records.get_record_length()
            where = f"{name}@{offset}"
            if is_cut_off(record):
                yield InputError(where, f"{name}: record at byte {offset} is truncated")
            elif page is None:
                yield SkippedRecord(where, skip_reason(record))
            else:
                yield _page_document(record, page, where, source)
    except (ArchiveLoadFailed, OSError, EOFError, zlib.error, ValueError) as exc:
        start = records.offset  # where warcio began to read the record it failed on
        yield InputError(
            f"{name}@{start}",
            f"{name}: record at byte {start} is malformed ({_shortened(str(exc))}); the rest of the file is not read",
        )
        return
    size = os.fstat(stream.fileno()).st_size
    if end == 0:
        yield InputError(name, f"{name}: no web archive records found")
    elif end < size:  # warcio ends quietly at a cut-off gzip member
        yield InputError(
            f"{name}@{end}", f"{name}: record at byte {end} is truncated ({size - end} bytes, not a whole record)"
        )


def is_cut_off(record: ArcWarcRecord) -> bool:
    """Whether ``record`` ends before its ``Content-Length`` says, or its headers do (no length at all)."""
    return record.length is None or getattr(record.raw_stream, "limit", 0) > 0


def is_html_page(record: ArcWarcRecord) -> bool:
    """Whether ``record`` is a web page served with HTTP status 200 and an HTML content type."""
    if record.rec_type != "response" or record.http_headers is None:
        return False
    content_type = (record.http_headers.get_header("Content-Type") or "").split(";")[0].strip().lower()
    return record.http_headers.get_statuscode() == "200" and content_type in HTML_CONTENT_TYPES


def skip_reason(record: ArcWarcRecord) -> str:
    """What a record that is no web page is: ``"request record"``, ``"HTTP 301"``, ``"image/png"``."""
    if record.rec_type != "response" or record.http_headers is None:
        return f"{record.rec_type} record"
    status = record.http_headers.get_statuscode()
    if status != "200":
        return f"HTTP {status}"
    return record.http_headers.get_header("Content-Type") or "no content type"


def _shortened(reason: str) -> str:
    reason = reason.strip()
    return reason if len(reason) <= MAX_REASON_CHARS else reason[:MAX_REASON_CHARS] + "…"


def _page_document(record: ArcWarcRecord, page: bytes, where: str, source: str) -> InputItem:
    headers = record.rec_headers
    return html_document(
        page,
        where,
        source,
        default_url=headers.get_header("WARC-Target-URI"),
        default_date=headers.get_header("WARC-Date"),
    )
