"""Write side: runs, documents with their quotes, speakers merged across documents.

Input is ``attribution.model.Document`` and ``attribution.model.Quote``; this
module knows nothing of spaCy. Each document is stored in one transaction
with all its quotes, or not at all. A text is stored once: documents are
identified by the SHA-256 of their text.

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

A run records the host, the process id and (on Linux) the exact identity
of the job's process, and a heartbeat the job refreshes while it works
(``touch_run``); ``mark_abandoned_runs`` marks the runs whose process died
without a word (SIGKILL, power cut, out of memory) ``interrupted``.

Every write transaction takes the write lock at its start
(``db.write_transaction``): a transaction that read first and wrote later
could find that another process wrote meanwhile, which SQLite reports as
"database is locked" at once, without waiting for the busy timeout.
"""

from __future__ import annotations

import hashlib
import os
import socket
import time
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, Row, exists, func, insert, select, update
from sqlalchemy.exc import IntegrityError, OperationalError

from attribution import model
from attribution.store import names
from attribution.store.db import is_database_locked, write_transaction
from attribution.store.schema import (
    RUN_STATUSES,
    Document,
    DocumentError,
    Organization,
    Quote,
    Run,
    Speaker,
    SpeakerAlias,
    SpeakerRole,
    as_utc,
    utcnow,
)

#: How often a document write is attempted when SQLite says "database is locked".
WRITE_ATTEMPTS = 5
#: Seconds before the first retry; doubled after each further failure.
RETRY_DELAY = 0.2
#: Seconds between a job's heartbeats (``jobs.run_job`` beats from a timer thread).
HEARTBEAT_SECONDS = 30.0
#: A running run whose process cannot be looked up and whose heartbeat is older than this
#: is taken for dead (see ``mark_abandoned_runs``).
STALE_AFTER = timedelta(seconds=10 * HEARTBEAT_SECONDS)
RUN_COUNTS: tuple[str, ...] = (
    "documents_read",
    "documents_stored",
    "documents_skipped",
    "documents_failed",
    "quotes_stored",
)


