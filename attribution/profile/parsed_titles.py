"""Titles read from the dependency parse around a name, for words the title table lacks.

The table-driven readers (``name_titles``) know a title by its head word
(``minister``, ``analyst``); news names people by any occupation (``caddie``,
``cartoonist``, ``head coach``). Here the *construction* tells that a phrase
describes the person, whatever its words:

- apposition after the name: ``Ernie Blake, father of the victim, says``;
- the name in apposition to a phrase before it: ``the director of operations
  for EHS, Jeff Fraser, says``;
- a noun compound before the name: ``Oilers head coach Ken Hitchcock``;
- a copula: ``Blake is the head of ...``; a relative clause: ``Blake, who
  sits on the committee, said``; a group: ``Blake and other youth
  representatives``; ``as``: ``Blake serves as chair of the board``, ``Blake
  will focus on his role as chair``;
- ``with``/``of``/``from`` an organisation: ``Tim Guest with the Health
  Authority``, and the post the clause gives the person: ``Blake was elected
  to her FSIN position`` (an affiliation only).

The affiliation is the possessor (``Nova Scotia's chief medical examiner``),
the organisation named in the phrase, else a named modifier (``Oilers``).
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Token

from attribution.parsed import SUBJECT_DEPS, age_length, is_apposition, text_of
from attribution.rules.titles import HEAD_KINDS, post_verbs
from attribution.profile.titles import (
    PLURAL_TAGS,
    Title,
    is_capitalised,
    organisation_named_by,
    preposition_object,
    skip_stray_nouns,
    title_kind,
    trim,
)
from attribution.rules.punctuation import POSSESSIVE_MARKS
from attribution.rules.words import COPULAR_VERBS, LEAVING_VERBS, OTHERS_WORDS, POST_NOUNS, TITLE_PREPOSITIONS

#: Longest phrase, in tokens, read as a title.
MAX_TITLE_TOKENS = 16
#: Entity types that a describing phrase's head can never have.
NOT_A_TITLE_ENTITIES = frozenset({"PERSON", "DATE", "TIME", "CARDINAL", "QUANTITY", "MONEY", "PERCENT"})
#: Entity types of an organisation or a body a person belongs to.
BODY_ENTITIES = frozenset({"ORG", "NORP", "GPE"})
#: Dependency labels of the words before a name that describe the person (``head coach``).
PREMODIFIER_DEPS = frozenset({"compound", "amod", "nmod"})
#: Clauses cut from a title phrase wherever they hang in it.
DEEP_CLAUSE_DEPS = frozenset({"relcl", "acl", "advcl"})
#: Dependency labels of the parts of a phrase that say more than the title (``, who ...``).
CLAUSE_DEPS = frozenset({"relcl", "acl", "appos", "advcl", "punct", "cc", "conj"})


def parsed_titles(doc: Doc, occurrences: list[tuple[int, int]]) -> list[Title]:
    """Titles the parse gives the name at the token ranges ``occurrences``: a phrase
    that names a post or occupation (at any occurrence) before a relative clause
    or a bare organisation, then in text order."""
    roots = [(root, start, end) for start, end in occurrences if (root := _name_root(doc, start, end))]
    found = []
    for readers in (PHRASE_READERS, CLAUSE_READERS):
        for root, start, end in roots:
            found.extend(title for reader in readers if (title := reader(root, start, end)))
    return found


def _name_root(doc: Doc, start: int, end: int) -> Token | None:
    """The token of the name that the rest of the sentence attaches to."""
    heads = [t for t in doc[start:end] if not start <= t.head.i < end or t.head == t]
    return heads[0] if len(heads) == 1 else None


def _apposition_after(root: Token, start: int, end: int) -> Title | None:
    """``Name, father of the victim,``: a common-noun phrase in apposition after the name. Of
    two joined by ``and``, a post (``titles.tsv`` office) is the role: ``a 1989 Covington
    Catholic graduate and a county commissioner in Kenton County``."""
    for child in root.rights:
        if is_apposition(child) and child.i >= end and _describes(child):
            post = next((c for c in child.rights if c.dep_ == "conj" and title_kind(c) == "office"), None)
            if post is not None and title_kind(child) != "office":
                return _title_of(_phrase(post))
            return _title_of(_phrase(child), _body(_clause(child)))
    return None


def _apposition_before(root: Token, start: int, end: int) -> Title | None:
    """``the director of operations for EHS, Jeff Fraser,``: the name set beside a phrase before it."""
    if not is_apposition(root) or root.head.i >= start:
        return None
    top = root.head
    while top.dep_ in {"pobj", "prep", "compound", "appos"} and top.head.i < start and top.head != top:
        top = top.head
    tokens = [t for t in top.subtree if t.i < start]
    if not tokens or tokens[-1].text != "," or not _describes(top):
        return None
    return _title_of(trim(tokens[tokens.index(top.left_edge) :]))


def _premodifiers(root: Token, start: int, end: int) -> Title | None:
    """``Oilers head coach Ken Hitchcock``: nouns compounded before the name."""
    modifiers = [c for c in root.lefts if c.i < start and c.dep_ in PREMODIFIER_DEPS]
    if not modifiers:
        return None
    tokens = [t for t in root.doc[modifiers[0].left_edge.i : start]]
    tokens = tokens[max((k + 1 for k, t in enumerate(tokens) if t.text in POSSESSIVE_MARKS), default=0) :]
    tokens = tokens[age_length(tokens) :]  # "15-year-old goalie Emma Holt": the age is no post
    if not any(t.pos_ == "NOUN" and not is_capitalised(t) or title_kind(t) in HEAD_KINDS for t in tokens):
        return None
    return _title_of(trim(tokens[skip_stray_nouns(tokens, 0) :]))


def _and_others(root: Token, start: int, end: int) -> Title | None:
    """``Lonechild and other youth representatives``: the person is one of the group, so
    the group's noun, in the singular, is the person's role."""
    for group in root.rights:
        if group.dep_ != "conj" or group.tag_ not in PLURAL_TAGS or not _describes(group):
            continue
        if not any(c.lower_ in OTHERS_WORDS for c in group.lefts):
            continue
        modifiers = [c for c in group.lefts if c.dep_ in PREMODIFIER_DEPS and c.lower_ not in OTHERS_WORDS]
        words = [t for m in modifiers for t in m.subtree]
        role = " ".join([*(t.text for t in words), group.lemma_.lower()])
        return Title(role, _body(words), (words[0] if words else group).idx)
    return None


def _serving_as(root: Token, start: int, end: int) -> Title | None:
    """``Blake serves as chair of …``: a post or occupation (``titles.tsv``) after ``as`` in
    the clause the name is the subject of, unless the verb is one of leaving the post
    (``resigned as coach``); ``serve as the organisation's public face`` names none."""
    verb = root.head
    if root.dep_ not in SUBJECT_DEPS or verb.lemma_.lower() in LEAVING_VERBS:
        return None
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ == "as":
            title = next((c for c in prep.children if c.dep_ == "pobj" and title_kind(c) in HEAD_KINDS), None)
            if title is not None:
                return _title_of(_phrase(title))
    return None


