"""attribution: find the quotes in news articles and say who said them.

>>> from attribution import extract
>>> quotes = extract('"We will win," Vadim Mukhanov said.')
"""

from __future__ import annotations

from attribution.model import Quote

__version__ = "0.1.0"
#: Version of the extraction rules; stored with every run.
EXTRACTOR_VERSION = __version__


def extract(text: str, model: str | None = None) -> list[Quote]:
    """All quotes in ``text`` with their speakers, as ``Quote`` dataclasses."""
    from attribution.pipeline import extract_batch, load_pipeline

    (outcome,) = extract_batch(load_pipeline(model), [text])
    if isinstance(outcome, Exception):
        raise outcome
    return outcome


def load_pipeline(model: str | None = None):
    """The spaCy pipeline with the ``quote_attribution`` component (cached)."""
    from attribution.pipeline import load_pipeline as _load

    return _load(model)


__all__ = ["EXTRACTOR_VERSION", "Quote", "extract", "load_pipeline"]