def text_sha256(text: str) -> str:
    """Hex SHA-256 of ``text`` encoded as UTF-8: a document's identity in the store."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def start_run(
    engine: Engine,
    *,
    model_name: str | None,
    model_version: str | None,
    extractor_version: str | None,
    options: Mapping[str, Any] | None,
) -> int:
    """Record the start of a run (status ``running``) by this process and return its id.

    The run notes this host's name, this process's id and identity
    (``process_identity``: None where ``/proc`` does not tell it), and its
    first heartbeat.
    """
    now = utcnow()
    with write_transaction(engine) as connection:
        return connection.scalar(
            insert(Run).returning(Run.id),
            {
                "started": now,
                "heartbeat": now,
                "host": socket.gethostname(),
                "pid": os.getpid(),
                "process_identity": process_identity(),
                "model_name": model_name,
                "model_version": model_version,
                "extractor_version": extractor_version,
                "options": dict(options) if options is not None else None,
                "status": "running",
            },
        )


def finish_run(engine: Engine, run_id: int, *, status: str, counts: Mapping[str, int]) -> None:
    """Close a run: its final ``status`` and ``counts`` (keys from ``RUN_COUNTS``)."""
    if status not in RUN_STATUSES:
        raise ValueError(f"run status must be one of {', '.join(RUN_STATUSES)}, not {status!r}")
    unknown = set(counts) - set(RUN_COUNTS)
    if unknown:
        raise ValueError(f"unknown run counts: {', '.join(sorted(unknown))}")
    with write_transaction(engine) as connection:
        updated = connection.execute(
            update(Run).where(Run.id == run_id).values(status=status, finished=utcnow(), **counts)
        )
        if updated.rowcount != 1:
            raise ValueError(f"no run with id {run_id}")


def touch_run(engine: Engine, run_id: int, counts: Mapping[str, int] | None = None) -> None:
    """Refresh the heartbeat of a live run, and save its ``counts`` so far when given.

    The run is ``running`` again if another job took it for abandoned (its
    heartbeat came late), since its process has just shown that it lives.
    """
    counts = counts or {}
    unknown = set(counts) - set(RUN_COUNTS)
    if unknown:
        raise ValueError(f"unknown run counts: {', '.join(sorted(unknown))}")
    with write_transaction(engine) as connection:
        updated = connection.execute(
            update(Run)
            .where(Run.id == run_id)
            .values(heartbeat=utcnow(), status="running", finished=None, **counts)
        )
        if updated.rowcount != 1:
            raise ValueError(f"no run with id {run_id}")


def mark_abandoned_runs(engine: Engine) -> list[int]:
    """Mark ``interrupted`` every running run whose process is gone; return their ids.

    A run's process is looked up only where its id means the same process
    here: the run was recorded on this host, with this process's boot and
    pid and time namespaces (``process_identity``; Linux only). Then it is
    alive iff ``/proc/<pid>/stat`` exists, is not a zombie and shows the
    recorded start ticks (another start: the id was reused); a live process
    is never given up, however late its heartbeat. Every other run (another
    host, another boot — maybe another machine of the same name —, another
    pid namespace such as a container, no ``/proc``, a process hidden from
    this user) is abandoned when its last heartbeat (else its start) is
    older than ``STALE_AFTER``; a live job beats every ``HEARTBEAT_SECONDS``.

    An abandoned run ends at its last heartbeat. The documents it stored and
    failed on and the quotes it stored are counted in the tables, so they
    include the work done after that heartbeat; the documents read and
    skipped are those the heartbeat saved (read at least stored + skipped +
    failed).
    """
    host = socket.gethostname()
    namespace = _process_namespace()
    now = utcnow()
    marked = []
    with write_transaction(engine) as connection:
        running = connection.execute(
            select(
                Run.id,
                Run.host,
                Run.pid,
                Run.process_identity,
                Run.started,
                Run.heartbeat,
                Run.documents_read,
                Run.documents_skipped,
            ).where(Run.status == "running")
        ).all()
        for run in running:
            if not _is_abandoned(run, host, namespace, now):
                continue
            stored = connection.scalar(select(func.count()).where(Document.run_id == run.id))
            quotes = connection.scalar(select(func.count()).where(Quote.run_id == run.id))
            failed = connection.scalar(select(func.count()).where(DocumentError.run_id == run.id))
            read = max(run.documents_read, stored + failed + run.documents_skipped)
            updated = connection.execute(
                update(Run)
                .where(Run.id == run.id, Run.status == "running")
                .values(
                    status="interrupted",
                    finished=run.heartbeat or run.started,
                    documents_read=read,
                    documents_stored=stored,
                    documents_failed=failed,
                    quotes_stored=quotes,
                )
            )
            if updated.rowcount == 1:
                marked.append(run.id)
    return marked


def process_identity() -> str | None:
    """This process's identity: ``"<boot id> <pid ns> <time ns> <start ticks>"``; None without Linux ``/proc``.

    The boot id and the inodes of the pid and time namespaces say where a
    process id and start ticks mean the same process; the start ticks
    (clock ticks after boot, field 22 of ``/proc/<pid>/stat``) tell this
    process from a later one given the same id. No wall clock is involved.
    """
    namespace = _process_namespace()
    status = _proc_stat("self")
    if namespace is None or status is None:
        return None
    return f"{namespace} {status[1]}"


def _process_namespace() -> str | None:
    """``"<boot id> <pid ns> <time ns>"`` of this process; None where ``/proc`` cannot tell.

    None also when ``/proc`` is mounted for another pid namespace (its
    ``self`` is not this process's id), where its entries are not our ids.
    The time namespace is 0 on kernels without time namespaces (before 5.6).
    """
    try:
        if os.readlink("/proc/self") != str(os.getpid()):
            return None
        with open("/proc/sys/kernel/random/boot_id", encoding="ascii") as boot_id:
            boot = boot_id.read().strip()
        pid_namespace = os.stat("/proc/self/ns/pid").st_ino
    except OSError:
        return None
    try:
        time_namespace = os.stat("/proc/self/ns/time").st_ino
    except FileNotFoundError:
        time_namespace = 0
    except OSError:
        return None
    return f"{boot} {pid_namespace} {time_namespace}" if boot else None


def _is_abandoned(run: Row, host: str, namespace: str | None, now: datetime) -> bool:
    alive = _run_process_is_alive(run, host, namespace)
    if alive is not None:
        return not alive
    return now - as_utc(run.heartbeat or run.started) > STALE_AFTER


def _run_process_is_alive(run: Row, host: str, namespace: str | None) -> bool | None:
    """Whether the run's process is alive, if this process can look it up (see
    ``mark_abandoned_runs``); None if it cannot."""
    if namespace is None or run.host != host or run.pid is None or run.pid <= 0 or not run.process_identity:
        return None
    run_namespace, _, start_ticks = run.process_identity.rpartition(" ")
    if run_namespace != namespace or not (start_ticks.isascii() and start_ticks.isdigit()):
        return None
    try:
        status = _proc_stat(run.pid)
    except OSError:
        return None  # e.g. /proc mounted with hidepid=noaccess: another user's process is not shown
    if status is None:
        # Gone, or hidden from this user (hidepid=invisible): only "no such process" is sure.
        try:
            os.kill(run.pid, 0)
        except ProcessLookupError:
            return False
        except OSError:
            pass
        return None
    state, ticks = status
    return state not in ("Z", "X") and ticks == int(start_ticks)


def _proc_stat(pid: int | str) -> tuple[str, int] | None:
    """``(state, start ticks)`` of process ``pid`` (or ``"self"``) from Linux ``/proc``.

    None when there is no such entry (no such process, or no ``/proc``) or it
    cannot be parsed; ``OSError`` (such as ``PermissionError``) when it cannot be read.
    """
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as stat:
            fields = stat.read().rpartition(")")[2].split()  # after the command name
    except (FileNotFoundError, ProcessLookupError):
        return None
    try:
        return fields[0], int(fields[19])
    except (IndexError, ValueError):
        return None


def is_stored(engine: Engine, sha256: str) -> bool:
    """Whether a document whose text has this SHA-256 is already stored."""
    with engine.connect() as connection:
        return _already_stored(connection, sha256)


def _already_stored(connection: Connection, sha256: str) -> bool:
    return bool(connection.scalar(select(exists().where(Document.text_sha256 == sha256))))


def record_error(
    engine: Engine, run_id: int, document_name: str, message: str, sha256: str | None = None
) -> None:
    """Record that ``run_id`` failed on a document, and why."""
    with write_transaction(engine) as connection:
        connection.execute(
            insert(DocumentError),
            {"run_id": run_id, "document_name": document_name, "text_sha256": sha256, "message": message},
        )


def store_document(
    engine: Engine, run_id: int, document: model.Document, quotes: Sequence[model.Quote]
) -> bool:
    """Store a document and its quotes in one transaction; False if its text is already stored.

    Returns False and writes nothing when the same text is stored already,
    also when another process stores it at the same moment. Retries a few
    times, with growing pauses, while SQLite reports the database locked
    (and once on a server database when a concurrent process created the
    same speaker or organisation).

    Raises ``ValueError`` (writing nothing) when a quote's offsets do not
    match the text.
    """
    for quote in quotes:
        check_quote(document, quote)
    sha256 = text_sha256(document.text)
    for attempt in range(WRITE_ATTEMPTS):
        last_attempt = attempt == WRITE_ATTEMPTS - 1
        try:
            with write_transaction(engine) as connection:
                if _already_stored(connection, sha256):
                    return False
                _add_document(connection, run_id, document, sha256, quotes)
            return True
        except IntegrityError:
            if is_stored(engine, sha256):
                return False  # another process stored the same text first
            if attempt > 0 or engine.dialect.name == "sqlite":
                raise  # a real constraint violation, e.g. an unknown run id
            # a server database: another process added the same speaker or
            # organisation meanwhile; once more, and it will be found
        except OperationalError as error:
            if last_attempt or not is_database_locked(error):
                raise
        time.sleep(RETRY_DELAY * 2**attempt)
    raise AssertionError("unreachable")


def check_quote(document: model.Document, quote: model.Quote) -> None:
    """Raise ``ValueError`` unless ``quote`` fits ``document`` and holds valid values.

    Its offsets must index its text and speaker mention in the document; its
    type, speaker kind and confidence must be allowed values.
    """
    text = document.text
    where = f"{document.name}: quote at {quote.start}:{quote.end}"
    if quote.type not in model.QUOTE_TYPES:
        raise ValueError(f"{where}: unknown quote type {quote.type!r}")
    if quote.speaker_kind is not None and quote.speaker_kind not in model.SPEAKER_KINDS:
        raise ValueError(f"{where}: unknown speaker kind {quote.speaker_kind!r}")
    if quote.speaker_gender is not None and quote.speaker_gender not in model.GENDERS:
        raise ValueError(f"{where}: unknown speaker gender {quote.speaker_gender!r}")
    if not 0 <= quote.start < quote.end <= len(text) or text[quote.start : quote.end] != quote.text:
        raise ValueError(f"{where}: text does not match document[start:end]")
    if (quote.speaker_start is None) != (quote.speaker_end is None):
        raise ValueError(f"{where}: speaker_start and speaker_end must both be set or both None")
    if quote.speaker_start is not None and quote.speaker_end is not None:
        mention = text[quote.speaker_start : quote.speaker_end]
        if not 0 <= quote.speaker_start < quote.speaker_end <= len(text) or (
            quote.speaker_mention is not None and mention != quote.speaker_mention
        ):
            raise ValueError(
                f"{where}: speaker_mention does not match document[speaker_start:speaker_end]"
            )
    if not 0.0 <= quote.confidence <= 1.0:
        raise ValueError(f"{where}: confidence {quote.confidence} outside [0, 1]")


def _add_document(
    connection: Connection,
    run_id: int,
    document: model.Document,
    sha256: str,
    quotes: Sequence[model.Quote],
) -> None:
    document_id = connection.scalar(
        insert(Document).returning(Document.id),
        {
            "name": document.name,
            "source": document.source,
            "external_id": document.external_id,
            "title": document.title,
            "url": document.url,
            "published": document.published,
            "text": document.text,
            "text_sha256": sha256,
            "run_id": run_id,
        },
    )
    speakers = _SpeakerDirectory(connection)
    organizations: dict[str, int] = {}
    rows: list[dict[str, Any]] = []
    for quote in quotes:
        speaker_id = speakers.resolve(quote) if quote.speaker else None
        affiliation_id = None
        if quote.affiliation and quote.affiliation.strip():
            name = quote.affiliation.strip()
            if name not in organizations:
                organizations[name] = _organization(connection, name)
            affiliation_id = organizations[name]
        if speaker_id is not None and (quote.role or affiliation_id is not None):
            speakers.note_role(speaker_id, quote.role, affiliation_id)
        rows.append(
            {
                "document_id": document_id,
                "run_id": run_id,
                "type": quote.type,
                "text": quote.text,
                "start": quote.start,
                "end": quote.end,
                "cue": quote.cue,
                "speaker_id": speaker_id,
                "speaker_mention": quote.speaker_mention,
                "speaker_start": quote.speaker_start,
                "speaker_end": quote.speaker_end,
                "role": quote.role,
                "affiliation_id": affiliation_id,
                "outlet": quote.outlet,
                "confidence": quote.confidence,
            }
        )
    speakers.store_notes(document_id)
    if rows:
        insert_quotes(connection, rows)


def insert_quotes(connection: Connection, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert ``quotes`` rows (column name → value) in multi-row ``INSERT`` statements.

    Asking for ``RETURNING`` makes SQLAlchemy send the rows in batches of
    many rows a statement ("insertmanyvalues") rather than one statement a
    row. On SQLite that matters: the FTS5 insert trigger flushes the search
    index once per statement, so row by row is slower the more rows a
    transaction holds (1.4 times for 40 quotes, 4 times for 10,000).
    """
    connection.execute(insert(Quote).returning(Quote.id), list(rows)).all()


