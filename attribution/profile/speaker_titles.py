"""A speaker's role and affiliation, read at every mention of the speaker in the document."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from spacy.tokens import Doc, Span, Token

from attribution.parsed import Sentences, text_of, token_at
from attribution.profile.name_titles import title_after, title_before
from attribution.profile.parsed_titles import parsed_titles
from attribution.profile.shared_titles import SharedTitle, is_name_word, shared_titles
from attribution.profile.titles import Title, is_capitalised, read_title, trim


#: Possessive pronouns that stand for an organisation before a title (``Its president``).
ORGANISATION_POSSESSIVES = frozenset({"its"})


def spelling_index(doc: Doc, wanted: Callable[[str], bool] | None = None) -> dict[str, list[int]]:
    """The indexes of the tokens of each case-folded spelling, in text order; only of the
    spellings ``wanted`` accepts when it is given."""
    strings = doc.vocab.strings
    orths = doc.to_array("ORTH").tolist()
    spellings = {orth: strings[orth].casefold() for orth in dict.fromkeys(orths)}
    if wanted is not None:
        spellings = {orth: spelling for orth, spelling in spellings.items() if wanted(spelling)}
    index: dict[str, list[int]] = {}
    for i, orth in enumerate(orths):
        if orth in spellings:
            index.setdefault(spellings[orth], []).append(i)
    return index


def surname_index(doc: Doc, names: Iterable[str]) -> dict[str, list[int]]:
    """``spelling_index`` of the tokens ``name_occurrences`` looks up for ``names``: the last
    word of each surname (``raybould`` for ``Wilson-Raybould``, spelled as three tokens)."""
    keys = {name.split()[-1].casefold().rsplit("-", 1)[-1] for name in names if name.split()}
    return spelling_index(doc, keys.__contains__)


def name_occurrences(
    doc: Doc, name: str, spellings: dict[str, list[int]] | None = None
) -> list[tuple[int, int]]:
    """Token ranges where ``name`` or its surname refers to the person.

    Given names may be initials or spelling variants (``O. Kuznetsov``,
    ``Sergey Markov``). A bare surname is skipped when the document also gives
    it to someone with another given name (``Vigen Sargsyan`` and ``Serzh
    Sargsyan``, Bill and Hillary Clinton), and so is a bare surname used as a
    modifier (``the Clinton campaign``). ``spellings`` is ``spelling_index(doc)``, computed
    here when not given.
    """
    words = name.split()
    if not words:
        return []
    surname, given = words[-1].casefold(), [w.casefold() for w in words[:-1]]
    found: list[tuple[int, int]] = []
    shared = False
    if spellings is None:
        spellings = spelling_index(doc)
    for token in (doc[i] for i in spellings.get(surname.rsplit("-", 1)[-1], [])):
        start = _surname_start(doc, token.i, surname)
        if start is None:
            continue
        while start > 0 and given and _same_given_name(doc[start - 1], given):
            start -= 1
        before = doc[start - 1] if start > 0 else None
        if (
            start == token.i
            and before is not None
            and before.ent_type_ == "PERSON"
            and is_name_word(before)
        ):
            shared = True  # someone else's given name before the surname
            continue
        after = doc[token.i + 1] if token.i + 1 < len(doc) else None
        if start == token.i and after is not None and after.pos_ == "NOUN" and not is_capitalised(after):
            continue  # a bare surname as a modifier; a full name before a noun is more often a misparse
        found.append((start, token.i + 1))
    if shared and given:
        found = [(start, end) for start, end in found if end - start > 1]
    return found


def _surname_start(doc: Doc, end: int, surname: str) -> int | None:
    """Where ``surname`` starts if it ends at token ``end``: a hyphenated surname
    (``Wilson-Raybould``) is three tokens; None if the tokens before do not spell it."""
    parts = surname.split("-")
    start = end - 2 * (len(parts) - 1)
    if start < 0:
        return None
    spelled = "".join(t.text for t in doc[start : end + 1]).casefold()
    return start if spelled == surname and all(not t.whitespace_ for t in doc[start:end]) else None


def _same_given_name(token: Token, given: list[str]) -> bool:
    """``O.`` for Oleg, ``Sergey`` for Sergei: the same given name or its initial."""
    word = token.text.casefold().rstrip(".")
    if not word or not token.text[:1].isupper():
        return False
    if token.text.endswith(".") and len(word) == 1:
        return any(g.startswith(word) for g in given)
    return any(g == word or (len(word) >= 4 and g[:4] == word[:4]) for g in given)


def is_abbreviated(role: str) -> bool:
    """A role that is one abbreviated word (``Sen.``, ``Gov.``): a form of address more
    than a description."""
    return role.endswith(".") and " " not in role


def speaker_titles(
    doc: Doc,
    name: str,
    descriptions: list[Span],
    shares: list[SharedTitle] | None = None,
    spellings: dict[str, list[int]] | None = None,
    sentences: Sentences | None = None,
) -> tuple[str | None, str | None]:
    """Role and affiliation of one speaker in the document.

    Titles written next to the name come first (in text order), then the
    person's share of a plural title (``shared_titles``), then the
    descriptions the resolver linked to the speaker, and last the titles the
    parse shows around the name (``parsed_titles``, for words the title table
    lacks); the affiliation may come from a later finding than the role. An
    abbreviated title (``Sen.``) is the role only when no other is written out. A title
    after ``Its`` belongs to the organisation named last before it (``Its president, X``). ``shares`` (``shared_titles(doc)``),
    ``spellings`` (``spelling_index(doc)``) and ``sentences`` (``Sentences.of(doc)``)
    are computed here when not given.
    """
    occurrences = name_occurrences(doc, name, spellings)
    if sentences is None:
        sentences = Sentences.of(doc)
    findings: list[Title] = []
    for start, end in occurrences:
        around = (title_before(doc, start, sentences), title_after(doc, end, sentences))
        findings.extend(title for title in around if title is not None)
    findings.sort(key=lambda t: t.start)
    if shares is None:
        shares = shared_titles(doc)
    for start, end in occurrences:
        findings.extend(share.title for share in shares if share.start <= end - 1 < share.end)
    surname = name.split()[-1].casefold() if name.split() else ""
    for span in sorted(descriptions, key=lambda s: s.start_char):
        if any(t.pos_ == "PRON" for t in span) or any(t.text.casefold() == surname for t in span):
            continue
        title = read_title(list(span))
        if title is not None:
            findings.append(title)
    if not (any(t.role for t in findings) and any(t.affiliation for t in findings)):
        findings.extend(parsed_titles(doc, occurrences))  # only where the table left a gap
    roles = [t.role for t in findings if t.role]
    role = next((r for r in roles if not is_abbreviated(r)), roles[0] if roles else None)
    affiliation = next((t.affiliation for t in findings if t.affiliation), None)
    if affiliation is None:
        affiliation = next(
            (org for t in findings if t.role and (org := _organisation_its(doc, t.start, sentences))), None
        )
    return role, affiliation


def _organisation_its(doc: Doc, title_start: int, sentences: Sentences) -> str | None:
    """For a title written after ``Its`` (``Its president, Maria Vogt,``): the organisation
    named last before it, in its sentence or the one before."""
    first = token_at(doc, title_start).i
    before = doc[first - 1] if first > 0 else None
    if before is None or before.lower_ not in ORGANISATION_POSSESSIVES:
        return None
    sentence_start = sentences.bounds(before.i)[0]
    floor = sentences.bounds(sentence_start - 1)[0] if sentence_start > 0 else 0
    named = [e for e in doc.ents if e.label_ == "ORG" and floor <= e.start and e.end <= before.i]
    return text_of(trim(list(named[-1]))) if named else None
