"""Reading a person's name off tokens: where the surname starts, what describes the name, spelling variants."""

from __future__ import annotations

from collections import Counter
import difflib

from spacy.tokens import Span, Token

from attribution.parsed import Sentences, compound_head, is_apposition, is_proper_noun
from attribution.rules.names import first_names, is_org_word, name_particles, person_word_type
from attribution.rules.punctuation import NAME_PUNCTUATION, POSSESSIVE_ENDINGS
from attribution.rules.titles import HEAD_KINDS, title_words


PLACE_LABELS = frozenset({"GPE", "NORP", "LOC"})
#: Kinds of title words (``titles.tsv``) that only qualify a title.
TITLE_PART_KINDS = frozenset({"modifier", "jurisdiction", "qualifier"})
#: Longest person name read leftwards from its last word.
MAX_NAME_WORDS = 4
#: How alike two spellings of a name must be (difflib ratio) to be variants
#: of one name (``Sergei``/``Sergey``, ``Aliyev``/``Aliev``).
SPELLING_SIMILARITY = 0.8
#: Fewest letters of a short form that ends a given name (``Xander`` = ``Alexander``; not ``Anna``/``Joanna``).
MIN_SHORT_FORM_LETTERS = 5


def surname_length(tokens: list[Token]) -> int:
    """Tokens of the surname at the end of a name: one, two after a particle (``de Blasio``),
    three for a hyphenated surname (``Holtz-Eakin``)."""
    if len(tokens) >= 3 and is_joining_hyphen(tokens[-2]):
        return 3
    if len(tokens) >= 2 and tokens[-2].lower_ in name_particles():
        return 2
    return 1


def post_in_apposition(head: Token) -> bool:
    """Whether an apposition to a name's ``head`` is headed by a post or an occupation
    (``X, Minister of Innovation,``), which makes the name a person's."""
    return any(child.dep_ == "appos" and title_words().get(child.lower_) in HEAD_KINDS for child in head.children)


def is_joining_hyphen(token: Token) -> bool:
    """A hyphen written without spaces between two words (``Holtz-Eakin``)."""
    return token.text == "-" and not token.whitespace_ and token.i > 0 and not token.doc[token.i - 1].whitespace_


def surname_of(tokens: list[Token]) -> str:
    """The lower-cased surname of a person name."""
    return "".join(t.lower_ + t.whitespace_ for t in tokens[len(tokens) - surname_length(tokens):]).strip()


def spelling_variants(a: str, b: str, threshold: float) -> bool:
    """Two spellings of one name: equal, or alike enough and starting with the same letter."""
    if a == b:
        return True
    return a[:1] == b[:1] and min(len(a), len(b)) >= 4 and difflib.SequenceMatcher(None, a, b).ratio() >= threshold


def given_names_compatible(a: list[str], b: list[str]) -> bool:
    """Given names that can belong to one person: an initial of the other, a short form that ends
    the other (``Xander``, ``Alexander``), a spelling variant,
    or the first part of a double surname (``Guajardo Villarreal`` and ``Ildefonso Guajardo
    Villarreal``): the shorter name's words end the longer one's and are no known given name."""
    if not a or not b:
        return True
    shorter, longer = sorted((a, b), key=len)
    if len(shorter) < len(longer) and longer[-len(shorter):] == shorter and shorter[0] not in first_names():
        return True
    x, y = a[0].rstrip("."), b[0].rstrip(".")
    if len(x) == 1 or len(y) == 1:
        return x[:1] == y[:1]
    short, long = sorted((x, y), key=len)
    if len(short) >= MIN_SHORT_FORM_LETTERS and long.endswith(short):
        return True  # a short form that ends the name: Xander for Alexander
    return spelling_variants(x, y, SPELLING_SIMILARITY)


def place_words(ents: tuple[Span, ...]) -> frozenset[str]:
    """Lower-cased words that NER (``doc.ents``) tags more often as a place or nationality
    than as a person, except the words of a person's full name."""
    votes: Counter[tuple[str, str]] = Counter()
    for ent in ents:
        kind = "place" if ent.label_ in PLACE_LABELS else "person" if ent.label_ == "PERSON" else "other"
        for token in ent:
            if token.text[:1].isupper() and not token.is_stop:
                votes[(token.lower_, kind)] += 1
    words = {word for word, kind in votes if kind == "place"}
    # The surname of a full name NER tags as a person is no place ("Ava DuVernay").
    surnames = {ent[-1].lower_ for ent in ents if ent.label_ == "PERSON" and len(ent) >= 2}
    # A known given name before a word NER tags as a person's elsewhere, at least as often as a
    # place's, is a full name whatever its label here ("Nino Niederreiter" as a place,
    # "Niederreiter" as a person later).
    full_names = {
        token.lower_
        for ent in ents
        if len(ent) >= 2 and ent[0].lower_ in first_names() and _person_at_least_as_often(votes, ent[-1].lower_)
        for token in ent
    }
    return frozenset(
        w for w in words if votes[(w, "place")] > votes[(w, "person")] and w not in surnames and w not in full_names
    )


