"""The model's ``attribute_ruler`` with its single-token rules looked up by token signature.

spaCy's ``AttributeRuler`` (tag → POS and morphology, and a few exceptions)
runs its ``Matcher`` with every one of its ~180 patterns at every token: about
an eighth of the parse of the small English model. Almost all the patterns
test one token, so whether they match depends only on the attributes they read
(``TAG``, ``LOWER``, ``DEP``, ``IS_SPACE`` for that model). ``SignatureMatch``
asks the real ``Matcher`` once per distinct combination of those values (on
a one-token span) and remembers the answer; a value no test can pass (a
``LOWER`` not named by any rule) stands for all such values in that key. The few
longer patterns (and any on an attribute not read with ``Doc.to_array``) keep a
``Matcher`` of their own over the whole document. The matches, and so every
attribute the ruler sets, are exactly the ruler's own.
"""

from __future__ import annotations

import re

from spacy.attrs import IDS
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc

#: Entries a cache holds before it starts again, so memory stays bounded (a few MB).
MAX_CACHED = 50_000


class SignatureMatch:
    """A drop-in for ``AttributeRuler.match`` giving the same matches, single-token ones cached."""

    def __init__(self, ruler: AttributeRuler) -> None:
        self.strings = ruler.vocab.strings
        self.single = Matcher(ruler.vocab, validate=False)
        self.longer = Matcher(ruler.vocab, validate=False)
        tests: dict[str, list] = {}
        for i in range(len(ruler.attrs)):
            # AttributeRuler.add keys rule i by the string str(i)
            for pattern in ruler.matcher.get(str(i))[1]:
                if len(pattern) == 1 and all(name in IDS and name != "OP" for name in pattern[0]):
                    self.single.add(str(i), [pattern])
                    for name, test in pattern[0].items():
                        tests.setdefault(name, []).append(test)
                else:
                    self.longer.add(str(i), [pattern])
        names = sorted(tests)
        self.attributes = [IDS[name] for name in names]
        self.folds = [_ValueFold.of(self.strings, tests[name]) for name in names]
        self.cache: dict[tuple[int, ...], list[tuple[int, int]]] = {}

    def __call__(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        strings = self.strings
        matches = [(int(strings[key]), key, start, end) for key, start, end in self.longer(doc, allow_missing=True)]
        if not self.attributes:
            return sorted(matches)
        cache = self.cache
        if len(cache) > MAX_CACHED:
            cache.clear()
        columns = doc.to_array(self.attributes).T.tolist() if len(doc) else [[] for _ in self.attributes]
        columns = [column if fold is None else fold(column) for column, fold in zip(columns, self.folds, strict=True)]
        for i, signature in enumerate(zip(*columns)):
            rules = cache.get(signature)
            if rules is None:
                found = self.single(doc[i : i + 1], allow_missing=True)
                rules = cache[signature] = [(int(strings[key]), key) for key, _, _ in found]
            for rule, key in rules:
                matches.append((rule, key, i, i + 1))
        # As AttributeRuler.match: ordered by rule, so that later rules win.
        return sorted(matches)


class _ValueFold:
    """Maps the values of a string attribute that the patterns test only by equality, ``IN``
    or ``REGEX`` to one stand-in when no test can match them: they all match alike."""

    def __init__(self, strings, named: set[str], regexes: list) -> None:
        self.strings = strings
        self.named = named
        self.regexes = regexes
        self.kept: dict[int, int] = {}

    @classmethod
    def of(cls, strings, tests: list) -> _ValueFold | None:
        named: set[str] = set()
        regexes = []
        for test in tests:
            # A value is kept as itself if it may pass a test (lower-cased too: a superset is safe).
            if isinstance(test, str):
                named.update((test, test.lower()))
            elif isinstance(test, dict) and set(test) <= {"IN", "REGEX"} and all(isinstance(v, str) for v in test.get("IN", [])):
                named.update(test.get("IN", []))
                named.update(v.lower() for v in test.get("IN", []))
                if "REGEX" in test:
                    regexes.append(re.compile(test["REGEX"]))
            else:
                return None
        return cls(strings, named, regexes)

    def __call__(self, values: list[int]) -> list[int]:
        kept = self.kept
        if len(kept) > MAX_CACHED:
            kept.clear()
        folded = []
        for value in values:
            stand_in = kept.get(value)
            if stand_in is None:
                text = self.strings[value]
                matchable = text in self.named or any(regex.search(text) for regex in self.regexes)
                stand_in = kept[value] = value if matchable else -1
            folded.append(stand_in)
        return folded


def install(ruler: AttributeRuler) -> None:
    """Make ``ruler`` match through a ``SignatureMatch``."""
    ruler.match = SignatureMatch(ruler)
