"""Opening the history database: folder checks, WAL, migrations, setting a corrupt file aside."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
import time
from pathlib import Path

from mockview.core.history import migrations
from mockview.core.history.records import HistoryError

DB_NAME = "history.sqlite3"

# sqlite3 primary result codes (sqlite3.h) that mean "this file is damaged, not busy".
SQLITE_BUSY = 5
SQLITE_CORRUPT = 11
SQLITE_FULL = 13
SQLITE_NOTADB = 26
BUSY_TIMEOUT_S = 10.0  # another process writing (a migration, an import) is waited for
CHECKED_TABLES = {"attempts", "figures", "question_snapshots"}


def error_code(error: sqlite3.Error) -> int:
    return (getattr(error, "sqlite_errorcode", 0) or 0) & 0xFF


def describe(error: BaseException) -> str:
    """A short reason for a user message."""
    if isinstance(error, sqlite3.Error):
        code = error_code(error)
        if code == SQLITE_FULL or "disk is full" in str(error):
            return "the disk is full (free some space and try again)"
        if code in (SQLITE_CORRUPT, SQLITE_NOTADB):
            return f"the database file is damaged ({error})"
        return str(error)
    if isinstance(error, OSError):
        return error.strerror or str(error)
    return str(error)


def ensure_dir(folder: Path, what: str) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        reason = describe(error)
        raise HistoryError(f"Cannot create the {what} folder {folder}: {reason}") from error
    if not os.access(folder, os.W_OK | os.X_OK):
        raise HistoryError(f"The {what} folder {folder} is not writable")


def _use_wal(conn: sqlite3.Connection) -> None:
    """Switches a new database to WAL, waiting for another process doing the same.

    The switch can answer "database is locked" at once, without waiting the busy timeout, when
    another process opens the same new file: 1 in 120 of 12 processes starting together did.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_S
    while True:
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as error:
            if error_code(error) != SQLITE_BUSY or time.monotonic() > deadline:
                raise
        time.sleep(0.01)


def _connect(path: Path) -> sqlite3.Connection:
    # One connection shared by all threads behind the repository's lock; autocommit mode so
    # that transactions are explicit (BEGIN IMMEDIATE) and migrations control their own.
    conn = sqlite3.connect(
        path, check_same_thread=False, isolation_level=None, timeout=BUSY_TIMEOUT_S
    )
    try:
        _use_wal(conn)
        # FULL: a committed attempt survives a power cut, not only a crash; writes are rare.
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        # Keep the WAL from staying at its peak size after a big import or migration.
        conn.execute("PRAGMA journal_size_limit = 67108864")
        conn.execute("PRAGMA cache_size = -16000")  # 16 MB: summaries stay in memory
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        # The tables every view depends on: damage here sets the file aside. The transcript and
        # feedback table is checked by find_damage, after the migrations: damage there costs
        # only the attempts it touches.
        for table in sorted(tables & CHECKED_TABLES):
            result = conn.execute(f"PRAGMA quick_check({table})").fetchone()[0]
            if result != "ok":
                raise sqlite3.DatabaseError(f"quick_check({table}): {result}")
    except BaseException:
        conn.close()
        raise
    return conn


def _is_damage(error: sqlite3.Error) -> bool:
    if error_code(error) in (SQLITE_CORRUPT, SQLITE_NOTADB):
        return True
    text = str(error)
    return "quick_check" in text or "not a database" in text or "malformed" in text


def _set_aside(path: Path) -> Path:
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    aside = path.with_name(f"{path.name}.corrupt-{stamp}")
    n = 1
    while aside.exists():
        n += 1
        aside = path.with_name(f"{path.name}.corrupt-{stamp}-{n}")
    path.rename(aside)
    for suffix in ("-wal", "-shm"):
        side = path.with_name(path.name + suffix)
        if side.exists():
            with contextlib.suppress(OSError):
                side.rename(aside.with_name(aside.name + suffix))
    return aside


