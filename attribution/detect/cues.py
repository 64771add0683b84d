"""Cue words and what they attribute: which tokens are cues, and the cue's speaker.

``Attribution`` is what a direct-quote rule finds for one quotation (its cue
and speaker mention); ``source_of`` is a reported clause's speaker.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from attribution.detect.mentions import mention_tokens
from attribution.parsed import SUBJECT_DEPS, VERB_POS
from attribution.rules.cues import cue_verbs
from attribution.rules.words import AUTHOR_SUBJECTS, QUOTED_AS_VERBS


@dataclass(frozen=True, slots=True)
class Attribution:
    """Cue and speaker mention found for one quote (offsets into the text)."""

    method: str
    cue: str | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    mention_start: int | None = None
    mention_end: int | None = None
    outlet: str | None = None


def with_mention(method: str, cue: Span, mention: Span, outlet: str | None) -> Attribution:
    mention_start, mention_end = mention.start_char, mention.end_char
    return Attribution(method, cue.text, cue.start_char, cue.end_char, mention_start, mention_end, outlet)


def is_cue_verb(token: Token) -> bool:
    """True for a verb whose lemma (with its particle: ``sum up``) is a cue verb."""
    if token.pos_ not in VERB_POS:
        return False
    lemma = token.lemma_.lower()
    if lemma in cue_verbs():
        return True
    return any(c.dep_ == "prt" and f"{lemma} {c.lower_}" in cue_verbs() for c in token.children)


def cue_lemma(token: Token, verbs: dict[str, str]) -> str | None:
    """The cue-lexicon entry ``token`` realises, if any: ``point out`` for ``pointed out`` (a particle),
    ``proceed from`` for ``proceeds from the fact that`` (a preposition), else its lemma."""
    lemma = token.lemma_.lower()
    for child in token.rights:
        if child.dep_ in ("prt", "prep") and f"{lemma} {child.lower_}" in verbs:
            return f"{lemma} {child.lower_}"
    return lemma if lemma in verbs else None


def cue_tokens(verb: Token, content: Span) -> Span:
    """The verb as written with its particle (``pointed out``) or the preposition that opens
    its content (``called on``, ``called for``)."""
    end = verb.i + 1
    for child in verb.rights:
        if child.i == end and (child.dep_ == "prt" or (child.dep_ == "prep" and content.start == end + 1)):
            end += 1
    return verb.doc[verb.i : end]


def is_cue(token: Token) -> bool:
    return token.pos_ in VERB_POS and cue_lemma(token, cue_verbs()) is not None


def governing_verb(token: Token) -> Token | None:
    """The nearest verb above ``token`` that has a subject other than ``token``."""
    node = token
    while node.head != node:
        node = node.head
        if node.pos_ in VERB_POS and any(
            c.dep_ in ("nsubj", "nsubjpass") and c != token for c in node.children
        ):
            return node
    return None


#: Heads whose subject a cue verb without one borrows (``he said, adding: "…"``).
SUBJECT_SHARING_DEPS = {"conj", "xcomp", "advcl", "ccomp"}


def cue_subject(verb: Token) -> Token | None:
    """The subject of ``verb``, or of the verb it hangs from (``he said, adding: …``).

    A relative pronoun stands for the noun its clause modifies (``Trump, who said``);
    of two subjects (a misparse of ``the state agency AZERTAG quotes``), the nearer;
    a punctuation mark is none (a misparsed closing mark: ``«…,» said X``).
    """
    token: Token | None = verb
    for _ in range(3):
        if token is None:
            return None
        subjects = sorted(
            (c for c in token.children if c.dep_ in SUBJECT_DEPS and not c.is_punct), key=lambda c: abs(c.i - token.i)
        )
        if subjects:
            if subjects[0].tag_ in ("WP", "WDT") and token.dep_ == "relcl":
                return token.head
            return subjects[0]
        token = token.head if token.dep_ in SUBJECT_SHARING_DEPS and token.head.i != token.i else None
    return None


#: Fine-grained tags of finite verbs (a participle or gerund has no subject of its own to look for).
FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP"})
#: A speaker mention (None when not found) and the method that found it.
Source = tuple[Span | None, str]
#: What ``_source_of`` returns when the author speaks in their own voice.
_AUTHOR: Source = (None, "author")


def source_of(verb: Token) -> Source:
    """The speaker mention of ``verb`` and how it was found; ``_AUTHOR`` when the author speaks.

    Explicit subject (``subject``, or ``inverted`` after the verb), passive
    agent (``by X``), else the subject of the verb it is coordinated with or
    subordinated to (``..., saying that``, ``... and noted``).
    """
    modified = _noun_of_a_misparsed_modifier(verb)
    if modified is not None:
        return mention_tokens(modified), "subject"
    node = verb
    for _ in range(4):
        # a punctuation "subject" is a misparsed quotation mark (``«…,» said X``)
        subject = next((c for c in node.children if c.dep_ in ("nsubj", "csubj") and not c.is_punct), None)
        agent = next((c for c in node.children if c.dep_ == "agent"), None)
        if agent is not None:
            pobj = next((c for c in agent.children if c.dep_ == "pobj"), None)
            if pobj is not None:
                return mention_tokens(pobj), "subject"
        if subject is not None:
            if subject.lower_ in AUTHOR_SUBJECTS and subject.pos_ == "PRON":
                return _AUTHOR
            if subject.lower_ == "it" and node != verb:
                return _AUTHOR  # "it would be logical to think that ...": the author's hedge
            if subject.dep_ == "csubj":
                return None, "none"
            if subject.tag_ == "WP" and node.dep_ == "relcl":
                subject = _antecedent(subject) or node.head  # "touched on by Bortis who noted …"
            return mention_tokens(subject), "inverted" if subject.i > verb.i else "subject"
        if any(c.dep_ in ("expl", "nsubjpass") for c in node.children):
            return _AUTHOR
        quoted = _quoted_as_saying(node)
        if quoted is not None:
            return mention_tokens(quoted), "subject"
        subordinate = any(c.dep_ == "mark" for c in node.children)  # "as might be expected": no one's words
        if node.dep_ in ("conj", "advcl", "xcomp") and not subordinate and node.head.pos_ in VERB_POS:
            node = node.head
            continue
        if node.dep_ == "acl" and node.tag_ == "VBG":
            governing = governing_verb(node)  # "pointed at the outcome saying ...": the gerund hangs off a noun
            if governing is not None:
                node = governing
                continue
        break
    before = verb.doc[verb.i - 1] if verb.i > verb.sent.start and verb.tag_ in FINITE_TAGS else None
    if before is not None and _looks_like_name(before) and before.head.i <= verb.i:
        # a name the parser did not take for the subject ("EADaily reported", "the Post Trump said")
        return mention_tokens(before), "nearest"
    return None, "none"


def _quoted_as_saying(verb: Token) -> Token | None:
    """The subject of ``X was quoted as saying …`` for its ``saying`` (``QUOTED_AS_VERBS``), or None."""
    preposition = verb.head
    passive = preposition.head
    if verb.dep_ != "pcomp" or preposition.lower_ != "as" or passive.lemma_.lower() not in QUOTED_AS_VERBS:
        return None
    return next((c for c in passive.children if c.dep_ == "nsubjpass"), None)


def _antecedent(relative: Token) -> Token | None:
    """The noun right before a relative pronoun (a comma between), which the parser may have
    passed over for an earlier head (``the case was touched on by Ward who noted``)."""
    k = relative.i - 1
    if k >= 0 and relative.doc[k].text == ",":
        k -= 1
    before = relative.doc[k] if k >= 0 else None
    return before if before is not None and before.pos_ in ("NOUN", "PROPN") else None


def _noun_of_a_misparsed_modifier(verb: Token) -> Token | None:
    """``The board decision allowing his release said he …``: the parser made the noun the
    sentence's root and the finite cue a complement of its participle (subject ``release``);
    the noun is who speaks."""
    modifier = verb.head
    noun = modifier.head
    if (
        verb.tag_ in FINITE_TAGS
        and verb.dep_ == "ccomp"
        and modifier.dep_ == "acl"
        and noun.dep_ == "ROOT"
        and noun.pos_ in ("NOUN", "PROPN")
    ):
        return noun
    return None


def _looks_like_name(token: Token) -> bool:
    """A noun, a name, or a mixed-case word the tagger took for something else (``EADaily``)."""
    return token.pos_ in ("PROPN", "NOUN") or bool(token.ent_type_) or any(ch.isupper() for ch in token.text[1:])
