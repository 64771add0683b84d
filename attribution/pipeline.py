"""The extraction pipeline: parsed text → detectors → speakers → profiles and genders → ``Quote``.

``quotes_from_doc`` runs the stages on one parsed document; ``extract_batch``
is the one parse path that jobs, workers, Dask and ``attribution eval`` use
(parser text in, quotes with their strings read from the original text out);
``quote_attribution`` is the spaCy component for pipelines built by hand.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import nullcontext
from dataclasses import replace
import re
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.symbols import ORTH
from spacy.tokens import Doc

from attribution import attribute_rules
from attribution.detect import find_candidates
from attribution.model import Candidate, Profile, Quote, Speaker
from attribution.profile.describe import describe_speakers
from attribution.profile.gender import speaker_genders
from attribution.profile.speaker_titles import surname_index
from attribution.rules.cues import cue_verbs
from attribution.rules.punctuation import MISSING_SPACE_INFIXES
from attribution.rules.titles import whole_title_tokens
from attribution.spacy_models import resolve_model_name
from attribution.speakers.resolver import resolve_speakers
from attribution.text.parser_text import parser_text


# How much a speaker found by each method is worth, before the certainty of
# resolving its mention to a name is applied. From the surest to the least sure:
# explicit subject of the cue > inverted order > colon/dash > inherited from
# the previous quote > nearest entity.
METHOD_CONFIDENCE: dict[str, float] = {
    "subject": 0.95,
    "according_to": 0.9,
    "inverted": 0.9,
    "possessive": 0.85,
    "colon": 0.8,
    "dash": 0.75,
    "inherited": 0.6,
    "nearest": 0.4,
    "none": 0.2,
}


def quotes_from_doc(doc: Doc, text: str | None = None, parsed: str | None = None) -> list[Quote]:
    """All quotes of a parsed document, in text order.

    ``text`` is the original of a Doc parsed from ``parser_text(text)``: a
    quote's ``text`` and ``speaker_mention`` are read from it at their offsets,
    as stored spans must be, while names, roles and outlets come from the
    parse (plain spaces where ``text`` had odd ones). Without it, the Doc's own text.
    ``parsed`` is ``parser_text(text)`` when the caller has it.
    """
    # spaCy rebuilds Doc.text from all the tokens on every access; the tokenizer keeps the
    # text it was given, so a Doc parsed from parser_text(text) has exactly that text.
    if parsed is None:
        parsed = doc.text if text is None else parser_text(text)
    candidates = find_candidates(doc, parsed)
    if not candidates:  # no entity table, profiles or genders to read for no quote
        return []
    speakers = resolve_speakers(doc, candidates, parsed)
    # One surname index of the person speakers for the profile and the gender readers.
    names = {s.name for s in speakers if s is not None and s.kind == "person"}
    spellings = surname_index(doc, names) if names else {}
    profiles = describe_speakers(doc, candidates, speakers, spellings)
    speakers = speaker_genders(doc, speakers, profiles, spellings)
    original = parsed if text is None else text
    quotes = [build_quote(original, c, s, p) for c, s, p in zip(candidates, speakers, profiles, strict=True)]
    return sorted(quotes, key=lambda q: (q.start, q.end))


def build_quote(text: str, candidate: Candidate, speaker: Speaker | None, profile: Profile) -> Quote:
    """Combine one candidate with its resolved speaker and profile."""
    confidence = METHOD_CONFIDENCE.get(candidate.method, METHOD_CONFIDENCE["none"])
    if speaker is None:
        mention_start, mention_end = candidate.mention_start, candidate.mention_end
        confidence *= 0.5
    else:
        mention_start, mention_end = speaker.mention_start, speaker.mention_end
        confidence *= speaker.certainty
    mention = text[mention_start:mention_end] if mention_start is not None else None
    return Quote(
        type=candidate.type,
        text=text[candidate.start : candidate.end],
        start=candidate.start,
        end=candidate.end,
        speaker=speaker.name if speaker else None,
        speaker_kind=speaker.kind if speaker else None,
        speaker_mention=mention,
        speaker_start=mention_start if mention is not None else None,
        speaker_end=mention_end if mention is not None else None,
        speaker_gender=speaker.gender if speaker else None,
        speaker_gender_evidence=speaker.gender_evidence if speaker else None,
        role=profile.role,
        affiliation=profile.affiliation,
        outlet=profile.outlet or candidate.outlet,
        cue=candidate.cue,
        confidence=round(confidence, 3),
    )


#: Words (lexemes) the vocabulary may have taken in before each batch is parsed in a memory
#: zone, which forgets the words the batch added. spaCy keeps every word it meets, so a long
#: job's memory would grow with its vocabulary; a zone for every batch from the start makes
#: the job slower (the words of each batch are built anew), so the common words are kept first.
MAX_VOCABULARY = 50_000

#: Longest text parsed as one spaCy Doc. Longer articles are cut at paragraph
#: (else sentence-ish, else word) boundaries into segments of at most this
#: size, so memory stays bounded; quotes never cross a paragraph anyway.
MAX_SEGMENT_CHARS = 100_000

if not Doc.has_extension("quotes"):
    Doc.set_extension("quotes", default=None)


#: Components of the model that the extraction never reads, left out when loading: the
#: parser already sets the sentence boundaries that ``senter`` would (it is disabled in
#: the English models anyway). Every other component is read: the tagger (``tag_``), the
#: attribute ruler (``pos_``), the parser (``dep_``, heads, sentences), the lemmatizer
#: (``lemma_``), the entity recognizer (``ent_type_``) and the tok2vec they listen to.
UNUSED_COMPONENTS = ("senter",)


@lru_cache(maxsize=4)
def load_pipeline(name: str | None = None) -> Language:
    """Load the spaCy model, without ``UNUSED_COMPONENTS``, with ``paragraph_sentences``
    before its parser and ``quote_attribution`` appended; each of ``whole_title_tokens``
    is one token (``Coun. Rob Stein``, not a sentence ending at ``Coun``; ``vice-president``),
    and the tokenizer also splits at ``MISSING_SPACE_INFIXES`` (``Belkacemi,60``).

    The attribute ruler matches through ``attribute_rules.SignatureMatch`` (the
    same matches, found faster). The model name and version recorded for a run
    stay those of the real package.
    """
    nlp = spacy.load(resolve_model_name(name), exclude=list(UNUSED_COMPONENTS))
    if isinstance(dict(nlp.pipeline).get("attribute_ruler"), AttributeRuler):
        attribute_rules.install(nlp.get_pipe("attribute_ruler"))
    infixes = nlp.tokenizer.infix_finditer.__self__.pattern
    nlp.tokenizer.infix_finditer = re.compile("|".join([infixes, *MISSING_SPACE_INFIXES])).finditer
    for title in whole_title_tokens():
        nlp.tokenizer.add_special_case(title, [{ORTH: title}])
    if "paragraph_sentences" not in nlp.pipe_names and "parser" in nlp.pipe_names:
        nlp.add_pipe("paragraph_sentences", before="parser")
    if "quote_attribution" not in nlp.pipe_names:
        nlp.add_pipe("quote_attribution", last=True)
    return nlp


def extract_batch(nlp: Language, texts: Sequence[str]) -> list[list[Quote] | Exception]:
    """Quotes of each text, or the exception that text raised; one bad text spoils no other.

    Each text is parsed as ``parser_text`` gives it (odd spaces and wrapped
    line breaks as plain spaces, offsets unchanged) and its quotes read from
    the text itself (``quotes_from_doc``); once the vocabulary holds
    ``MAX_VOCABULARY`` words, within one ``nlp.memory_zone``. Texts longer than ``MAX_SEGMENT_CHARS``
    are parsed segment by segment and their quotes' offsets shifted back into
    the whole text.
    """
    pieces = [(i, start, text[start:end]) for i, text in enumerate(texts) for start, end in split_segments(text)]
    parser_texts = [parser_text(piece) for _, _, piece in pieces]
    results: list[list[Quote] | Exception] = [[] for _ in texts]
    # Past MAX_VOCABULARY, the words a batch adds to the vocabulary are dropped at the end of
    # its memory zone (no Doc leaves it), so a job's memory stops growing with the words it meets.
    with nlp.memory_zone() if len(nlp.vocab) > MAX_VOCABULARY else nullcontext():
        parsed = _parse_isolated(nlp, parser_texts)
        for (i, offset, piece), piece_parsed, outcome in zip(pieces, parser_texts, parsed, strict=True):
            if isinstance(results[i], Exception):
                continue
            if isinstance(outcome, Exception):
                results[i] = outcome
                continue
            try:
                quotes = quotes_from_doc(outcome, piece, piece_parsed)
            except Exception as exc:  # noqa: BLE001 - recorded per document by the caller
                results[i] = exc
                continue
            results[i].extend(quotes if offset == 0 else [_shift(q, offset) for q in quotes])
    return results


def parse_texts(nlp: Language, texts: Iterable[str]) -> Iterator[Doc]:
    """``texts`` parsed as ``extract_batch`` parses them (``parser_text``), without the
    ``quote_attribution`` component: ``quotes_from_doc(doc, text)`` gives each one's quotes."""
    return nlp.pipe((parser_text(text) for text in texts), disable=_own_component(nlp))