def open_database(path: Path) -> tuple[sqlite3.Connection, str]:
    """Opens (creating or migrating) the database at `path`; returns it and a notice ("" if none).

    A damaged file is renamed aside and a new database started, so that practice can go on; the
    notice tells the user where the old file is.
    """
    notice = ""
    try:
        conn = _connect(path)
    except sqlite3.Error as error:
        if not _is_damage(error):
            raise HistoryError(
                f"Cannot open the history database {path}: {describe(error)}"
            ) from error
        try:
            aside = _set_aside(path)
        except OSError as rename_error:
            raise HistoryError(
                f"The history database {path} is damaged and could not be moved aside: "
                f"{describe(rename_error)}"
            ) from rename_error
        notice = (
            f"The practice history database was damaged and has been set aside as {aside}; "
            "a new, empty history was started. Recordings are still in the recordings folder."
        )
        try:
            conn = _connect(path)
        except sqlite3.Error as error2:
            raise HistoryError(
                f"Cannot create the history database {path}: {describe(error2)}"
            ) from error2
    try:
        migrations.migrate(conn)
    except migrations.SchemaVersionError as error:
        conn.close()
        raise HistoryError(f"Cannot open the history database {path}: {error}") from error
    except (sqlite3.Error, RuntimeError) as error:
        conn.close()
        raise HistoryError(
            f"Cannot update the history database {path}: {describe(error)}"
        ) from error
    damage = find_damage(conn)
    if damage:
        notice = "\n".join(filter(None, [notice, damage]))
    return conn, notice


# Attempts whose stored data cannot be used as it is: transcript or feedback that is not a JSON
# object, figures that are not JSON, a length that is not a number, a question snapshot that is
# not JSON. Each CASE tests the type first: SQLite 3.40's json functions raise on a BLOB.
_BAD_DATA = """
SELECT attempt_id FROM attempt_data WHERE
    CASE WHEN transcript_json IS NULL THEN 0 WHEN typeof(transcript_json) != 'text' THEN 1
         WHEN NOT json_valid(transcript_json) THEN 1 ELSE json_type(transcript_json) != 'object'
    END OR
    CASE WHEN feedback_json IS NULL THEN 0 WHEN typeof(feedback_json) != 'text' THEN 1
         WHEN NOT json_valid(feedback_json) THEN 1 ELSE json_type(feedback_json) != 'object' END
UNION
SELECT id FROM attempts WHERE typeof(duration_s) NOT IN ('real', 'integer') OR
    CASE WHEN figures_json IS NULL THEN 0 WHEN typeof(figures_json) != 'text' THEN 1
         WHEN NOT json_valid(figures_json) THEN 1 ELSE json_type(figures_json) != 'object' END
    OR question_hash NOT IN (
        SELECT hash FROM question_snapshots WHERE typeof(json) = 'text' AND json_valid(json))
"""


def _unreadable_rows(conn: sqlite3.Connection) -> list[str]:
    """Attempts whose transcript and feedback row cannot be read at all (damaged pages)."""
    bad = []
    for (attempt_id,) in conn.execute("SELECT id FROM attempts").fetchall():
        try:
            conn.execute(
                "SELECT length(transcript_json), length(feedback_json) FROM attempt_data "
                "WHERE attempt_id = ?",
                (attempt_id,),
            ).fetchall()
        except sqlite3.DatabaseError:
            bad.append(str(attempt_id))
    return bad


def find_damage(conn: sqlite3.Connection) -> str:
    """A notice naming the attempts whose stored data is damaged ("" when there are none).

    Run at each start: measured on 5,000 attempts with 23 KB transcripts (a 124 MB database),
    the structure check of the transcript table and the JSON checks take 0.07 s with the file
    in the page cache and about 1.3 s from a cold disk. Damage here sets nothing aside: the
    attempts stay listed, reading their transcript gives a HistoryError naming them, and an
    export leaves them out with a warning.
    """
    try:
        structure = conn.execute("PRAGMA quick_check(attempt_data)").fetchone()[0]
    except sqlite3.DatabaseError as error:
        structure = describe(error)
    bad = set(_unreadable_rows(conn)) if structure != "ok" else set()
    try:
        bad.update(str(r[0]) for r in conn.execute(_BAD_DATA))
    except sqlite3.DatabaseError:
        if structure == "ok":  # damage the structure check did not see: name the table
            structure = "the transcripts could not be read"
    if not bad and structure == "ok":
        return ""
    if not bad:
        return (
            "The practice history database is damaged where transcripts and feedback are kept "
            f"({structure[:80]}), though every attempt could still be read."
        )
    named = ", ".join(a[:8] for a in sorted(bad)[:5]) + (", ..." if len(bad) > 5 else "")
    return (
        f"The practice history database is damaged: {len(bad)} attempt(s) cannot be read in "
        f"full ({named}). They stay listed with what can be read; an export leaves out any "
        "attempt whose transcript or feedback cannot be read. The rest of the history is intact."
    )
