"""Rules as data: the word lists the extractor uses, read from TSV files here.

Each ``*.tsv`` starts with ``#`` comment lines saying what the columns mean;
blank lines and comments are skipped. Edit the files, not the code, to add a
cue verb, a title word or an outlet pattern.
"""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files


@lru_cache(maxsize=None)
def load_table(name: str) -> tuple[tuple[str, ...], ...]:
    """Rows of ``attribution/rules/<name>.tsv`` as tuples of stripped cells."""
    text = files(__package__).joinpath(f"{name}.tsv").read_text(encoding="utf-8")
    rows = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        rows.append(tuple(cell.strip() for cell in line.split("\t")))
    return tuple(rows)


@lru_cache(maxsize=None)
def cue_verbs() -> dict[str, str]:
    """Lemma → kind (``speech``, ``cognition``, ``stance``) of every cue verb.

    textacy's English reporting-verb list is the base (all ``speech`` unless
    ``cue_verbs.tsv`` says otherwise); ``cue_verbs.tsv`` adds and classifies.
    """
    from textacy.constants import REPORTING_VERBS

    verbs = {lemma: "speech" for lemma in REPORTING_VERBS["en"] if lemma != "according"}
    verbs.update({lemma: kind for lemma, kind, *_ in load_table("cue_verbs")})
    return verbs
