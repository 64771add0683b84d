"""The textacy baseline: ``textacy.extract.triples.direct_quotations`` as predictions.

textacy finds direct quotes only, pairing each quotation-mark span with the
nearest reporting verb whose active subject it takes as the speaker. It
raises ``ValueError`` on documents with an odd number of quotation marks;
those documents are counted, not fatal.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from spacy.tokens import Doc
from textacy.extract.triples import direct_quotations

from attribution.model import Quote

@dataclass(slots=True)
class BaselineResult:
    """Predictions per document and, for documents textacy raised on, the error message."""

    predictions: dict[str, list[Quote]] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)


def textacy_quotes(doc: Doc) -> list[Quote]:
    """textacy's direct quotations of a parsed ``doc`` (raises as textacy does).

    The span is the content between the two quotation marks; the speaker is
    the speaker tokens' text joined by spaces, the cue the cue tokens' text.
    """
    quotes = []
    for triple in direct_quotations(doc):
        content = triple.content
        start, end = content[0].idx + len(content[0].text), content[-1].idx
        speaker = " ".join(token.text for token in triple.speaker)
        quotes.append(
            Quote(
                type="direct",
                text=doc.text[start:end],
                start=start,
                end=end,
                speaker=speaker,
                speaker_mention=speaker,
                cue=" ".join(token.text for token in triple.cue),
            )
        )
    return quotes


def textacy_predictions(docs: Mapping[str, Doc]) -> BaselineResult:
    """Run ``textacy_quotes`` on each named doc, recording per-document failures."""
    result = BaselineResult()
    for name, doc in docs.items():
        try:
            result.predictions[name] = textacy_quotes(doc)
        except ValueError as error:
            result.predictions[name] = []
            result.errors[name] = str(error)
    return result


def textacy_predict_dir(path: str | Path, model: str | None = None) -> BaselineResult:
    """The baseline on ``path/*.txt``, parsed by our model as our extractor parses them."""
    from attribution.evaluate import read_dir_texts
    from attribution.pipeline import load_pipeline, parse_texts

    texts = read_dir_texts(path)
    docs = parse_texts(load_pipeline(model), texts.values())
    return textacy_predictions(dict(zip(texts, docs, strict=True)))