def _own_component(nlp: Language) -> list[str]:
    """The ``quote_attribution`` component, if ``nlp`` has it: parsing for ``quotes_from_doc`` skips it."""
    return [name for name in ("quote_attribution",) if name in nlp.pipe_names]


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


def _parse_isolated(nlp: Language, parser_texts: list[str]) -> list[Doc | Exception]:
    """``parser_texts`` (each a ``parser_text``) parsed in one batch; if the batch fails, one by
    one to isolate the failure."""
    own = _own_component(nlp)
    try:
        return list(nlp.pipe(parser_texts, disable=own))
    except Exception:  # noqa: BLE001 - retried text by text below
        outcomes: list[Doc | Exception] = []
        for text in parser_texts:
            try:
                outcomes.append(nlp(text, disable=own))
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


@Language.component("paragraph_sentences", assigns=["token.is_sent_start"])
def paragraph_sentences(doc: Doc) -> Doc:
    """Start a sentence at the first word of every paragraph, and none at a lower-case word
    after a stop (or at the quotation mark before it), for the parser to keep.

    Left alone, the parser runs a sentence on over a line break when the line
    has no final stop ("Story continues below advertisement", a headline, a
    photo caption), and then reads the next paragraph as that line's object or
    clause. ``parser_text`` leaves line breaks only between paragraphs.
    """
    for token in doc[1:]:
        before = doc[token.i - 1]
        if not token.is_space and ("\n" in before.whitespace_ or (before.is_space and "\n" in before.text)):
            token.is_sent_start = True
        elif before.text.endswith(".") and _opens_lower_case(doc, token.i):
            token.is_sent_start = False  # "lost 16 lbs. “and two belt loops”": an abbreviation's stop
    return doc


def _opens_lower_case(doc: Doc, i: int) -> bool:
    """Token ``i`` is a lower-case word, or a quotation mark before one."""
    token = doc[i]
    if token.is_quote and i + 1 < len(doc):
        token = doc[i + 1]
    return token.is_lower and token.is_alpha


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