def _person_at_least_as_often(votes: Counter[tuple[str, str]], word: str) -> bool:
    person = votes[(word, "person")]
    return person > 0 and person >= votes[(word, "place")]


def is_name_word(token: Token, places: frozenset[str]) -> bool:
    """A word that can be part of a person's name (capitalised, not a title, org word or place)."""
    text = token.text
    if not text[:1].isupper() or not text.translate(NAME_PUNCTUATION).isalpha():
        return False
    lower = token.lower_
    return (
        person_word_type(lower) is None
        and not is_org_word(lower, "name")
        and lower not in places
        and (token.pos_ in ("NOUN", "ADJ", "X") or is_proper_noun(token))
    )


def is_party_label(token: Token) -> bool:
    """The state of a US party-state label (``Conn.`` in ``D-Conn.``, ``Texas`` in ``R-Texas``):
    a word after a single capital letter and a joining hyphen, never part of a name."""
    doc, i = token.doc, token.i
    return i >= 2 and is_joining_hyphen(doc[i - 1]) and len(doc[i - 2].text) == 1 and doc[i - 2].text.isupper()


def is_title_part(token: Token) -> bool:
    """A word that qualifies a title: before a name it is the title's, not the name's
    (``Secretary of State Mike Dolan``, ``Interim Director Ana Ruiz``)."""
    return title_words().get(token.lower_) in TITLE_PART_KINDS


def strip_possessive(tokens: list[Token]) -> list[Token]:
    """Tokens without trailing possessive endings and punctuation."""
    while tokens and (tokens[-1].text in POSSESSIVE_ENDINGS or tokens[-1].is_punct):
        tokens = tokens[:-1]
    return tokens


def person_name_tokens(tokens: list[Token], places: frozenset[str]) -> tuple[list[Token], list[Token]]:
    """Split a name span into (person name, what precedes it), reading leftwards from its end.

    ``President Ilham Aliyev`` → (``Ilham Aliyev``, ``President``);
    ``Kahramanmaraş University Toğrul Ismayil`` → (``Toğrul Ismayil``, ...).
    """
    tokens = strip_possessive(tokens)
    start = len(tokens)
    while start > 0 and len(tokens) - start < MAX_NAME_WORDS:
        token = tokens[start - 1]
        if start < len(tokens) and (is_title_part(token) or is_party_label(token)):
            break
        if is_name_word(token, places) or _hyphenated_name_end(tokens, start - 1, places):
            start -= 1
        elif start < len(tokens) and start >= 2 and (token.lower_ in name_particles() or is_joining_hyphen(token)):
            start -= 1
        else:
            break
    name = tokens[start:]
    if name and is_joining_hyphen(name[0]):
        name = name[1:]
    return name, tokens[: len(tokens) - len(name)]


def _hyphenated_name_end(tokens: list[Token], k: int, places: frozenset[str]) -> bool:
    """The lower-case end of a hyphenated given name that closes the span (``Kim Jong-un``)."""
    return (
        k == len(tokens) - 1
        and k >= 2
        and tokens[k].is_alpha
        and tokens[k].is_lower
        and is_joining_hyphen(tokens[k - 1])
        and is_name_word(tokens[k - 2], places)
    )


def description_words(tokens: list[Token], places: frozenset[str]) -> dict[str, bool]:
    """Content words of a description → whether each is a nationality or place."""
    words: dict[str, bool] = {}
    for token in tokens:
        if token.is_punct or token.is_stop or token.pos_ in ("DET", "ADP", "PRON", "CCONJ", "NUM"):
            continue
        for word in {token.lower_.rstrip("."), token.lemma_.lower().rstrip(".")}:
            if word:
                words[word] = token.ent_type_ in PLACE_LABELS or token.lower_ in places
    return words


def describing_tokens(name: list[Token], sentences: Sentences) -> list[Token]:
    """Words the sentence describes a person name with: the noun phrase left of it and appositives.

    ``the Russian political scientist Oleg Kuznetsov``, ``Vadim Mukhanov,
    Senior Research Fellow at the Center ...`` (``sentences`` are the document's).
    """
    root = max(name, key=lambda t: t.i) if name else None
    if root is None:
        return []
    inside = {t.i for t in name}
    left: list[Token] = []
    index = name[0].i - 1
    sent_start = sentences.bounds(root.i)[0]
    while index >= sent_start:
        token = root.doc[index]
        if token.is_punct or token.pos_ in ("VERB", "AUX", "ADP", "SCONJ", "CCONJ", "PRON"):
            break
        if token.head.i not in inside and token.dep_ != "det":
            break
        inside.add(token.i)
        left.append(token)
        index -= 1
    described = list(reversed(left))
    head = compound_head(root)
    for child in head.children:
        if is_apposition(child):
            described.extend(list(child.subtree)[:12])
    if is_apposition(head):
        described.extend(t for t in head.head.subtree if t.i < name[0].i and t.i >= head.head.left_edge.i)
    return described
