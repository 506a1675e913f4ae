"""Numbered schema migrations for the history database, applied in one transaction.

`PRAGMA user_version` holds the number of the last migration applied. A migration is never edited
once released: a change to the schema is a new, higher-numbered one.
"""

from __future__ import annotations

import hashlib
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

# 002: measured on 10,000 attempts (bench/history_queries.py), 001 made listing and summaries
# read every transcript: SQLite walks a row's overflow pages to reach columns stored after a
# large one. So: the large JSON moves to attempt_data (read only when asked for), question
# snapshots are stored once per distinct content, and figures become rows that carry their
# attempt's bank, question and time, so best-of and series are index range reads.
_002_TABLES = """
CREATE TABLE question_snapshots (
    hash TEXT PRIMARY KEY,
    json TEXT NOT NULL
);
CREATE TABLE attempts (
    id            TEXT PRIMARY KEY,
    bank_id       TEXT NOT NULL,
    question_id   TEXT NOT NULL,
    started_at    TEXT NOT NULL,
    state         TEXT NOT NULL,
    duration_s    REAL NOT NULL DEFAULT 0,
    star          INTEGER NOT NULL DEFAULT 0,
    model_name    TEXT NOT NULL DEFAULT '',
    device        TEXT NOT NULL DEFAULT '',
    error         TEXT NOT NULL DEFAULT '',
    note          TEXT NOT NULL DEFAULT '',
    audio_path    TEXT NOT NULL,
    question_hash TEXT NOT NULL REFERENCES question_snapshots (hash),
    figures_json  TEXT
);
CREATE TABLE attempt_data (
    attempt_id      TEXT PRIMARY KEY REFERENCES attempts (id) ON DELETE CASCADE,
    transcript_json TEXT,
    feedback_json   TEXT
);
CREATE TABLE figures (
    attempt_id  TEXT NOT NULL REFERENCES attempts (id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    value       REAL NOT NULL,
    bank_id     TEXT NOT NULL,
    question_id TEXT NOT NULL,
    started_at  TEXT NOT NULL,
    PRIMARY KEY (attempt_id, name)
) WITHOUT ROWID
"""

_002_COPY = """
INSERT OR IGNORE INTO question_snapshots (hash, json)
    SELECT snapshot_hash(question_json), question_json FROM attempts_v1;
INSERT INTO attempts (id, bank_id, question_id, started_at, state, duration_s, star, model_name,
                      device, error, note, audio_path, question_hash, figures_json)
    SELECT id, bank_id, question_id, started_at, state, duration_s, star, model_name, device,
           error, note, audio_path, snapshot_hash(question_json), figures_json FROM attempts_v1;
INSERT INTO attempt_data (attempt_id, transcript_json, feedback_json)
    SELECT id, transcript_json, feedback_json FROM attempts_v1;
INSERT INTO figures (attempt_id, name, value, bank_id, question_id, started_at)
    SELECT a.id, j.key, j.value, a.bank_id, a.question_id, a.started_at
    FROM attempts_v1 a, json_each(a.figures_json) j
    WHERE a.figures_json IS NOT NULL AND a.state IN ('done', 'recovered')
      AND j.type IN ('integer', 'real');
DROP TABLE attempts_v1
"""

_002_INDEXES = """
CREATE INDEX attempts_list ON attempts (bank_id, question_id, started_at);
CREATE INDEX attempts_summary ON attempts (bank_id, question_id, state, started_at, star);
CREATE INDEX attempts_by_state ON attempts (state);
CREATE INDEX figures_best ON figures (bank_id, question_id, name, value, started_at);
CREATE INDEX figures_series ON figures (bank_id, question_id, name, started_at, value)
"""


def snapshot_hash(question_json: str) -> str:
    """Content address of a question snapshot: the same question asked twice is stored once."""
    canonical = json.dumps(json.loads(question_json), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:32]


def _statements(sql: str) -> list[str]:
    return [s for s in sql.split(";\n") if s.strip()]


def _run_script(sql: str) -> Callable[[sqlite3.Connection], None]:
    def apply(conn: sqlite3.Connection) -> None:
        # executescript() would COMMIT first; statements one by one stay inside our transaction.
        for statement in _statements(sql):
            conn.execute(statement)

    return apply


def _002_apply(conn: sqlite3.Connection) -> None:
    conn.create_function("snapshot_hash", 1, snapshot_hash, deterministic=True)
    # Rename first, so the new tables' foreign keys name the new `attempts`, and dropping the
    # old one cascades into nothing.
    conn.execute("ALTER TABLE attempts RENAME TO attempts_v1")
    conn.execute("DROP INDEX attempts_by_question")
    for sql in (_002_TABLES, _002_COPY, _002_INDEXES):
        _run_script(sql)(conn)


# 003: takes too short to judge (under 10 s or 20 words of speech, core/feedback/verdict.py as
# of this migration) were stored "done" and ranked: a 1-second take's 353 WPM reached best-of and
# charts, and a silent one made its question the weakest. They become "short", without figure
# rows. The bounds are written out: a later change to verdict.py must not rewrite this past.
_003 = """
UPDATE attempts SET state = 'short'
    WHERE state IN ('done', 'recovered') AND id IN (
        SELECT attempt_id FROM figures
        WHERE (name = 'speaking_s' AND value < 10) OR (name = 'word_count' AND value < 20));
DELETE FROM figures WHERE attempt_id IN (SELECT id FROM attempts WHERE state = 'short')
"""

# Index i holds migration number i + 1.
MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [
    _run_script(_001),
    _002_apply,
    _run_script(_003),
]
LATEST = len(MIGRATIONS)


class SchemaVersionError(RuntimeError):
    """The database's schema version is not one this MockView can bring up to date."""


def schema_version(conn: sqlite3.Connection) -> int:
    version: int = conn.execute("PRAGMA user_version").fetchone()[0]
    return version


def _check_version(version: int) -> None:
    if version < 0:
        # No MockView ever wrote a negative version: the file header was changed or damaged.
        raise SchemaVersionError(
            f"its schema version ({version}) is not one MockView ever wrote, so the database "
            "is damaged; it was left as it is (move it aside to start a new history)"
        )
    if version > LATEST:
        raise SchemaVersionError(
            f"the history database is at schema version {version}, newer than this MockView "
            f"knows ({LATEST}): a newer MockView wrote it; update MockView"
        )


def migrate(conn: sqlite3.Connection, target: int = LATEST) -> list[int]:
    """Brings the database up to `target`; returns the numbers applied.

    The connection must be in autocommit mode (isolation_level=None). The version is read after
    BEGIN IMMEDIATE has taken the write lock, and every migration and the version bump commit
    together: two processes starting on a fresh data folder at once cannot both create the
    tables (reading the version first made 4 of 20 such starts fail), and a crash leaves the
    database at a whole version.
    """
    current = schema_version(conn)
    _check_version(current)
    if current >= target:
        return []  # the usual start: no write lock needed
    conn.execute("BEGIN IMMEDIATE")
    try:
        current = schema_version(conn)  # another process may have migrated meanwhile
        _check_version(current)
        applied = list(range(current + 1, target + 1))
        for number in applied:
            MIGRATIONS[number - 1](conn)
        if applied:
            conn.execute(f"PRAGMA user_version = {applied[-1]}")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
    return applied
