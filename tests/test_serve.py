"""``attribution serve``: refusals, the quote page's segments, and a real server on the examples.

The server tests start ``attribution serve`` as a subprocess on a free port
and query its JSON API and, in headless Chromium, its pages.
"""

from __future__ import annotations

import hashlib
import json
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser import chromium, screenshot
from click.testing import CliRunner
from conftest import ATTRIBUTION

import attribution.serve
from attribution.cli import main
from attribution.store import upgrade

pytest.importorskip("datasette", reason="Datasette is not installed (the serve extra)")

from attribution.serve.app import load_metadata  # noqa: E402 (needs Datasette)
from attribution.serve.plugin import Segment, segments  # noqa: E402

#: Words of the first quote of examples/000_ff046a3759e742c7.txt (a Mukhanov quote).
PHRASE = "dialogue between Moscow and Ankara"


def serve_error(*args: str) -> str:
    result = CliRunner().invoke(main, ["serve", *args])
    assert result.exit_code == 1, result.output
    return result.output


def test_serve_refuses_what_it_cannot_serve(tmp_path: Path) -> None:
    missing = tmp_path / "missing.db"
    assert f"no database file at {missing}" in serve_error(str(missing))
    assert not missing.exists()
    empty = tmp_path / "empty.db"
    sqlite3.connect(empty).execute("CREATE TABLE t (x)").connection.close()
    assert "has no attribution schema" in serve_error(str(empty))
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"not a database at all" * 100)
    assert "is not an SQLite database" in serve_error(str(garbage))
    old = tmp_path / "old.db"
    upgrade(old, "0002")
    assert "at schema revision 0002" in serve_error(f"sqlite:///{old}")
    assert "needs an SQLite database file" in serve_error("postgresql+psycopg://u@h/db")


def test_segments_mark_the_quote_and_a_speaker_outside_it() -> None:
    text = "Aliyev said: peace is near. Then he left."
    assert segments(text, (13, 26), (0, 6)) == [
        Segment("Aliyev", "speaker"),
        Segment(" said: ", None),
        Segment("peace is near", "quote"),
        Segment(". Then he left.", None),
    ]
    assert segments(text, (0, 26), (0, 6)) == [
        Segment("Aliyev said: peace is near", "quote"),
        Segment(". Then he left.", None),
    ]


