"""HTML pages, web archives and gzip-compressed inputs.

The fixture pages (``fixtures/html``) wrap their articles in real
boilerplate: a menu, a cookie banner, share buttons, related articles, a
footer and, on ``harbour.html``, a comment section quoting someone. The web
archives are written here with warcio: three article pages, an image, a
redirect and a request, and a last record cut off.
"""

from __future__ import annotations

import gzip
import io
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from attribution.inputs import InputError, SkippedRecord, count_input_files, iter_inputs
from attribution.jobs import run_job
from attribution.model import Document
from attribution.pipeline import extract_batch
from attribution.store.db import open_database

PAGES = Path(__file__).parent / "fixtures" / "html"
HARBOUR_HTML = (PAGES / "harbour.html").read_bytes()
HARBOUR_TEXT = (PAGES / "harbour.txt").read_text(encoding="utf-8")
ATTRIBUTION = Path(sys.executable).parent / "attribution"
#: What the boilerplate of the fixture pages says; none of it is article text.
BOILERPLATE = ("cookies", "Subscribe", "Share on", "Related articles", "Tom Price", "highest bidder", "Post comment",
               "All rights reserved", "Film festival", "WhatsApp")
#: The WARC-Date of every page record; the pages without a date of their own get it.
CRAWL_DATE = "2026-03-12T08:00:00Z"
ARCHIVE_PAGES = (
    ("https://gazette.example.com/news/harbour?utm_source=feed", "harbour.html"),
    ("https://islandtimes.example.org/travel/night-ferry", "ferry.html"),
    ("https://gazette.example.com/culture/library-reopens", "library.html"),
)


def read_all(*paths) -> list:
    return list(iter_inputs([str(p) for p in paths]))


def single(path):
    (item,) = read_all(path)
    return item


def quotes_and_speakers(nlp, text: str) -> list[tuple[str, str | None]]:
    (quotes,) = extract_batch(nlp, [text])
    for quote in quotes:
        assert text[quote.start : quote.end] == quote.text
    return [(quote.text, quote.speaker) for quote in quotes]


def batch_parser(nlp):
    """A ``run_job`` parser using the session's model."""

    def parse(batches, model_name):
        for batch in batches:
            yield batch, extract_batch(nlp, [document.text for document in batch])

    return parse


# --- HTML pages -------------------------------------------------------------------------------


def test_page_text_is_the_article_in_paragraphs_without_boilerplate():
    page = single(PAGES / "harbour.html")
    assert isinstance(page, Document)
    assert page.text == HARBOUR_TEXT.rstrip("\n")
    assert page.text.count("\n\n") == 6
    assert not [words for words in BOILERPLATE if words in page.text]


def test_page_metadata_is_read():
    page = single(PAGES / "harbour.html")
    assert (page.title, page.author, page.published, page.url, page.site_name) == (
        "Harbour expansion approved after a year of debate",
        "Sarah Lindqvist",
        "2026-03-10",
        "https://gazette.example.com/news/2026/03/harbour-expansion-approved",
        "The Porthaven Gazette",
    )


def test_a_page_without_a_date_gets_none_not_its_copyright_year():
    page = single(PAGES / "ferry.html")  # "© 2026 Island Times"
    assert isinstance(page, Document) and page.published is None


def test_quotes_of_a_page_are_those_of_its_plain_text(nlp):
    from_page = quotes_and_speakers(nlp, single(PAGES / "harbour.html").text)
    from_text = quotes_and_speakers(nlp, HARBOUR_TEXT)
    assert from_page == from_text
    speakers = {speaker for _, speaker in from_page}
    assert {"Elena Marsh", "Daniel Okafor", "Priya Raman"} <= speakers
    # The quote over two paragraphs: the first, left open, has the speaker of the second.
    assert ("We have asked for an independent study of the traffic for months. Nobody has answered our letters.",
            "Daniel Okafor") in from_page
    assert ("The council has chosen the shipping companies over the people who live here,", "Daniel Okafor") in from_page
    assert not [text for text, _ in from_page if "bidder" in text]


