"""Reading articles: every kind of bad input becomes an InputError, good ones stay exact."""

from __future__ import annotations

import gzip
import json
import os
import threading
from pathlib import Path

import pytest

from attribution.inputs import InputError, count_input_files, decode_text, iter_inputs
from attribution.model import Document

SEEDS = Path(__file__).parent / "fixtures" / "seeds"
ARTICLE = (SEEDS / "000_ff046a3759e742c7.txt").read_text(encoding="utf-8")
PNG_HEADER = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"


def read_all(*paths, input_format="auto"):
    return list(iter_inputs([str(p) for p in paths], input_format))


def single(path):
    (item,) = read_all(path)
    return item


def test_utf8_article_is_read_exactly(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(ARTICLE.encode("utf-8"))
    item = single(path)
    assert isinstance(item, Document)
    assert item.text == ARTICLE and item.name == "a.txt" and item.source == str(path)


def test_windows_line_endings_are_kept_so_offsets_match_the_file(tmp_path):
    path = tmp_path / "crlf.txt"
    path.write_bytes(ARTICLE.replace("\n", "\r\n").encode("utf-8"))
    assert single(path).text == ARTICLE.replace("\n", "\r\n")


def test_utf8_bom_is_dropped(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + ARTICLE.encode("utf-8"))
    assert single(path).text == ARTICLE


def test_utf16_with_bom_is_decoded(tmp_path):
    path = tmp_path / "utf16.txt"
    path.write_bytes(ARTICLE.encode("utf-16"))
    assert single(path).text == ARTICLE


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "empty document"),
        (b"  \n\t \r\n ", "empty document"),
        (PNG_HEADER + b"\x00" * 40, "binary file (a PNG image)"),
        (gzip.compress(ARTICLE.encode()), "binary file (gzip-compressed data)"),
        (b"abc\x00\x01\x02def" * 10, "binary file (contains NUL bytes)"),
        ("Mukhanov said “yes”".encode("utf-8") + b"\xff\xfe\xfa", "not valid UTF-8"),
        ("caf\xe9 au lait, he said".encode("latin-1"), "not valid UTF-8 (byte 0xe9 at offset 3)"),
    ],
)
def test_bad_files_become_errors_with_reasons(tmp_path, data, expected):
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    item = single(path)
    assert isinstance(item, InputError)
    assert item.name == "bad.txt"
    assert expected in item.message


def test_missing_path_is_an_error_not_an_exception(tmp_path):
    item = single(tmp_path / "nope.txt")
    assert isinstance(item, InputError)
    assert "no such file or directory" in item.message


def test_directory_is_walked_recursively_in_sorted_order_and_skips_other_files(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.txt").write_text("Second article.", encoding="utf-8")
    (tmp_path / "1.txt").write_text("First article.", encoding="utf-8")
    (tmp_path / "1.gold.json").write_text("{}", encoding="utf-8")
    (tmp_path / "notes.md").write_text("not an article", encoding="utf-8")
    items = read_all(tmp_path)
    assert [i.name for i in items] == ["1.txt", "2.txt"]
    assert count_input_files([str(tmp_path)]) == 2


def test_unreadable_file_in_a_directory_is_recorded_and_the_rest_is_read(tmp_path):
    (tmp_path / "good.txt").write_text("A good article.", encoding="utf-8")
    (tmp_path / "broken.txt").symlink_to(tmp_path / "does-not-exist")
    items = read_all(tmp_path)
    assert [type(i).__name__ for i in items] == ["InputError", "Document"]
    assert "cannot read" in items[0].message
    assert items[1].text == "A good article."


def test_jsonl_records_errors_per_line_and_keeps_good_lines(tmp_path):
    path = tmp_path / "batch.jsonl"
    lines = [
        json.dumps({"id": "a1", "text": ARTICLE, "title": "T", "url": "http://x", "date": "2015-12-01"}),
        '{"id": "a2", "text": "unterminated',
        json.dumps({"id": "a3", "title": "no text"}),
        "",
        json.dumps(["not", "an", "object"]),
        json.dumps({"text": "   "}),
        json.dumps({"text": "An article without an id."}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = read_all(path)
    assert isinstance(items[0], Document)
    assert (items[0].name, items[0].external_id, items[0].title, items[0].url, items[0].published) == (
        "a1", "a1", "T", "http://x", "2015-12-01",
    )
    assert items[0].text == ARTICLE
    assert isinstance(items[1], InputError) and "batch.jsonl:2: malformed JSON" in items[1].message
    assert isinstance(items[2], InputError) and 'no "text" or "html" field' in items[2].message
    assert isinstance(items[3], InputError) and "JSON object" in items[3].message
    assert isinstance(items[4], InputError) and "empty document" in items[4].message
    assert isinstance(items[5], Document) and items[5].name == "batch.jsonl:7"
    assert len(items) == 6


def test_decode_text_keeps_every_character():
    text = "“Quote” — he said.\r\n\u202eRTL\u202c 😀 \x07"
    assert decode_text(text.encode("utf-8"), "x") == text


def test_named_pipe_in_a_directory_is_recorded_not_opened(tmp_path):
    (tmp_path / "a.txt").write_text("An article.", encoding="utf-8")
    os.mkfifo(tmp_path / "b.txt")  # opening it would wait for a writer forever
    items = read_all(tmp_path)
    assert [type(i).__name__ for i in items] == ["Document", "InputError"]
    assert items[1].message == f"{tmp_path / 'b.txt'}: not a regular file (a named pipe), not read"


def test_named_pipe_given_by_path_is_read(tmp_path):
    # What `attribution extract <(zcat articles.gz)` passes.
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    writer = threading.Thread(target=lambda: pipe.write_text(ARTICLE, encoding="utf-8"))
    writer.start()
    item = single(pipe)
    writer.join(timeout=10)
    assert isinstance(item, Document) and item.text == ARTICLE


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('{"id": "a", "text": "cut', "x.jsonl:1: malformed JSON (Unterminated string starting at column 21)"),
        ('{"id": "a" "text": "b"}', "x.jsonl:1: malformed JSON (Expecting ',' delimiter at column 12)"),
        ("not json", "x.jsonl:1: malformed JSON (Expecting value at column 1)"),
    ],
)
def test_malformed_json_line_message_says_where(tmp_path, line, message):
    path = tmp_path / "x.jsonl"
    path.write_text(line + "\r\n", encoding="utf-8")
    assert single(path) == InputError("x.jsonl:1", message)
