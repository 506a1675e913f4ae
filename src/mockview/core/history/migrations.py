"""Numbered schema migrations for the history database, each applied in its own transaction.

`PRAGMA user_version` holds the number of the last migration applied. A migration is never edited
once released: a change to the schema is a new, higher-numbered one.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable

# 001: the first schema. Figures lived in a JSON column, which made "best by figure" a full scan.
_001 = """
CREATE TABLE attempts (
    id              TEXT PRIMARY KEY,
    bank_id         TEXT NOT NULL,
    question_id     TEXT NOT NULL,
    question_json   TEXT NOT NULL,
    started_at      TEXT NOT NULL,
    duration_s      REAL NOT NULL DEFAULT 0,
    audio_path      TEXT NOT NULL,
    transcript_json TEXT,
    feedback_json   TEXT,
    figures_json    TEXT,
    model_name      TEXT NOT NULL DEFAULT '',
    device          TEXT NOT NULL DEFAULT '',
    state           TEXT NOT NULL,
    error           TEXT NOT NULL DEFAULT '',
    note            TEXT NOT NULL DEFAULT '',
    star            INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX attempts_by_question ON attempts (bank_id, question_id, started_at);
"""

# 002: figures as rows, indexed, so best-of and series are index lookups; pending attempts
# indexed by state for the start-up recovery check.
_002 = """
CREATE TABLE figures (
    attempt_id TEXT NOT NULL REFERENCES attempts (id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    value      REAL NOT NULL,
    PRIMARY KEY (attempt_id, name)
) WITHOUT ROWID;
CREATE INDEX attempts_by_state ON attempts (state);
"""


def _backfill_figures(conn: sqlite3.Connection) -> None:
    rows = conn.execute(
        "SELECT id, figures_json FROM attempts WHERE figures_json IS NOT NULL"
    ).fetchall()
    for attempt_id, figures_json in rows:
        figures = json.loads(figures_json) or {}
        conn.executemany(
            "INSERT OR REPLACE INTO figures (attempt_id, name, value) VALUES (?, ?, ?)",
            [(attempt_id, name, float(value)) for name, value in figures.items()
             if isinstance(value, int | float)],
        )


def _run_script(sql: str) -> Callable[[sqlite3.Connection], None]:
    def apply(conn: sqlite3.Connection) -> None:
        # executescript() would COMMIT first; statements one by one stay inside our transaction.
        for statement in sql.split(";"):
            if statement.strip():
                conn.execute(statement)

    return apply


def _002_apply(conn: sqlite3.Connection) -> None:
    _run_script(_002)(conn)
    _backfill_figures(conn)


# Index i holds migration number i + 1.
MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [
    _run_script(_001),
    _002_apply,
]
LATEST = len(MIGRATIONS)


def schema_version(conn: sqlite3.Connection) -> int:
    return conn.execute("PRAGMA user_version").fetchone()[0]


def migrate(conn: sqlite3.Connection, target: int = LATEST) -> list[int]:
    """Brings the database up to `target`; returns the numbers applied.

    The connection must be in autocommit mode (isolation_level=None). Each migration and its
    version bump commit together, so a crash leaves the database at a whole version.
    """
    current = schema_version(conn)
    if current > LATEST:
        raise RuntimeError(
            f"the history database is at schema version {current}, newer than this MockView "
            f"knows ({LATEST}); update MockView"
        )
    applied = []
    for number in range(current + 1, target + 1):
        conn.execute("BEGIN IMMEDIATE")
        try:
            MIGRATIONS[number - 1](conn)
            conn.execute(f"PRAGMA user_version = {number}")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
        applied.append(number)
    return applied