@pytest.mark.slow  # examples_db runs `attribution extract`
def test_metadata_names_tables_and_views_that_exist(examples_db: Path) -> None:
    database = load_metadata()["databases"]["quotes"]
    with sqlite3.connect(examples_db) as connection:
        names = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
        for query in database["queries"].values():
            connection.execute(f"EXPLAIN {query['sql']}", dict.fromkeys(("speaker", "query"), "x"))
    assert set(database["tables"]) <= names
    assert database["tables"]["quote_view"]["fts_table"] in names


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def server(examples_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``attribution serve`` on the examples; yields the quote_view address it printed.

    Its output goes to a file, not a pipe: Datasette prints every error at
    length, and a full pipe would stop the server.
    """
    port = free_port()
    log = tmp_path_factory.mktemp("serve") / "output.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            [ATTRIBUTION, "serve", str(examples_db), "--port", str(port)],
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_until_up(f"http://127.0.0.1:{port}/", process)
        line = log.read_text().splitlines()[0]
        assert f"at http://127.0.0.1:{port}/quotes/quote_view " in line, line
        yield line.split(" at ")[1].split()[0]
    finally:
        process.terminate()
        process.wait(timeout=30)


def wait_until_up(url: str, process: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert process.poll() is None, f"attribution serve exited with {process.returncode}"
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.2)
    raise AssertionError(f"{url} did not answer within {seconds} s")


def get_json(url: str, path: str, **params: str) -> tuple[int, object]:
    base = url.rsplit("/quotes/", 1)[0]
    address = f"{base}{path}?{urllib.parse.urlencode(params)}"
    try:
        with urllib.request.urlopen(address, timeout=30) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)


@pytest.mark.slow
def test_json_api_searches_the_quote_text_and_counts_speakers(
    server: str, examples_db: Path
) -> None:
    status, rows = get_json(server, "/quotes/quote_view.json", _search=PHRASE, _shape="array")
    assert status == 200
    assert len(rows) == 1 and PHRASE in rows[0]["text"]
    assert rows[0]["speaker"] == "Vadim Mukhanov"
    status, result = get_json(server, "/quotes/quote_view.json", _facet="speaker", _size="0")
    facet = {row["value"]: row["count"] for row in result["facet_results"]["speaker"]["results"]}
    with sqlite3.connect(examples_db) as connection:
        expected = dict(
            connection.execute(
                "SELECT speaker, count(*) FROM quote_view "
                "WHERE speaker IS NOT NULL GROUP BY speaker"
            )
        )
    assert {speaker: expected[speaker] for speaker in facet} == facet
    top = sorted(expected.values(), reverse=True)[: len(facet)]
    assert sorted(facet.values(), reverse=True) == top and facet["Vadim Mukhanov"] == 7


@pytest.mark.slow
def test_canned_search_and_the_quote_page(server: str) -> None:
    status, rows = get_json(
        server, "/quotes/search_quotes.json", query="Karabakh AND settlement", _shape="array"
    )
    assert status == 200 and rows and all("[" in row["hit"] for row in rows)
    base = server.rsplit("/quotes/", 1)[0]
    with urllib.request.urlopen(f"{base}/-/quote/1", timeout=30) as response:
        page = response.read().decode("utf-8")
    assert '<mark class="quote" id="quote">The goal of Azerbaijani President' in page
    assert '<mark class="speaker">Vadim Mukhanov</mark>' in page


@pytest.mark.slow
def test_sql_runs_read_only(server: str, examples_db: Path) -> None:
    before = sha256(examples_db)
    status, result = get_json(server, "/quotes.json", sql="SELECT count(*) AS n FROM quotes")
    with sqlite3.connect(examples_db) as connection:
        stored = connection.execute("SELECT count(*) FROM quotes").fetchone()[0]
    assert status == 200 and result["rows"] == [[stored]] and stored > 0
    for statement in (
        "INSERT INTO runs (status) VALUES ('running')",
        "WITH t AS (SELECT 1) DELETE FROM quotes",
        "PRAGMA query_only = OFF",
    ):
        status, result = get_json(server, "/quotes.json", sql=statement)
        assert status == 400 and not result["ok"], (statement, status, result)
    assert sha256(examples_db) == before


@pytest.mark.slow
def test_quotes_page_in_chromium_finds_a_quote(server: str) -> None:
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        errors: list[str] = []
        page.on("console", lambda message: message.type == "error" and errors.append(message.text))
        page.goto(server)
        assert page.locator("table.rows-and-columns tbody tr").count() == 50
        page.fill("#_search", PHRASE)
        page.press("#_search", "Enter")
        page.wait_for_url("**_search=*")
        rows = page.locator("table.rows-and-columns tbody tr")
        assert rows.count() == 1 and PHRASE in rows.first.inner_text()
        screenshot(page, "serve-search")
        rows.first.locator("td.col-quote_id a").click()
        page.wait_for_url("**/-/quote/*")
        assert page.locator("mark#quote").is_visible()
        assert PHRASE in page.locator("mark#quote").inner_text()
        screenshot(page, "serve-quote")
        assert errors == []


def test_serve_without_datasette_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delitem(sys.modules, "attribution.serve.app")
    monkeypatch.delattr(attribution.serve, "app")
    monkeypatch.setitem(sys.modules, "datasette.app", None)  # as if it were not installed
    output = serve_error(str(tmp_path / "quotes.db"))
    assert "needs Datasette (datasette is not installed)" in output
    assert "pip install 'attribution[serve]'" in output
