"""``attribution report``: the counts (store), the page (renderer) and the file in Chromium."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from browser import chromium, screenshot
from click.testing import CliRunner
from conftest import ATTRIBUTION, EXAMPLE_DATES

import attribution.report
from attribution.cli import main
from attribution.model import Document, Quote
from attribution.store import REPORT_TABLES, open_database, report_tables, start_run, store_document

pytest.importorskip("matplotlib", reason="matplotlib is not installed (the report extra)")

from attribution.report.page import CHARTS, render_report  # noqa: E402 (needs matplotlib)

EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", re.IGNORECASE)


def quote(speaker: str, kind: str = "person", **fields) -> Quote:
    return Quote(
        type=fields.pop("type", "direct"),
        text="words",
        start=0,
        end=5,
        speaker=speaker,
        speaker_kind=kind,
        confidence=0.9,
        **fields,
    )


@pytest.fixture
def dated_engine(tmp_path: Path):
    """Three documents (2024-01, 2024-03, undated) with made-up quotes."""
    engine = open_database(tmp_path / "report.db")
    run_id = start_run(
        engine, model_name="test", model_version=None, extractor_version="t", options={}
    )
    documents = [
        (
            Document("a", "words one", published="2024-01-15"),
            [
                quote("Anna Petrova", outlet="TASS", affiliation="MGIMO",
                      speaker_gender="female", speaker_gender_evidence="pronoun"),
                quote("NATO", "organization"),
            ],
        ),
        (
            Document("b", "words two", published="2024-03-02T08:00:00Z"),
            [quote("Anna Petrova", type="indirect", outlet="TASS")],
        ),
        (Document("c", "words three"), [quote("Boris Ivanov", type="mixed")]),
    ]
    for document, quotes in documents:
        store_document(engine, run_id, document, quotes)
    yield engine
    engine.dispose()


def counts(rows) -> dict:
    return {row["label"]: row["quotes"] for row in rows}


def test_report_tables_count_quotes(dated_engine) -> None:
    tables = report_tables(dated_engine)
    assert tables["total"] == 4 and tables["undated"] == 1
    assert tables["people"][0] == {"label": "Anna Petrova", "quotes": 2, "documents": 2}
    assert counts(tables["organizations"]) == {"NATO": 1}
    assert counts(tables["outlets"]) == {"TASS": 2}
    assert counts(tables["affiliations"]) == {"MGIMO": 1}
    assert counts(tables["months"]) == {"2024-01": 2, "2024-02": 0, "2024-03": 1}
    assert counts(tables["types"]) == {"direct": 2, "indirect": 1, "mixed": 1}
    assert counts(tables["kinds"]) == {"person": 3, "organization": 1}
    # Person speakers only; "male" has no quote and still shows, so does "unknown".
    assert tables["genders"] == [
        {"label": "female", "quotes": 2, "people": 1},
        {"label": "male", "quotes": 0, "people": 0},
        {"label": "unknown", "quotes": 1, "people": 1},
    ]


def test_report_tables_filters(dated_engine) -> None:
    petrova = report_tables(dated_engine, speaker="Petrova")
    assert petrova["total"] == 2 and counts(petrova["people"]) == {"Anna Petrova": 2}
    since = report_tables(dated_engine, since="2024-02-01")
    assert since["total"] == 1 and counts(since["months"]) == {"2024-03": 1}
    assert report_tables(dated_engine, speaker="Nobody")["total"] == 0


def test_page_has_every_chart_and_table_and_nothing_external(dated_engine) -> None:
    page = render_report(report_tables(dated_engine), database="report.db", filters={})
    for key in REPORT_TABLES:
        section = page.split(f'<section id="chart-{key}">')[1].split("</section>")[0]
        assert "<svg" in section and f'<table id="table-{key}">' in section, key
    assert not EXTERNAL.search(page) and "<script" not in page
    assert "4 quotes; 1 of them in documents without a date" in page
    genders = page.split('<table id="table-genders">')[1].split("</table>")[0]
    assert [re.sub(r"<[^>]+>", " ", row).split() for row in genders.split("<tr>")[2:]] == [
        ["female", "2", "1"], ["male", "0", "0"], ["unknown", "1", "1"]
    ]


def test_page_says_when_nothing_is_dated(dated_engine) -> None:
    tables = report_tables(dated_engine, speaker="Boris Ivanov")
    page = render_report(tables, database="report.db", filters={"speaker": "Boris Ivanov"})
    months = page.split('<section id="chart-months">')[1].split("</section>")[0]
    assert "<svg" not in months and "nothing to draw over time" in months
    assert "speaker: Boris Ivanov" in page


@pytest.mark.slow
def test_report_on_the_examples_loads_offline_in_chromium(
    examples_db: Path, tmp_path: Path
) -> None:
    output = tmp_path / "report.html"
    result = subprocess.run(
        [ATTRIBUTION, "report", "--db", str(examples_db), "-o", str(output)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    page = output.read_text(encoding="utf-8")
    for chart in CHARTS:
        section = page.split(f'<section id="chart-{chart.key}">')[1].split("</section>")[0]
        assert chart.title in section and "<svg" in section and "<table" in section
    assert not EXTERNAL.search(page)
    months = set(re.findall(r"<td>(\d{4}-\d{2})</td>", page))
    assert {date[:7] for date in EXAMPLE_DATES.values()} <= months
    with chromium() as browser:
        browser_page = browser.new_page(viewport={"width": 1100, "height": 900})
        problems: list[str] = []
        browser_page.on(
            "console", lambda m: m.type in ("error", "warning") and problems.append(m.text)
        )
        browser_page.on("pageerror", lambda error: problems.append(str(error)))
        browser_page.on("request", lambda r: r.url.startswith("file:") or problems.append(r.url))
        browser_page.goto(output.as_uri())
        assert browser_page.locator("section svg").count() == len(CHARTS)
        assert browser_page.locator("section table").count() == len(CHARTS)
        assert browser_page.locator("#table-people").inner_text().startswith("person")
        screenshot(browser_page, "report")
        assert problems == []


def test_report_without_matplotlib_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for module in ("page", "charts"):
        monkeypatch.delitem(sys.modules, f"attribution.report.{module}")
        monkeypatch.delattr(attribution.report, module)
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # as if it were not installed
    result = CliRunner().invoke(main, ["report", "--db", str(tmp_path / "q.db")])
    assert result.exit_code == 1
    assert "needs matplotlib (matplotlib is not installed)" in result.output
    assert "pip install 'attribution[report]'" in result.output
    assert not (tmp_path / "report.html").exists()