def _own_role_as(root: Token, start: int, end: int) -> Title | None:
    """``Davis announced he would focus on his role as CEO of …``: a post or occupation after
    ``as`` on a post noun of the person's own (``his role``, ``her job``), in the clauses of the
    verb the name is the subject of, when the sentence names no other person."""
    if root.dep_ not in SUBJECT_DEPS:
        return None
    for post in root.head.subtree:
        if post.lemma_.lower() not in POST_NOUNS or not any(
            c.dep_ == "poss" and c.pos_ == "PRON" for c in post.children
        ):
            continue
        for prep in (c for c in post.children if c.dep_ == "prep" and c.lower_ == "as"):
            title = next((c for c in prep.children if c.dep_ == "pobj" and title_kind(c) in HEAD_KINDS), None)
            if title is not None and not any(
                t.ent_type_ == "PERSON" and not start <= t.i < end for t in root.sent
            ):
                return _title_of(_phrase(title))
    return None


def _copula(root: Token, start: int, end: int) -> Title | None:
    """``Blake is (became) the head of the clinic``: a describing attribute of the name as subject."""
    verb = root.head
    if root.dep_ != "nsubj" or verb.lemma_ not in COPULAR_VERBS:
        return None
    attribute = next((c for c in verb.rights if c.dep_ == "attr"), None)
    if attribute is not None and attribute.lower_ == "one":
        return _one_of(attribute)
    if attribute is None or not _describes(attribute):
        return None
    return _title_of(_phrase(attribute))