def _organization(connection: Connection, name: str) -> int:
    """The id of the organisation called ``name``, created if new."""
    found = connection.scalar(select(Organization.id).where(Organization.name == name))
    if found is None:
        found = connection.scalar(insert(Organization).returning(Organization.id), {"name": name})
    return found


class _SpeakerDirectory:
    """Finds or creates the ``speakers`` row for each quote of one document.

    The aliases, roles and genders it notes on the way are written by
    ``store_notes``, a statement per table (per changed gender) rather than per quote.
    """

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.resolved: dict[tuple[str, str, str | None], int] = {}
        self.aliases: dict[tuple[int, str], str] = {}  # (speaker id, alias) → kind
        self.roles: dict[tuple[int, str | None, int | None], None] = {}  # ordered set
        self.genders: dict[int, tuple[str | None, str | None]] = {}  # speaker id → (gender, evidence)

    def note_role(self, speaker_id: int, role: str | None, organization_id: int | None) -> None:
        """Note that this document gives the speaker this role and/or organisation."""
        self.roles[(speaker_id, role, organization_id)] = None

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
        same_name = connection.scalar(
            select(Speaker.id).where(Speaker.kind == kind, Speaker.name_key == key)
        )
        surname = names.surname_key(key, kind)
        if same_name is not None or surname is None or not role:
            return same_name
        # Persons of this surname named in full; a bare surname's speaker is not one of them.
        namesakes = connection.scalars(
            select(Speaker.id).where(
                Speaker.kind == kind, Speaker.surname_key == surname, Speaker.name_key != surname
            )
        ).all()
        if names.is_bare_surname(key, kind):
            if len(namesakes) == 1 and self._roles_compatible(namesakes[0], role):
                return namesakes[0]
            return None
        # A full name takes over the speaker stored under its bare surname alone, when no
        # other person of that surname is named in full and a role agrees: the same merge
        # as a bare surname joining a full name, whichever document came first.
        bare = connection.scalar(
            select(Speaker.id).where(Speaker.kind == kind, Speaker.name_key == surname)
        )
        if bare is None or namesakes or not self._roles_compatible(bare, role):
            return None
        # Renamed only if still bare: on a server database another transaction may have
        # taken it over meanwhile (the UPDATE waits for it, then finds the key changed).
        renamed = connection.execute(
            update(Speaker)
            .where(Speaker.id == bare, Speaker.name_key == surname)
            .values(canonical_name=name, name_key=key)
        )
        return bare if renamed.rowcount == 1 else self._find(name, key, kind, role)

    def _roles_compatible(self, speaker_id: int, role: str) -> bool:
        """Whether ``role`` shares a word with a role stored or noted for the speaker."""
        known_roles = self.connection.scalars(
            select(SpeakerRole.role).where(SpeakerRole.speaker_id == speaker_id)
        ).all() + [r for s, r, _ in self.roles if s == speaker_id]
        return names.roles_compatible(role, known_roles)

    def _create(self, name: str, kind: str, key: str) -> int:
        return self.connection.scalar(
            insert(Speaker).returning(Speaker.id),
            {
                "canonical_name": name,
                "kind": kind,
                "name_key": key,
                "surname_key": names.surname_key(key, kind),
            },
        )

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

    def store_notes(self, document_id: int) -> None:
        """Insert the noted roles, combine the noted genders with the stored ones, and insert
        the noted aliases the speakers do not have yet."""
        self._store_genders()
        if self.roles:
            self.connection.execute(
                insert(SpeakerRole),
                [
                    {"speaker_id": s, "document_id": document_id, "role": r, "organization_id": o}
                    for s, r, o in self.roles
                ],
            )
        if not self.aliases:
            return
        known = {
            (row.speaker_id, row.alias)
            for row in self.connection.execute(
                select(SpeakerAlias.speaker_id, SpeakerAlias.alias).where(
                    SpeakerAlias.speaker_id.in_({s for s, _ in self.aliases}),
                    SpeakerAlias.alias.in_({a for _, a in self.aliases}),
                )
            )
        }
        new = [
            {"speaker_id": s, "alias": a, "alias_key": names.name_key(a, kind)}
            for (s, a), kind in self.aliases.items()
            if (s, a) not in known
        ]
        if new:
            self.connection.execute(insert(SpeakerAlias), new)