def test_page_without_article_text_is_an_error():
    item = single(PAGES / "no-article.html")
    assert item == InputError("no-article.html", "no-article.html: no article text found")


def test_binary_file_named_html_is_an_error(tmp_path):
    (tmp_path / "photo.html").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 40)
    assert single(tmp_path / "photo.html").message == "photo.html: binary file (a PNG image), not an HTML page"


def test_jsonl_html_field_is_a_page_and_given_fields_win(tmp_path):
    page = HARBOUR_HTML.decode("utf-8")
    records = [
        {"id": "p1", "html": page, "title": "Given title", "date": "2026-03-11"},
        {"id": "p2", "html": page, "url": "https://given.example/p2"},
        {"id": "p3", "html": (PAGES / "no-article.html").read_text(encoding="utf-8")},
        {"id": "p4", "html": ["not", "a", "page"]},
    ]
    path = tmp_path / "pages.jsonl"
    path.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
    first, second, empty, wrong = read_all(path)
    assert first.text == HARBOUR_TEXT.rstrip("\n") and first.external_id == "p1"
    assert (first.title, first.published, first.author) == ("Given title", "2026-03-11", "Sarah Lindqvist")
    assert first.url == "https://gazette.example.com/news/2026/03/harbour-expansion-approved"
    assert (second.url, second.title) == ("https://given.example/p2", "Harbour expansion approved after a year of debate")
    assert empty == InputError("p3", "p3: no article text found")
    assert wrong == InputError("p4", 'pages.jsonl:4: "html" is not a string')


def test_stdin_starting_like_html_is_a_page(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"\n<!DOCTYPE html>" + HARBOUR_HTML[15:])))
    (page,) = read_all("-")
    assert page.text == HARBOUR_TEXT.rstrip("\n") and page.author == "Sarah Lindqvist"


# --- gzip ---------------------------------------------------------------------------------------


def test_gzip_files_are_read_by_their_inner_name(tmp_path):
    (tmp_path / "a.txt.gz").write_bytes(gzip.compress(HARBOUR_TEXT.encode()))
    (tmp_path / "b.html.gz").write_bytes(gzip.compress(HARBOUR_HTML))
    (tmp_path / "c.jsonl.gz").write_bytes(gzip.compress(json.dumps({"id": "c1", "text": "One article."}).encode()))
    text, page, record = read_all(tmp_path / "a.txt.gz", tmp_path / "b.html.gz", tmp_path / "c.jsonl.gz")
    assert text.text == HARBOUR_TEXT and text.name == "a.txt.gz"
    assert page.text == HARBOUR_TEXT.rstrip("\n") and page.author == "Sarah Lindqvist"
    assert (record.name, record.text) == ("c1", "One article.")


def test_gzip_whose_inner_name_says_nothing_is_an_error(tmp_path):
    path = tmp_path / "archive.gz"
    path.write_bytes(gzip.compress(HARBOUR_TEXT.encode()))
    item = single(path)
    assert isinstance(item, InputError)
    assert item.message.startswith(f"{path}: gzip-compressed, but the name does not say what is inside; name it")


@pytest.mark.parametrize(
    ("data", "reason"),
    [(b"plain text, not gzip", "Not a gzipped file"), (gzip.compress(HARBOUR_TEXT.encode())[:200], "end-of-stream")],
)
def test_broken_gzip_is_an_error(tmp_path, data, reason):
    path = tmp_path / "broken.txt.gz"
    path.write_bytes(data)
    item = single(path)
    assert isinstance(item, InputError) and item.message.startswith(f"{path}: cannot read (")
    assert reason in item.message