def _one_of(one: Token) -> Title | None:
    """``one of the co-founders of Muslim Awareness Week``: the title in the singular."""
    prep = next((c for c in one.rights if c.dep_ == "prep" and c.lower_ == "of"), None)
    group = [c for c in prep.rights if c.dep_ == "pobj"] if prep is not None else []
    if not group or not _describes(group[-1]) or group[-1].tag_ not in PLURAL_TAGS:
        return None
    head = group[-1]
    doc, word_start = head.doc, head.i  # "co-founders" may be parsed as three objects: the whole word
    while word_start > prep.i + 1 and not doc[word_start - 1].whitespace_ and doc[word_start - 1].text != ",":
        word_start -= 1
    phrase = list(doc[word_start : head.i]) + _phrase(head)
    title = _title_of(trim(phrase[: next((k for k, t in enumerate(phrase) if t.text == ","), len(phrase))]))
    if title is None:
        return None
    at = head.idx - title.start
    return Title(title.role[:at] + head.lemma_ + title.role[at + len(head.text) :], title.affiliation, title.start)


def _relative_clause(root: Token, start: int, end: int) -> Title | None:
    """``Blake, who sits on the committee,``: the clause's predicate (or its attribute after ``is``,
    ``became``), when its verb is a copula or one of holding a post (``post_verbs.tsv``)."""
    clause = next((c for c in root.rights if c.dep_ == "relcl"), None)
    if clause is None or not any(t.lower_ == "who" for t in clause.lefts):
        return None
    attribute = next((c for c in clause.rights if c.dep_ == "attr"), None)
    if clause.lemma_ in COPULAR_VERBS and attribute is not None:
        return _title_of(_phrase(attribute)) if _describes(attribute) else None
    if clause.lemma_.lower() not in post_verbs() | COPULAR_VERBS:
        return None  # "who has been in charge of …" is a post; "who lives in …" is not
    tokens = [t for t in clause.subtree if t.i >= clause.i and t.lower_ != "who"]
    tokens = tokens[: next((k for k, t in enumerate(tokens) if t.text == ","), len(tokens))]
    if not any(t.pos_ in ("NOUN", "PROPN") for t in tokens):
        return None  # "who is representing herself": no post named
    verb_first = [t for t in clause.lefts if t.dep_ in {"aux", "auxpass", "neg"}]
    return _title_of(trim(verb_first + tokens))


def _member_of(root: Token, start: int, end: int) -> Title | None:
    """``Tim Guest with the Health Authority``: an organisation the person is with (no role)."""
    for child in root.rights:
        if child.dep_ == "prep" and child.lower_ in TITLE_PREPOSITIONS:
            body = _body(list(child.subtree))
            if body:
                return Title("", body, child.idx)
    return None


def _own_post(root: Token, start: int, end: int) -> Title | None:
    """``Lonechild was elected to her FSIN position``: the organisation that names a post the
    name's clause gives the person (their own: ``her``, ``his``) is their affiliation."""
    verb = root.head
    if root.dep_ not in SUBJECT_DEPS:
        return None
    for prep in (c for c in verb.children if c.dep_ == "prep"):
        for post in (c for c in prep.children if c.dep_ == "pobj" and c.lemma_.lower() in POST_NOUNS):
            if not any(c.dep_ == "poss" and c.pos_ == "PRON" for c in post.children):
                continue
            named = [c for c in post.lefts if c.dep_ == "compound" and is_capitalised(c)]
            if named:
                return Title("", text_of([t for c in named for t in c.subtree]), named[0].idx)
    return None


def _describes(token: Token) -> bool:
    """A common noun (or a title-like proper noun) heading a phrase about a person."""
    if token.ent_type_ in NOT_A_TITLE_ENTITIES or token.pos_ not in {"NOUN", "PROPN"}:
        return False
    return token.pos_ == "NOUN" or title_kind(token) in HEAD_KINDS


