"""Rules as data: every word list, mark set and pattern the extractor uses.

The tables are the ``*.tsv`` files here, each starting with ``#`` comment
lines that say what its columns mean (blank lines and comments are skipped);
the modules beside them read them into typed values, one module a subject:
``marks`` (quotation marks), ``punctuation``, ``words`` (function-word sets),
``cues`` (cue verbs and attribution phrases), ``names`` (pronouns, person and
organisation words, gender words), ``titles`` and ``outlets``; the store
reads name variants, honorifics and organisation aliases with ``load_table``.
Edit the tables, not the code, to add a cue verb, a title word or an outlet
pattern. Nothing here imports spaCy.
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