def test_directories_hold_pages_archives_and_gzip(tmp_path):
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "harbour.htm").write_bytes(HARBOUR_HTML)
    (tmp_path / "a.txt.gz").write_bytes(gzip.compress(b"An article."))
    (tmp_path / "notes.gz").write_bytes(gzip.compress(b"not read"))
    (tmp_path / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    assert [item.name for item in read_all(tmp_path)] == ["a.txt.gz", "harbour.htm"]
    assert count_input_files([str(tmp_path)]) == 2
    write_archive(tmp_path / "crawl.warc.gz")
    assert count_input_files([str(tmp_path)]) is None  # records, like JSON Lines lines, are not counted ahead


# --- web archives -----------------------------------------------------------------------------


def _response(writer: WARCWriter, url: str, status: str, headers: list[tuple[str, str]], body: bytes):
    http = StatusAndHeaders(status, headers, protocol="HTTP/1.1")
    return writer.create_warc_record(
        url, "response", payload=io.BytesIO(body), http_headers=http, warc_headers_dict={"WARC-Date": CRAWL_DATE}
    )


def write_archive(path: Path) -> int:
    """Write the test archive to ``path``; returns the byte offset of its cut-off last record."""
    compress = path.name.endswith(".gz")
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=compress)
    html = [("Content-Type", "text/html; charset=utf-8")]
    writer.write_record(writer.create_warcinfo_record(path.name, {"software": "test"}))
    for url, page in ARCHIVE_PAGES:
        request = StatusAndHeaders("GET / HTTP/1.1", [("Host", "example.com")], is_http_request=True)
        writer.write_record(writer.create_warc_record(url, "request", payload=io.BytesIO(b""), http_headers=request))
        writer.write_record(_response(writer, url, "200 OK", html, (PAGES / page).read_bytes()))
        if page == "harbour.html":
            writer.write_record(_response(writer, url + "/photo.png", "200 OK", [("Content-Type", "image/png")],
                                          b"\x89PNG\r\n\x1a\n" + b"\x00" * 64))
            writer.write_record(_response(writer, url.replace("https", "http"), "301 Moved Permanently",
                                          [*html, ("Location", url)], b"<html>Moved</html>"))
    cut = out.tell()
    writer.write_record(_response(writer, "https://gazette.example.com/cut", "200 OK", html, HARBOUR_HTML))
    path.write_bytes(out.getvalue()[: cut + (out.tell() - cut) // 2])
    return cut


@pytest.mark.parametrize("name", ["crawl.warc.gz", "crawl.warc"])
def test_archive_pages_are_documents_other_records_skipped_the_cut_one_an_error(tmp_path, name):
    cut = write_archive(tmp_path / name)
    items = read_all(tmp_path / name)
    documents = [item for item in items if isinstance(item, Document)]
    skipped = [item.reason for item in items if isinstance(item, SkippedRecord)]
    errors = [item for item in items if isinstance(item, InputError)]
    assert [d.title for d in documents] == [
        "Harbour expansion approved after a year of debate",
        "Night ferry to return this summer",
        "Old library reopens as a reading room",
    ]
    assert documents[0].text == HARBOUR_TEXT.rstrip("\n")
    assert (documents[0].url, documents[0].published) == (  # the page's own canonical URL and date
        "https://gazette.example.com/news/2026/03/harbour-expansion-approved", "2026-03-10")
    assert [(d.url, d.published) for d in documents[1:]] == [(url, CRAWL_DATE) for url, _ in ARCHIVE_PAGES[1:]]
    assert all(d.name.startswith(f"{name}@") and d.source == str(tmp_path / name) for d in documents)
    assert sorted(skipped) == sorted(["warcinfo record", *["request record"] * 3, "image/png", "HTTP 301"])
    assert [(e.name, e.message.split(" is truncated")[0]) for e in errors] == [
        (f"{name}@{cut}", f"{name}: record at byte {cut}")
    ]
    assert isinstance(items[-1], InputError)  # everything before the cut was read first


@pytest.mark.parametrize("name", ["crawl.warc.gz", "crawl.warc"])
def test_a_malformed_record_is_an_error_with_its_offset_and_ends_the_file(tmp_path, name):
    path = tmp_path / name
    write_archive(path)
    good = path.read_bytes()
    second = int(read_all(path)[1].name.removeprefix(f"{name}@"))
    path.write_bytes(good[:second] + b"this is no WARC record\r\n\r\n" + good[second:])
    first, error = read_all(path)
    assert isinstance(first, SkippedRecord) and first.reason == "warcinfo record"
    assert error.name == f"{name}@{second}"
    assert error.message.startswith(f"{name}: record at byte {second} is malformed (")
    assert error.message.endswith("); the rest of the file is not read") and len(error.message) < 250


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "crawl.warc.gz: no web archive records found"),
        (gzip.compress(b""), "crawl.warc.gz: no web archive records found"),
        (None, "crawl.warc.gz: record at byte 0 is truncated"),  # cut inside the first record's headers
    ],
)
def test_empty_archive_or_headers_cut_off_are_errors(tmp_path, data, message):
    path = tmp_path / "crawl.warc.gz"
    write_archive(path)
    path.write_bytes(path.read_bytes()[:100] if data is None else data)
    assert [item for item in read_all(path) if isinstance(item, InputError)][0].message == message


