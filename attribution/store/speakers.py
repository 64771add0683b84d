"""Speakers and organisations: one row each across documents, found or created per quote.

Speaker merging (rules in ``store.names``): a quote's speaker joins the
existing speaker of the same kind with the same name key (case, diacritics,
punctuation and given-name transliteration folded). A bare surname
(``Markov``) joins an existing person only when exactly one person has that
surname and a role sharing a word with the quote's role; otherwise it is a
new speaker. The other way round, a full name (``Sergei Markov``) takes over
the speaker stored under its bare surname when no other person of that
surname is known by a full name and a role agrees: the speaker is renamed,
its earlier name kept as an alias. A speaker without a kind is stored as a
person. A speaker's gender is that of its quotes combined with what is
stored (``model.combine_gender``): agreeing evidence adds up, a disagreement
leaves it NULL for good (evidence ``conflict``).
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Connection, bindparam, insert, select, update

from attribution import model
from attribution.store import names
from attribution.store.schema import Organization, Speaker, SpeakerAlias, SpeakerRole


# Statements built once: building a statement costs more than running it on SQLite.
_ORGANIZATION = select(Organization.id).where(Organization.name == bindparam("name"))
_NEW_ORGANIZATION = insert(Organization).returning(Organization.id)
_SPEAKER = select(Speaker.id).where(Speaker.kind == bindparam("kind"), Speaker.name_key == bindparam("key"))
_SPEAKERS = select(Speaker.kind, Speaker.name_key, Speaker.id).where(
    Speaker.kind.in_(bindparam("kinds", expanding=True)),
    Speaker.name_key.in_(bindparam("keys", expanding=True)),
)
_NAMESAKES = select(Speaker.id).where(
    Speaker.kind == bindparam("kind"),
    Speaker.surname_key == bindparam("surname"),
    Speaker.name_key != bindparam("surname"),
)
_RENAME = (
    update(Speaker)
    .where(Speaker.id == bindparam("speaker_id"), Speaker.name_key == bindparam("surname"))
    .values(canonical_name=bindparam("name"), name_key=bindparam("key"))
)
_ROLES = select(SpeakerRole.role).where(SpeakerRole.speaker_id == bindparam("speaker_id"))
_NEW_SPEAKER = insert(Speaker).returning(Speaker.id)
_KNOWN_ALIASES = select(SpeakerAlias.speaker_id, SpeakerAlias.alias).where(
    SpeakerAlias.speaker_id.in_(bindparam("speaker_ids", expanding=True)),
    SpeakerAlias.alias.in_(bindparam("aliases", expanding=True)),
)


def organization_id(connection: Connection, name: str) -> int:
    """The id of the organisation called ``name``, created if new."""
    found = connection.scalar(_ORGANIZATION, {"name": name})
    if found is None:
        found = connection.scalar(_NEW_ORGANIZATION, {"name": name})
    return found


class SpeakerDirectory:
    """Finds or creates the ``speakers`` row for each quote of the documents of one write.

    The documents are taken in turn (``start_document``), each resolved as if
    it were written alone. The aliases, roles and genders noted on the way
    are written by ``store_notes``, a statement per table (per changed
    gender) for all the documents rather than per quote. The speakers stored
    under the names of ``quotes`` (and their surnames) are looked up in one
    statement at the start.
    """

    def __init__(self, connection: Connection, quotes: Iterable[model.Quote] = ()) -> None:
        self.connection = connection
        self.resolved: dict[tuple[str, str, str | None], int] = {}
        #: (kind, name key) → speaker id, None for no speaker; kept up to date by this directory.
        self.stored: dict[tuple[str, str], int | None] = {}
        self._look_up_stored(quotes)
        self.aliases: dict[tuple[int, str], str] = {}  # (speaker id, alias) → kind
        #: (document id, speaker id, role, organisation id), an ordered set.
        self.roles: dict[tuple[int, int, str | None, int | None], None] = {}
        self.genders: dict[int, tuple[str | None, str | None]] = {}  # speaker id → (gender, evidence)

    def _look_up_stored(self, quotes: Iterable[model.Quote]) -> None:
        wanted = set()
        for quote in quotes:
            kind = quote.speaker_kind or "person"
            key = names.name_key((quote.speaker or "").strip(), kind)
            if key:
                wanted.add((kind, key))
                surname = names.surname_key(key, kind)
                if surname:
                    wanted.add((kind, surname))
        if not wanted:
            return
        self.stored = dict.fromkeys(wanted)
        for kind, key, speaker_id in self.connection.execute(
            _SPEAKERS, {"kinds": list({k for k, _ in wanted}), "keys": list({k for _, k in wanted})}
        ):
            if (kind, key) in self.stored:
                self.stored[(kind, key)] = speaker_id

    def _speaker_named(self, kind: str, key: str) -> int | None:
        if (kind, key) in self.stored:
            return self.stored[(kind, key)]
        return self.connection.scalar(_SPEAKER, {"kind": kind, "key": key})

    def start_document(self) -> None:
        """Resolve the quotes that follow afresh, as the quotes of the next document."""
        self.resolved.clear()

    def note_role(self, document_id: int, speaker_id: int, role: str | None, organization_id: int | None) -> None:
        """Note that the document gives the speaker this role and/or organisation."""
        self.roles[(document_id, speaker_id, role, organization_id)] = None

    def resolve(self, quote: model.Quote) -> int | None:
        """The id of the speaker of ``quote`` (created if new); its names are noted as aliases."""
        name = (quote.speaker or "").strip()
        kind = quote.speaker_kind or "person"
        key = names.name_key(name, kind)
        if not key:
            return None
        cache_key = (key, kind, quote.role if names.is_bare_surname(key, kind) else None)
        speaker_id = self.resolved.get(cache_key)
        if speaker_id is None:
            speaker_id = self._find(name, key, kind, quote.role) or self._create(name, kind, key)
            self.resolved[cache_key] = speaker_id
        self.aliases.setdefault((speaker_id, name), kind)
        reading = (quote.speaker_gender, quote.speaker_gender_evidence)
        self.genders[speaker_id] = model.combine_gender(self.genders.get(speaker_id, (None, None)), reading)
        if names.is_name_mention(quote.speaker_mention, name, kind):
            self.aliases.setdefault((speaker_id, quote.speaker_mention.strip()), kind)
        return speaker_id

    def _find(self, name: str, key: str, kind: str, role: str | None) -> int | None:
        connection = self.connection
        same_name = self._speaker_named(kind, key)
        surname = names.surname_key(key, kind)
        if same_name is not None or surname is None or not role:
            return same_name
        # Persons of this surname named in full; a bare surname's speaker is not one of them.
        namesakes = connection.scalars(_NAMESAKES, {"kind": kind, "surname": surname}).all()
        if names.is_bare_surname(key, kind):
            if len(namesakes) == 1 and self._roles_compatible(namesakes[0], role):
                return namesakes[0]
            return None
        # A full name takes over the speaker stored under its bare surname alone, when no
        # other person of that surname is named in full and a role agrees: the same merge
        # as a bare surname joining a full name, whichever document came first.
        bare = self._speaker_named(kind, surname)
        if bare is None or namesakes or not self._roles_compatible(bare, role):
            return None
        # Renamed only if still bare: on a server database another transaction may have
        # taken it over meanwhile (the UPDATE waits for it, then finds the key changed).
        renamed = connection.execute(
            _RENAME, {"speaker_id": bare, "surname": surname, "name": name, "key": key}
        )
        self.stored.pop((kind, surname), None)
        self.stored.pop((kind, key), None)
        if renamed.rowcount == 1:
            self.stored[(kind, key)] = bare
            return bare
        return self._find(name, key, kind, role)

    def _roles_compatible(self, speaker_id: int, role: str) -> bool:
        """Whether ``role`` shares a word with a role stored or noted for the speaker."""
        known_roles = self.connection.scalars(_ROLES, {"speaker_id": speaker_id}).all() + [
            r for _, s, r, _ in self.roles if s == speaker_id
        ]
        return names.roles_compatible(role, known_roles)

    def _create(self, name: str, kind: str, key: str) -> int:
        speaker_id = self.connection.scalar(
            _NEW_SPEAKER,
            {
                "canonical_name": name,
                "kind": kind,
                "name_key": key,
                "surname_key": names.surname_key(key, kind),
            },
        )
        self.stored[(kind, key)] = speaker_id
        return speaker_id

    def _store_genders(self) -> None:
        noted = {s: reading for s, reading in self.genders.items() if reading != (None, None)}
        if not noted:
            return
        stored = self.connection.execute(
            select(Speaker.id, Speaker.gender, Speaker.gender_evidence).where(Speaker.id.in_(noted))
        ).all()
        for speaker_id, gender, evidence in stored:
            combined = model.combine_gender((gender, evidence), noted[speaker_id])
            if combined != (gender, evidence):
                self.connection.execute(
                    update(Speaker)
                    .where(Speaker.id == speaker_id)
                    .values(gender=combined[0], gender_evidence=combined[1])
                )

    def store_notes(self) -> None:
        """Insert the noted roles, combine the noted genders with the stored ones, and insert
        the noted aliases the speakers do not have yet."""
        self._store_genders()
        if self.roles:
            self.connection.execute(
                insert(SpeakerRole),
                [
                    {"speaker_id": s, "document_id": d, "role": r, "organization_id": o}
                    for d, s, r, o in self.roles
                ],
            )
        if not self.aliases:
            return
        known = {
            (row.speaker_id, row.alias)
            for row in self.connection.execute(
                _KNOWN_ALIASES,
                {
                    "speaker_ids": list({s for s, _ in self.aliases}),
                    "aliases": list({a for _, a in self.aliases}),
                },
            )
        }
        new = [
            {"speaker_id": s, "alias": a, "alias_key": names.name_key(a, kind)}
            for (s, a), kind in self.aliases.items()
            if (s, a) not in known
        ]
        if new:
            self.connection.execute(insert(SpeakerAlias), new)
