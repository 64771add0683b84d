"""Cue verbs and the other phrases that attribute words to a source."""

from __future__ import annotations

from functools import lru_cache
import importlib.util
from pathlib import Path
from types import ModuleType

from attribution.rules import load_table


def textacy_constants() -> ModuleType:
    """The module ``textacy.constants``, read without running ``textacy/__init__.py``, which
    imports scikit-learn and the rest of textacy (0.7 s of every command's start)."""
    package = importlib.util.find_spec("textacy")
    if package is None or not package.submodule_search_locations:
        raise ImportError("textacy, a dependency of attribution, is not installed: pip install -e .")
    path = Path(next(iter(package.submodule_search_locations))) / "constants.py"
    spec = importlib.util.spec_from_file_location("attribution._textacy_constants", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@lru_cache(maxsize=None)
def cue_verbs() -> dict[str, str]:
    """Lemma → kind (``speech``, ``cognition``, ``stance``, ``question``) of every cue verb.

    textacy's English reporting-verb list is the base (all ``speech`` unless
    ``cue_verbs.tsv`` says otherwise); ``cue_verbs.tsv`` adds and classifies.
    """
    reporting_verbs = textacy_constants().REPORTING_VERBS["en"]
    verbs = {lemma: "speech" for lemma in reporting_verbs if lemma != "according"}
    verbs.update({lemma: kind for lemma, kind, *_ in load_table("cue_verbs")})
    return verbs


@lru_cache(maxsize=None)
def speech_nouns() -> frozenset[str]:
    """Lemmas of nouns naming an utterance or a view (``speech_nouns.tsv``)."""
    return frozenset(row[0] for row in load_table("speech_nouns"))


@lru_cache(maxsize=None)
def source_prepositions() -> tuple[tuple[str, ...], ...]:
    """Multi-word prepositions whose object is the source (``according to``), lowercased words.

    Read from the ``preposition`` rows of the shared ``attribution_phrases.tsv``.
    """
    rows = load_table("attribution_phrases")
    return tuple(tuple(words.split()) for kind, words, *_ in rows if kind == "preposition")


@lru_cache(maxsize=1)
def attribution_phrases() -> dict[str, frozenset[str]]:
    """``attribution_phrases.tsv`` grouped by kind."""
    groups: dict[str, set[str]] = {}
    for kind, words, *_ in load_table("attribution_phrases"):
        groups.setdefault(kind, set()).add(words.lower())
    return {kind: frozenset(words) for kind, words in groups.items()}


@lru_cache(maxsize=1)
def verb_complements() -> dict[str, frozenset[str]]:
    """Cue lemma → the non-clausal complements (``object``, ``infinitive``, ``prep:X``) it takes."""
    table: dict[str, set[str]] = {}
    for lemma, complement, *_ in load_table("complement_verbs"):
        table.setdefault(lemma, set()).add(complement)
    return {lemma: frozenset(kinds) for lemma, kinds in table.items()}