def test_a_job_stores_archive_pages_and_records_the_cut_record(tmp_path, nlp):
    cut = write_archive(tmp_path / "crawl.warc.gz")
    engine = open_database(tmp_path / "quotes.db")
    summary = run_job(engine, iter_inputs([str(tmp_path / "crawl.warc.gz"), str(PAGES / "no-article.html")]),
                      parser=batch_parser(nlp))
    assert (summary.stored, summary.failed, summary.records_skipped, summary.read) == (3, 2, 6, 5)
    engine.dispose()
    connection = sqlite3.connect(tmp_path / "quotes.db")
    documents = connection.execute(
        "SELECT id, text, url, published, author, site_name FROM documents ORDER BY id").fetchall()
    errors = [message for (message,) in connection.execute("SELECT message FROM document_errors ORDER BY id")]
    quotes = connection.execute('SELECT document_id, text, start, "end" FROM quotes').fetchall()
    connection.close()
    assert [row[2:] for row in documents] == [
        ("https://gazette.example.com/news/2026/03/harbour-expansion-approved", "2026-03-10", "Sarah Lindqvist",
         "The Porthaven Gazette"),
        (ARCHIVE_PAGES[1][0], CRAWL_DATE, None, "islandtimes.example.org"),  # the host, for want of a name
        (ARCHIVE_PAGES[2][0], CRAWL_DATE, None, "gazette.example.com"),
    ]
    texts = {row[0]: row[1] for row in documents}
    assert len(quotes) >= 6
    assert all(texts[document][start:end] == quote for document, quote, start, end in quotes)
    assert errors[0].startswith(f"crawl.warc.gz: record at byte {cut} is truncated")
    assert errors[1] == "no-article.html: no article text found"


@pytest.mark.slow  # the `attribution` CLI in a subprocess
def test_extract_summary_counts_the_skipped_archive_records(tmp_path):
    (tmp_path / "pages").mkdir()
    for page in ("harbour.html", "ferry.html", "no-article.html"):
        (tmp_path / "pages" / page).write_bytes((PAGES / page).read_bytes())
    cut = write_archive(tmp_path / "crawl.warc.gz")
    result = subprocess.run(
        [str(ATTRIBUTION), "extract", str(tmp_path / "pages"), str(tmp_path / "crawl.warc.gz"),
         "--db", str(tmp_path / "quotes.db")],
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 1, result.stderr  # two inputs failed
    said = " ".join(result.stderr.split())  # rich wraps the lines
    assert said.startswith("completed: 7 documents read, 3 stored, 2 skipped (already stored), 2 failed;")
    assert "; 6 web archive records skipped (not an HTML page) failed " in said
    assert f"crawl.warc.gz: record at byte {cut} is truncated" in said
    assert "no-article.html: no article text found" in said
