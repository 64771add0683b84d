"""Plain data types shared by the extraction core, the store and the evaluator.

Nothing here imports spaCy or SQLAlchemy; ``combine_gender`` is the one rule
that both the extraction core and the store apply to a speaker's gender. Every offset is a Python string
offset (code points) into the original document text, and every ``*_text``
/ ``text`` field equals ``document_text[start:end]``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Literal

QuoteType = Literal["direct", "indirect", "mixed"]
SpeakerKind = Literal["person", "organization"]
Gender = Literal["female", "male"]

QUOTE_TYPES: tuple[str, ...] = ("direct", "indirect", "mixed")
SPEAKER_KINDS: tuple[str, ...] = ("person", "organization")
GENDERS: tuple[str, ...] = ("female", "male")
#: Kinds of gender evidence, in the order a ``gender_evidence`` value lists them.
GENDER_EVIDENCE: tuple[str, ...] = ("pronoun", "honorific", "role_noun")
#: The ``gender_evidence`` of a speaker whose evidence disagreed (its gender is None).
GENDER_CONFLICT = "conflict"


@dataclass(frozen=True, slots=True)
class Quote:
    """One attributed quote: what was said, where it is, and who said it.

    ``speaker`` is the fullest name of the source in the document; the
    ``speaker_mention`` is the surface mention nearest the quote that was
    resolved to it (``he``, ``Mukhanov``, ``the expert``). ``speaker_gender``
    and ``speaker_gender_evidence`` are the speaker's (see ``Speaker``).
    """

    type: QuoteType
    text: str
    start: int
    end: int
    speaker: str | None = None
    speaker_kind: SpeakerKind | None = None
    speaker_mention: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None
    speaker_gender: Gender | None = None
    speaker_gender_evidence: str | None = None
    role: str | None = None
    affiliation: str | None = None
    outlet: str | None = None
    cue: str | None = None
    confidence: float = 0.0

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(slots=True)
class Candidate:
    """A quote span proposed by a detector, before the speaker is resolved.

    Detectors (``extract.direct``, ``extract.reported``) fill the span, the cue
    and the speaker *mention* they found; ``extract.pipeline`` resolves the
    mention to an entity and adds role, affiliation and outlet.

    ``method`` says how the mention was found and drives ``confidence``
    (see ``extract.pipeline.CONFIDENCE``).
    """

    type: QuoteType
    start: int
    end: int
    cue: str | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    mention_start: int | None = None
    mention_end: int | None = None
    method: str = "none"
    outlet: str | None = None


@dataclass(frozen=True, slots=True)
class Speaker:
    """A candidate's speaker mention resolved to an entity of the document.

    ``certainty`` in [0, 1] says how sure the resolution is (a full name
    found verbatim is 1.0; a pronoun or description resolved to a name is
    less).

    ``gender`` is what the article itself says of a person (``profile.gender``):
    ``gender_evidence`` lists the kinds of evidence that say it, comma-joined in
    ``GENDER_EVIDENCE`` order (``pronoun,honorific``); both are None when
    nothing says it, and the evidence is ``GENDER_CONFLICT`` when it disagreed.
    """

    name: str
    kind: SpeakerKind
    mention_start: int
    mention_end: int
    certainty: float = 1.0
    gender: Gender | None = None
    gender_evidence: str | None = None


@dataclass(frozen=True, slots=True)
class Profile:
    """Who a speaker is and where the words were published, for one quote."""

    role: str | None = None
    affiliation: str | None = None
    outlet: str | None = None


@dataclass(frozen=True, slots=True)
class Document:
    """One input article as read from a file, a JSON Lines record or stdin.

    ``name`` identifies it in output (the file's name, the JSON Lines
    ``id``, or ``<archive>@<byte offset>`` for a web archive record);
    ``text`` is the exact text that offsets index (for a web page, the
    article text extracted from it). ``author`` and ``site_name`` come from
    a web page's metadata.
    """

    name: str
    text: str
    source: str | None = None
    external_id: str | None = None
    title: str | None = None
    url: str | None = None
    published: str | None = None
    author: str | None = None
    site_name: str | None = None


def combine_gender(
    first: tuple[str | None, str | None], second: tuple[str | None, str | None]
) -> tuple[str | None, str | None]:
    """Two readings of one person's ``(gender, gender_evidence)`` as one.

    Unknown ``(None, None)`` changes nothing; the same gender keeps it, with
    the evidence of both; different genders, or a conflict on either side,
    give ``(None, GENDER_CONFLICT)``. The order of the readings does not matter.
    """
    if GENDER_CONFLICT in (first[1], second[1]):
        return None, GENDER_CONFLICT
    known = [reading for reading in (first, second) if reading[0] is not None]
    if not known:
        return None, None
    if len({gender for gender, _ in known}) > 1:
        return None, GENDER_CONFLICT
    kinds = {kind for _, evidence in known for kind in (evidence or "").split(",")}
    return known[0][0], ",".join(kind for kind in GENDER_EVIDENCE if kind in kinds) or None
