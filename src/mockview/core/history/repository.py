"""SQL for the history store: rows in and out of the attempts and figures tables.

Every method takes the connection lock, so one connection serves the UI and worker threads.
Writes run in one transaction each (BEGIN IMMEDIATE .. COMMIT): a crash or a full disk leaves
either the whole change or none of it.
"""

from __future__ import annotations

import builtins
import contextlib
import json
import math
import sqlite3
import threading
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path, PurePosixPath
from typing import Any

from mockview.core.history import rows as rows_mod
from mockview.core.history.migrations import snapshot_hash
from mockview.core.history.records import (
    FINISHED_STATES,
    PENDING_STATES,
    Attempt,
    Deferred,
    FigurePoint,
    HistoryError,
    QuestionSnapshot,
)
from mockview.core.history.rows import Row
from mockview.core.transcript import Transcript

# Small columns only: lists never read transcripts or feedback (see migrations 002).
_COLUMNS = (
    "id, bank_id, started_at, state, duration_s, star, model_name, device, error, note, "
    "audio_path, question_hash, figures_json"
)
_FINISHED = "('" + "','".join(FINISHED_STATES) + "')"


class Repository:
    def __init__(self, conn: sqlite3.Connection, data_dir: Path) -> None:
        self.conn = conn
        self.data_dir = data_dir
        self.lock = threading.RLock()
        self._snapshots: dict[str, QuestionSnapshot] = {}  # by content hash; never change

    # -- plumbing -------------------------------------------------------------------------------

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        with self.lock:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
            except BaseException:
                # A failed COMMIT (disk full) may already have rolled back; ignore that case.
                with contextlib.suppress(sqlite3.Error):
                    self.conn.execute("ROLLBACK")
                raise
            else:
                try:
                    self.conn.execute("COMMIT")
                except BaseException:
                    with contextlib.suppress(sqlite3.Error):
                        self.conn.execute("ROLLBACK")
                    raise

    def _query(self, sql: str, params: Sequence[object] = ()) -> list[Row]:
        with self.lock:
            return self.conn.execute(sql, params).fetchall()

    def relative_audio(self, path: Path) -> str:
        """Audio paths are stored relative to the data dir (POSIX style) so the folder can move."""
        try:
            return PurePosixPath(Path(path).relative_to(self.data_dir)).as_posix()
        except ValueError:
            return str(path)  # outside the data dir (should not happen): keep it as given

    def absolute_audio(self, stored: str) -> Path:
        path = Path(stored)
        return path if path.is_absolute() else self.data_dir / PurePosixPath(stored)

    # -- rows <-> records ---------------------------------------------------------------------

    def _snapshot(self, question_hash: str) -> QuestionSnapshot:
        snapshot = self._snapshots.get(question_hash)
        if snapshot is None:
            row = self._query(
                "SELECT json FROM question_snapshots WHERE hash = ?", (question_hash,)
            )
            snapshot = self._snapshots[question_hash] = rows_mod.snapshot(row)
        return snapshot

    def _load_json(self, attempt_id: str, column: str) -> dict[str, Any] | None:
        """A transcript or feedback object; a damaged one is a HistoryError naming the attempt."""
        try:
            rows = self._query(
                f"SELECT {column} FROM attempt_data WHERE attempt_id = ?", (attempt_id,)
            )
        except sqlite3.Error as error:  # a damaged page, or a read after the service closed
            raise HistoryError(f"Cannot read attempt {attempt_id}: {error}") from error
        return rows_mod.stored_object(rows[0][0] if rows else None, attempt_id, column)

    def _load_transcript(self, attempt_id: str) -> Transcript | None:
        data = self._load_json(attempt_id, "transcript_json")
        return rows_mod.stored_transcript(data, attempt_id) if data else None

    def _attempt(self, row: Row) -> Attempt:
        (
            attempt_id,
            bank_id,
            started_at,
            state,
            duration_s,
            star,
            model_name,
            device,
            error,
            note,
            audio_path,
            question_hash,
            figures_json,
        ) = row
        return Attempt(
            id=attempt_id,
            bank_id=bank_id,
            question=self._snapshot(question_hash),
            started_at=started_at,
            audio_path=self.absolute_audio(audio_path),
            state=state,
            duration_s=rows_mod.number(duration_s),
            transcript=Deferred(lambda: self._load_transcript(attempt_id)),
            feedback=Deferred(lambda: self._load_json(attempt_id, "feedback_json")),
            figures=rows_mod.figures(figures_json),
            model_name=model_name,
            device=device,
            error=error,
            note=note,
            star=bool(star),
        )

    def row_dict(self, attempt: Attempt) -> dict[str, Any]:
        """An attempt as a JSON-ready dict (the export format); audio_path relative."""
        return {
            "id": attempt.id,
            "bank_id": attempt.bank_id,
            "question": attempt.question.to_dict(),
            "started_at": attempt.started_at,
            "duration_s": attempt.duration_s,
            "audio_path": self.relative_audio(attempt.audio_path),
            "transcript": attempt.transcript.to_dict() if attempt.transcript else None,
            "feedback": attempt.feedback,
            "figures": attempt.figures,
            "model_name": attempt.model_name,
            "device": attempt.device,
            "state": attempt.state,
            "error": attempt.error,
            "note": attempt.note,
            "star": attempt.star,
        }

    # -- writes ---------------------------------------------------------------------------------

    def insert(self, conn: sqlite3.Connection, attempt: Attempt) -> None:
        question_json = json.dumps(attempt.question.to_dict())
        question_hash = snapshot_hash(question_json)
        conn.execute(
            "INSERT OR IGNORE INTO question_snapshots (hash, json) VALUES (?, ?)",
            (question_hash, question_json),
        )
        conn.execute(
            f"INSERT INTO attempts ({_COLUMNS}, question_id) VALUES ({', '.join('?' * 14)})",
            (
                attempt.id,
                attempt.bank_id,
                attempt.started_at,
                attempt.state,
                attempt.duration_s,
                int(attempt.star),
                attempt.model_name,
                attempt.device,
                attempt.error,
                attempt.note,
                self.relative_audio(attempt.audio_path),
                question_hash,
                json.dumps(attempt.figures) if attempt.figures else None,
                attempt.question.id,
            ),
        )
        transcript = attempt.transcript
        self._write_data(
            conn,
            attempt.id,
            transcript.to_dict() if transcript is not None else None,
            attempt.feedback,
        )
        self._write_figures(conn, attempt, attempt.state, attempt.figures)

    def _write_data(
        self,
        conn: sqlite3.Connection,
        attempt_id: str,
        transcript: dict[str, Any] | None,
        feedback: dict[str, Any] | None,
    ) -> None:
        conn.execute(
            "INSERT OR REPLACE INTO attempt_data (attempt_id, transcript_json, feedback_json) "
            "VALUES (?, ?, ?)",
            (
                attempt_id,
                json.dumps(transcript) if transcript is not None else None,
                json.dumps(feedback) if feedback is not None else None,
            ),
        )

    def _write_figures(
        self, conn: sqlite3.Connection, attempt: Attempt, state: str, figures: Mapping[str, object]
    ) -> None:
        # Only finished attempts have figures worth ranking or charting.
        conn.execute("DELETE FROM figures WHERE attempt_id = ?", (attempt.id,))
        if state not in FINISHED_STATES:
            return
        conn.executemany(
            "INSERT INTO figures (attempt_id, name, value, bank_id, question_id, started_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [
                (
                    attempt.id,
                    str(k),
                    float(v),
                    attempt.bank_id,
                    attempt.question.id,
                    attempt.started_at,
                )
                for k, v in figures.items()
                if isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v)
            ],
        )

    def set_result(
        self,
        conn: sqlite3.Connection,
        attempt_id: str,
        *,
        state: str,
        duration_s: float,
        transcript: dict[str, Any] | None,
        feedback: dict[str, Any] | None,
        figures: Mapping[str, object],
        error: str = "",
    ) -> int:
        cur = conn.execute(
            "UPDATE attempts SET state = ?, duration_s = ?, figures_json = ?, error = ? "
            "WHERE id = ?",
            (state, float(duration_s), json.dumps(figures) if figures else None, error, attempt_id),
        )
        if cur.rowcount:
            self._write_data(conn, attempt_id, transcript, feedback)
            row = conn.execute(
                f"SELECT {_COLUMNS} FROM attempts WHERE id = ?", (attempt_id,)
            ).fetchone()
            self._write_figures(conn, self._attempt(row), state, figures)
        return cur.rowcount

    def update(self, conn: sqlite3.Connection, attempt_id: str, **columns: object) -> int:
        assignments = ", ".join(f"{name} = ?" for name in columns)  # names come from our code
        cur = conn.execute(
            f"UPDATE attempts SET {assignments} WHERE id = ?", (*columns.values(), attempt_id)
        )
        return cur.rowcount

    def delete(self, conn: sqlite3.Connection, attempt_ids: list[str]) -> None:
        for attempt_id in attempt_ids:  # attempt_data and figures follow by ON DELETE CASCADE
            conn.execute("DELETE FROM attempts WHERE id = ?", (attempt_id,))
        conn.execute(
            "DELETE FROM question_snapshots WHERE hash NOT IN (SELECT question_hash FROM attempts)"
        )

    # -- reads ----------------------------------------------------------------------------------

    def get(self, attempt_id: str) -> Attempt | None:
        """One attempt with transcript and feedback already read (so the caller's thread,
        not a later reader's, pays for it)."""
        rows = self._query(f"SELECT {_COLUMNS} FROM attempts WHERE id = ?", (attempt_id,))
        if not rows:
            return None
        attempt = self._attempt(rows[0])
        _ = attempt.transcript, attempt.feedback
        return attempt

    def ids_with_prefix(self, prefix: str, limit: int = 5) -> list[str]:
        escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        rows = self._query(
            "SELECT id FROM attempts WHERE id LIKE ? ESCAPE '\\' LIMIT ?", (escaped + "%", limit)
        )
        return [r[0] for r in rows]

    def exists(self, attempt_id: str) -> bool:
        return bool(self._query("SELECT 1 FROM attempts WHERE id = ?", (attempt_id,)))

    def attempts_for(self, bank_id: str, question_id: str) -> list[Attempt]:
        rows = self._query(
            f"SELECT {_COLUMNS} FROM attempts INDEXED BY attempts_list "
            "WHERE bank_id = ? AND question_id = ? ORDER BY started_at DESC, rowid DESC",
            (bank_id, question_id),
        )
        return [self._attempt(r) for r in rows]

    def list(self, bank_id: str | None = None, limit: int | None = None) -> list[Attempt]:
        sql = f"SELECT {_COLUMNS} FROM attempts"
        params: tuple[str, ...] = ()
        if bank_id is not None:
            sql += " WHERE bank_id = ?"
            params = (bank_id,)
        sql += " ORDER BY started_at DESC, rowid DESC"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return [self._attempt(r) for r in self._query(sql, params)]

    # From here on `list` names the method above; annotations say builtins.list.

    def pending(self) -> builtins.list[Attempt]:
        marks = ", ".join("?" * len(PENDING_STATES))
        rows = self._query(
            f"SELECT {_COLUMNS} FROM attempts WHERE state IN ({marks}) ORDER BY started_at",
            PENDING_STATES,
        )
        return [self._attempt(r) for r in rows]

    def best_id(self, bank_id: str, question_id: str, figure: str, higher: bool) -> str | None:
        order = "DESC" if higher else "ASC"
        rows = self._query(
            "SELECT attempt_id FROM figures WHERE bank_id = ? AND question_id = ? AND name = ? "
            f"ORDER BY value {order}, started_at DESC LIMIT 1",
            (bank_id, question_id, figure),
        )
        return rows[0][0] if rows else None

    def figure_series(
        self, bank_id: str, question_id: str, figure: str
    ) -> builtins.list[FigurePoint]:
        rows = self._query(
            "SELECT attempt_id, started_at, value FROM figures INDEXED BY figures_series "
            "WHERE bank_id = ? AND question_id = ? AND name = ? ORDER BY started_at",
            (bank_id, question_id, figure),
        )
        return [FigurePoint(attempt_id=r[0], started_at=r[1], value=r[2]) for r in rows]

    def question_stats(self, bank_id: str) -> builtins.list[Row]:
        """(question_id, finished count, last started_at, starred count) per practised question."""
        return self._query(
            "SELECT question_id, COUNT(*), MAX(started_at), SUM(star) "
            "FROM attempts INDEXED BY attempts_summary "
            f"WHERE bank_id = ? AND state IN {_FINISHED} GROUP BY question_id",
            (bank_id,),
        )

    def last_figures(self, bank_id: str, question_id: str) -> dict[str, float]:
        """The figures of a question's latest finished attempt."""
        rows = self._query(
            "SELECT figures_json FROM attempts INDEXED BY attempts_list "
            f"WHERE bank_id = ? AND question_id = ? AND state IN {_FINISHED} "
            "ORDER BY started_at DESC LIMIT 1",
            (bank_id, question_id),
        )
        return rows_mod.figures(rows[0][0]) if rows else {}

    def extreme_figure(
        self, bank_id: str, question_id: str, figure: str, higher: bool
    ) -> float | None:
        """The best value of a figure for a question (an index edge read), or None."""
        fn = "MAX" if higher else "MIN"
        value: float | None = self._query(
            f"SELECT {fn}(value) FROM figures WHERE bank_id = ? AND question_id = ? AND name = ?",
            (bank_id, question_id, figure),
        )[0][0]
        return value

    def audio_paths(self, bank_id: str | None = None) -> builtins.list[Path]:
        sql = "SELECT audio_path FROM attempts"
        params: tuple[str, ...] = ()
        if bank_id is not None:
            sql += " WHERE bank_id = ?"
            params = (bank_id,)
        return [self.absolute_audio(r[0]) for r in self._query(sql, params)]

    def count(self, bank_id: str | None = None) -> int:
        if bank_id is None:
            rows = self._query("SELECT COUNT(*) FROM attempts")
        else:
            rows = self._query("SELECT COUNT(*) FROM attempts WHERE bank_id = ?", (bank_id,))
        count: int = rows[0][0]
        return count
