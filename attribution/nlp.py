"""Loading the spaCy pipeline, parsing texts into quotes, and the ``quote_attribution`` component.

Which model to load is decided in ``attribution.spacy_models`` (without importing spaCy).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from attribution.extract.marks import parser_text
from attribution.extract.pipeline import quotes_from_doc
from attribution.rules import cue_verbs
from attribution.model import Quote
from attribution.spacy_models import resolve_model_name

#: Longest text parsed as one spaCy Doc. Longer articles are cut at paragraph
#: (else sentence-ish, else word) boundaries into segments of at most this
#: size, so memory stays bounded; quotes never cross a paragraph anyway.
MAX_SEGMENT_CHARS = 100_000

if not Doc.has_extension("quotes"):
    Doc.set_extension("quotes", default=None)


@lru_cache(maxsize=4)
def load_pipeline(name: str | None = None) -> Language:
    """Load the spaCy model with the ``quote_attribution`` component appended.

    Components the extractor does not use are disabled, never removed, so the
    model name and version recorded for a run stay those of the real package.
    """
    nlp = spacy.load(resolve_model_name(name))
    if "quote_attribution" not in nlp.pipe_names:
        nlp.add_pipe("quote_attribution", last=True)
    return nlp


def extract_batch(nlp: Language, texts: Sequence[str]) -> list[list[Quote] | Exception]:
    """Quotes of each text, or the exception that text raised; one bad text spoils no other.

    Each text is parsed as ``parser_text`` gives it (odd spaces and wrapped
    line breaks as plain spaces, offsets unchanged) and its quotes read from
    the text itself (``quotes_in``). Texts longer than ``MAX_SEGMENT_CHARS``
    are parsed segment by segment and their quotes' offsets shifted back into
    the whole text.
    """
    pieces = [(i, start, text[start:end]) for i, text in enumerate(texts) for start, end in split_segments(text)]
    results: list[list[Quote] | Exception] = [[] for _ in texts]
    parsed = _parse_isolated(nlp, [piece for _, _, piece in pieces])
    for (i, offset, piece), outcome in zip(pieces, parsed, strict=True):
        if isinstance(results[i], Exception):
            continue
        if isinstance(outcome, Exception):
            results[i] = outcome
            continue
        try:
            quotes = quotes_in(outcome, piece)
        except Exception as exc:  # noqa: BLE001 - recorded per document by the caller
            results[i] = exc
            continue
        results[i].extend(quotes if offset == 0 else [_shift(q, offset) for q in quotes])
    return results


def parse_texts(nlp: Language, texts: Iterable[str]) -> Iterator[Doc]:
    """``texts`` parsed as ``extract_batch`` parses them (``parser_text``), without the
    ``quote_attribution`` component: ``quotes_in(doc, text)`` gives each one's quotes."""
    return nlp.pipe((parser_text(text) for text in texts), disable=_own_component(nlp))


def _own_component(nlp: Language) -> list[str]:
    """The ``quote_attribution`` component, if ``nlp`` has it: parsing for ``quotes_in`` skips it."""
    return [name for name in ("quote_attribution",) if name in nlp.pipe_names]


def quotes_in(doc: Doc, text: str) -> list[Quote]:
    """The quotes of ``doc``, a parse of ``parser_text(text)``, their strings read from ``text``.

    Names, roles and outlets come from the parsed text (plain spaces where
    ``text`` had odd ones); a quote's ``text`` and ``speaker_mention`` are
    ``text`` at their offsets, as stored spans must be.
    """
    return [
        replace(
            quote,
            text=text[quote.start : quote.end],
            speaker_mention=None if quote.speaker_start is None else text[quote.speaker_start : quote.speaker_end],
        )
        for quote in quotes_from_doc(doc)
    ]


def split_segments(text: str, limit: int = MAX_SEGMENT_CHARS) -> list[tuple[int, int]]:
    """``(start, end)`` pieces of ``text``, each at most ``limit`` characters, cut at the
    last paragraph break, else line break, else space, before the limit."""
    segments, start = [], 0
    while len(text) - start > limit:
        window = text[start : start + limit]
        cut = limit
        for separator in ("\n\n", "\n", " "):
            found = window.rfind(separator)
            if found > 0:
                cut = found + len(separator)
                break
        segments.append((start, start + cut))
        start += cut
    segments.append((start, len(text)))
    return segments


def _parse_isolated(nlp: Language, texts: list[str]) -> list[Doc | Exception]:
    """``parse_texts`` in one batch; if the batch fails, one by one to isolate the failure."""
    try:
        return list(parse_texts(nlp, texts))
    except Exception:  # noqa: BLE001 - retried text by text below
        outcomes: list[Doc | Exception] = []
        for text in texts:
            try:
                outcomes.append(nlp(parser_text(text), disable=_own_component(nlp)))
            except Exception as exc:  # noqa: BLE001
                outcomes.append(exc)
        return outcomes


def _shift(quote: Quote, offset: int) -> Quote:
    def moved(value: int | None) -> int | None:
        return None if value is None else value + offset

    return replace(
        quote,
        start=quote.start + offset,
        end=quote.end + offset,
        speaker_start=moved(quote.speaker_start),
        speaker_end=moved(quote.speaker_end),
    )


class QuoteAttribution:
    """Pipeline component that sets ``doc._.quotes`` to a list of ``Quote``."""

    def __call__(self, doc: Doc) -> Doc:
        doc._.quotes = quotes_from_doc(doc)
        return doc


@Language.factory(
    "quote_attribution",
    requires=["token.dep", "token.pos", "doc.ents"],
    assigns=["doc._.quotes"],
)
def make_quote_attribution(nlp: Language, name: str) -> QuoteAttribution:
    # Read the rule tables now, with the model, rather than on the first document.
    cue_verbs()
    return QuoteAttribution()