def _clause(head: Token) -> list[Token]:
    """The words of ``head``'s phrase with its clauses, up to the comma that closes it."""
    tokens = [t for t in head.subtree if t.i >= head.left_edge.i]
    return tokens[: next((k for k, t in enumerate(tokens) if t.text == "," and t.i > head.i), len(tokens))]


def _phrase(head: Token) -> list[Token]:
    """The words of ``head``'s phrase, without the clauses and appositions that follow it, nor
    a clause deeper in it (``in Kenton County, where the school is situated``)."""
    cut = {t.i for child in head.children if child.dep_ in CLAUSE_DEPS and child.i > head.i for t in child.subtree}
    cut |= {t.i for inner in head.subtree if inner.dep_ in DEEP_CLAUSE_DEPS and inner.i > head.i for t in inner.subtree}
    tokens = [t for t in head.subtree if t.i not in cut]
    contiguous = [t for k, t in enumerate(tokens) if t.i - tokens[0].i == k]
    return trim(contiguous)


def _title_of(tokens: list[Token], body: str | None = None) -> Title | None:
    """A role and its affiliation: a leading possessor (``Nova Scotia's``), else ``body``,
    else the organisation the role names. None for an empty or overlong phrase."""
    possessive = next((k for k, t in enumerate(tokens) if t.text in POSSESSIVE_MARKS), None)
    possessor = trim(tokens[:possessive]) if possessive is not None else []
    named_by_noun = organisation_named_by(possessor[-1]) if len(possessor) == 1 else None
    if not possessor or not all(is_capitalised(t) or not t.is_alpha for t in possessor):
        possessor = []
    role = trim(tokens[possessive + 1 :]) if possessor else tokens
    if not role or len(role) > MAX_TITLE_TOKENS or not any(t.is_alpha for t in role):
        return None
    owner = text_of(possessor) if possessor and not _is_person(possessor) else None
    return Title(text_of(role), owner or body or _body(role) or named_by_noun, role[0].idx)


def _body(tokens: list[Token]) -> str | None:
    """The organisation a phrase names: its first organisation entity, else a named
    object of a preposition (``for EHS``), else, for an office, a named place or
    group (``Surrey mayoral candidate``; ``Russian political scientist`` has none),
    after ``in`` only for a local post (``county commissioner in Kenton County``)."""
    entities = list(_entities(tokens))
    organisation = next((e for e in entities if e[0].ent_type_ == "ORG"), None)
    named = preposition_object(tokens)
    if organisation is not None:
        name = text_of(trim(organisation) or organisation)
        return named if named and named.startswith(name + " for ") else name  # NER cut "for the World Economy"
    if named is not None:
        return named
    if not any(title_kind(t) == "office" for t in tokens):
        return None
    inside = {t.i for t in tokens}
    local = any(title_kind(t) == "jurisdiction" for t in tokens)  # "county commissioner in Kenton County"
    bodies = [e for e in entities if local or not _after_in(e[0], inside)]  # not "in rural Wales"
    return text_of(trim(bodies[0]) or bodies[0]) if bodies else None


def _entities(tokens: list[Token]) -> Iterator[list[Token]]:
    """The runs of ``tokens`` inside one named entity of a body's type."""
    run: list[Token] = []
    for token in tokens:
        inside = token.ent_type_ in BODY_ENTITIES
        if run and (not inside or token.ent_iob_ == "B"):
            yield run
            run = []
        if inside:
            run.append(token)
    if run:
        yield run


def _after_in(token: Token, inside: set[int]) -> bool:
    """Whether ``token`` is in the object of ``in`` within the phrase (``adviser in Eau Claire, Wis.``)."""
    return any(a.lower_ == "in" for a in token.ancestors if a.i in inside)


def _is_person(tokens: list[Token]) -> bool:
    return any(t.ent_type_ == "PERSON" for t in tokens)


#: Readers of a phrase that names the person's post or occupation.
PHRASE_READERS = (_apposition_after, _apposition_before, _premodifiers, _copula, _and_others, _serving_as, _own_role_as)
#: Readers of weaker evidence: what the person does, or only whom they are with.
CLAUSE_READERS = (_relative_clause, _member_of, _own_post)
