"""Opening the history database: folder checks, WAL, migrations, setting a corrupt file aside."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
from pathlib import Path

from mockview.core.history import migrations
from mockview.core.history.records import HistoryError

DB_NAME = "history.sqlite3"

# sqlite3 primary result codes (sqlite3.h) that mean "this file is damaged, not busy".
SQLITE_CORRUPT = 11
SQLITE_FULL = 13
SQLITE_NOTADB = 26
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


def _connect(path: Path) -> sqlite3.Connection:
    # One connection shared by all threads behind the repository's lock; autocommit mode so
    # that transactions are explicit (BEGIN IMMEDIATE) and migrations control their own.
    conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None, timeout=10.0)
    try:
        conn.execute("PRAGMA journal_mode = WAL")
        # FULL: a committed attempt survives a power cut, not only a crash; writes are rare.
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        # Keep the WAL from staying at its peak size after a big import or migration.
        conn.execute("PRAGMA journal_size_limit = 67108864")
        conn.execute("PRAGMA cache_size = -16000")  # 16 MB: summaries stay in memory
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        # Check the tables every view depends on. The large transcript/feedback table is left
        # out: checking it costs ~0.1 s per 100 MB at each start, and damage there costs one
        # attempt's transcript (a HistoryError when read), not the whole history.
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
    except (sqlite3.Error, RuntimeError) as error:
        conn.close()
        raise HistoryError(
            f"Cannot update the history database {path}: {describe(error)}"
        ) from error
    return conn, notice
