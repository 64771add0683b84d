"""``attribution sql``: one statement of the user's SQL, run so that it cannot write.

SQLite: the file is opened read-only and an authorizer allows reading only;
a server database runs the statement in a read-only transaction.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from sqlalchemy.engine import URL

from attribution.store.db import DatabaseURL, database_url, make_engine
from attribution.store.queries import QueryError, ReadOnlyQueryError


_SQL_TOKEN = re.compile(
    r"""'(?:[^']|'')*'          # string literal
      | "(?:[^"]|"")*"          # quoted identifier
      | `[^`]*`                 # MySQL/SQLite quoted identifier
      | --[^\n]*                # line comment
      | /\*.*?(?:\*/|\Z)        # block comment
      | ;
      | [^'"`;/-]+ | .""",
    re.VERBOSE | re.DOTALL,
)

#: Pragmas that only describe the schema; allowed with an argument (a table or index name).
_INTROSPECTION_PRAGMAS = frozenset(
    (
        "table_info table_xinfo table_list index_list index_info index_xinfo "
        "foreign_key_list foreign_key_check integrity_check quick_check database_list "
        "collation_list function_list module_list pragma_list compile_options"
    ).split()
)
#: Settings that may be read (never set) by read-only SQL.
_READABLE_PRAGMAS = frozenset(
    (
        "user_version schema_version application_id page_size page_count freelist_count "
        "encoding journal_mode foreign_keys data_version query_only"
    ).split()
)
_READ_ACTIONS = frozenset(
    {sqlite3.SQLITE_SELECT, sqlite3.SQLITE_READ, sqlite3.SQLITE_FUNCTION, sqlite3.SQLITE_RECURSIVE}
)


def single_statement(sql: str) -> str:
    """``sql`` without a trailing ``;``; ``ReadOnlyQueryError`` if it holds several statements."""
    end = None
    for match in _SQL_TOKEN.finditer(sql):
        token = match.group()
        if end is None:
            if token == ";":
                end = match.start()
        elif not (token.isspace() or token.startswith(("--", "/*"))):
            raise ReadOnlyQueryError("only one SQL statement may be run at a time")
    statement = sql[:end] if end is not None else sql
    if not statement.strip():
        raise QueryError("empty SQL statement")
    return statement


def _authorize_read(action: int, arg1: str | None, arg2: str | None, _db, _trigger) -> int:
    """SQLite authorizer: allow reading tables and calling functions; deny everything else.

    The one exception, an ``UPDATE`` of ``sqlite_master``, is what SQLite
    asks about while it connects an FTS5 table; a real write there is still
    stopped by the read-only connection.
    """
    if action in _READ_ACTIONS:
        return sqlite3.SQLITE_OK
    if action == sqlite3.SQLITE_UPDATE and arg1 == "sqlite_master":
        return sqlite3.SQLITE_OK
    if action == sqlite3.SQLITE_PRAGMA:
        pragma = (arg1 or "").lower()
        if pragma in _INTROSPECTION_PRAGMAS or (pragma in _READABLE_PRAGMAS and arg2 is None):
            return sqlite3.SQLITE_OK
    return sqlite3.SQLITE_DENY


def _read_only_error(message: str) -> bool:
    message = message.lower()
    return any(
        phrase in message
        for phrase in ("not authorized", "authorization denied", "readonly", "read-only")
    )


def _run_sqlite_readonly(database: str | None, sql: str) -> tuple[list[str], list[tuple]]:
    if not database or database == ":memory:" or database.startswith("file:"):
        raise QueryError("read-only SQL needs an SQLite database file path")
    path = Path(database)
    if not path.is_file():
        raise QueryError(f"no database file at {database}")
    connection = sqlite3.connect(
        f"{path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None
    )
    try:
        connection.execute("PRAGMA query_only = ON")
        connection.set_authorizer(_authorize_read)
        cursor = connection.execute(sql)
        columns = [description[0] for description in cursor.description or ()]
        return columns, cursor.fetchall()
    except sqlite3.Error as error:
        if _read_only_error(str(error)):
            raise ReadOnlyQueryError(f"not allowed in read-only SQL: {error}") from None
        raise QueryError(str(error)) from None
    finally:
        connection.close()


def _run_server_readonly(url: URL, sql: str) -> tuple[list[str], list[tuple]]:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            transaction = connection.begin()
            try:
                connection.exec_driver_sql("SET TRANSACTION READ ONLY")
                # the raw driver cursor: no parameter markers are interpreted in the user's SQL
                cursor = connection.connection.dbapi_connection.cursor()
                cursor.execute(sql)
                columns = [description[0] for description in cursor.description or ()]
                rows = [tuple(row) for row in cursor.fetchall()] if cursor.description else []
                return columns, rows
            except engine.dialect.loaded_dbapi.Error as error:
                raise _server_error(error) from None
            finally:
                transaction.rollback()
    finally:
        engine.dispose()


def _server_error(error: Exception) -> QueryError:
    if getattr(error, "sqlstate", None) == "25006" or _read_only_error(str(error)):
        return ReadOnlyQueryError(f"not allowed in read-only SQL: {error}")
    return QueryError(str(error).strip())


def run_readonly_sql(url: DatabaseURL, sql: str) -> tuple[list[str], list[tuple]]:
    """Run one SQL statement that cannot change the database; return (column names, rows).

    SQLite: the file is opened read-only (``mode=ro``, ``PRAGMA query_only``)
    and an authorizer refuses anything but reading (no ``ATTACH``, no
    pragma that sets a value). PostgreSQL: a ``READ ONLY`` transaction that
    is rolled back. Raises ``ReadOnlyQueryError`` for a write or for several
    statements, ``QueryError`` for any other failure.
    """
    statement = single_statement(sql)
    url = database_url(url)
    if url.get_backend_name() == "sqlite":
        return _run_sqlite_readonly(url.database, statement)
    return _run_server_readonly(url, statement)
