"""SQL for the history store: rows in and out of the attempts and figures tables.

Every method takes the connection lock, so one connection serves the UI and worker threads.
Writes run in one transaction each (BEGIN IMMEDIATE .. COMMIT): a crash or a full disk leaves
either the whole change or none of it.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from mockview.core.history.records import (
    FINISHED_STATES,
    PENDING_STATES,
    Attempt,
    FigurePoint,
    QuestionSnapshot,
)
from mockview.core.transcript import Transcript

_COLUMNS = (
    "id, bank_id, question_id, question_json, started_at, duration_s, audio_path, "
    "transcript_json, feedback_json, figures_json, model_name, device, state, error, note, star"
)
_FINISHED = "('" + "','".join(FINISHED_STATES) + "')"


class Repository:
    def __init__(self, conn: sqlite3.Connection, data_dir: Path) -> None:
        self.conn = conn
        self.data_dir = data_dir
        self.lock = threading.RLock()

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

    def _query(self, sql: str, params: tuple = ()) -> list[tuple]:
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

    def _attempt(self, row: tuple) -> Attempt:
        (attempt_id, bank_id, _qid, question_json, started_at, duration_s, audio_path,
         transcript_json, feedback_json, figures_json, model_name, device, state, error, note,
         star) = row
        return Attempt(
            id=attempt_id,
            bank_id=bank_id,
            question=QuestionSnapshot.from_dict(json.loads(question_json)),
            started_at=started_at,
            audio_path=self.absolute_audio(audio_path),
            state=state,
            duration_s=float(duration_s or 0.0),
            transcript=Transcript.from_dict(json.loads(transcript_json))
            if transcript_json else None,
            feedback=json.loads(feedback_json) if feedback_json else None,
            figures=json.loads(figures_json) if figures_json else {},
            model_name=model_name,
            device=device,
            error=error,
            note=note,
            star=bool(star),
        )

    def row_dict(self, attempt: Attempt) -> dict:
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
        conn.execute(
            f"INSERT INTO attempts ({_COLUMNS}) VALUES ({', '.join('?' * 16)})",
            (
                attempt.id, attempt.bank_id, attempt.question.id,
                json.dumps(attempt.question.to_dict()), attempt.started_at, attempt.duration_s,
                self.relative_audio(attempt.audio_path),
                json.dumps(attempt.transcript.to_dict()) if attempt.transcript else None,
                json.dumps(attempt.feedback) if attempt.feedback is not None else None,
                json.dumps(attempt.figures) if attempt.figures else None,
                attempt.model_name, attempt.device, attempt.state, attempt.error, attempt.note,
                int(attempt.star),
            ),
        )
        self._write_figures(conn, attempt.id, attempt.figures)

    def _write_figures(self, conn: sqlite3.Connection, attempt_id: str, figures: dict) -> None:
        conn.execute("DELETE FROM figures WHERE attempt_id = ?", (attempt_id,))
        conn.executemany(
            "INSERT INTO figures (attempt_id, name, value) VALUES (?, ?, ?)",
            [(attempt_id, str(k), float(v)) for k, v in figures.items()
             if isinstance(v, int | float) and not isinstance(v, bool)],
        )

    def set_result(
        self, conn: sqlite3.Connection, attempt_id: str, *, state: str, duration_s: float,
        transcript: dict | None, feedback: dict | None, figures: dict, error: str = "",
    ) -> int:
        cur = conn.execute(
            "UPDATE attempts SET state = ?, duration_s = ?, transcript_json = ?, "
            "feedback_json = ?, figures_json = ?, error = ? WHERE id = ?",
            (
                state, float(duration_s),
                json.dumps(transcript) if transcript is not None else None,
                json.dumps(feedback) if feedback is not None else None,
                json.dumps(figures) if figures else None,
                error, attempt_id,
            ),
        )
        if cur.rowcount:
            self._write_figures(conn, attempt_id, figures)
        return cur.rowcount

    def update(self, conn: sqlite3.Connection, attempt_id: str, **columns) -> int:
        assignments = ", ".join(f"{name} = ?" for name in columns)  # names come from our code
        cur = conn.execute(
            f"UPDATE attempts SET {assignments} WHERE id = ?", (*columns.values(), attempt_id)
        )
        return cur.rowcount

    def delete(self, conn: sqlite3.Connection, attempt_ids: list[str]) -> None:
        for attempt_id in attempt_ids:
            conn.execute("DELETE FROM figures WHERE attempt_id = ?", (attempt_id,))
            conn.execute("DELETE FROM attempts WHERE id = ?", (attempt_id,))

    # -- reads ----------------------------------------------------------------------------------

    def get(self, attempt_id: str) -> Attempt | None:
        rows = self._query(f"SELECT {_COLUMNS} FROM attempts WHERE id = ?", (attempt_id,))
        return self._attempt(rows[0]) if rows else None

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
            f"SELECT {_COLUMNS} FROM attempts WHERE bank_id = ? AND question_id = ? "
            "ORDER BY started_at DESC, rowid DESC",
            (bank_id, question_id),
        )
        return [self._attempt(r) for r in rows]

    def list(self, bank_id: str | None = None, limit: int | None = None) -> list[Attempt]:
        sql = f"SELECT {_COLUMNS} FROM attempts"
        params: tuple = ()
        if bank_id is not None:
            sql += " WHERE bank_id = ?"
            params = (bank_id,)
        sql += " ORDER BY started_at DESC, rowid DESC"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return [self._attempt(r) for r in self._query(sql, params)]

    def pending(self) -> list[Attempt]:
        marks = ", ".join("?" * len(PENDING_STATES))
        rows = self._query(
            f"SELECT {_COLUMNS} FROM attempts WHERE state IN ({marks}) ORDER BY started_at",
            PENDING_STATES,
        )
        return [self._attempt(r) for r in rows]

    def best_id(self, bank_id: str, question_id: str, figure: str, higher: bool) -> str | None:
        order = "DESC" if higher else "ASC"
        rows = self._query(
            "SELECT a.id FROM attempts a JOIN figures f ON f.attempt_id = a.id AND f.name = ? "
            f"WHERE a.bank_id = ? AND a.question_id = ? AND a.state IN {_FINISHED} "
            f"ORDER BY f.value {order}, a.started_at DESC LIMIT 1",
            (figure, bank_id, question_id),
        )
        return rows[0][0] if rows else None

    def figure_series(self, bank_id: str, question_id: str, figure: str) -> list[FigurePoint]:
        rows = self._query(
            "SELECT a.id, a.started_at, f.value FROM attempts a "
            "JOIN figures f ON f.attempt_id = a.id AND f.name = ? "
            f"WHERE a.bank_id = ? AND a.question_id = ? AND a.state IN {_FINISHED} "
            "ORDER BY a.started_at",
            (figure, bank_id, question_id),
        )
        return [FigurePoint(attempt_id=r[0], started_at=r[1], value=r[2]) for r in rows]

    def question_stats(self, bank_id: str) -> list[tuple]:
        """(question_id, finished count, last started_at, starred count) per practised question."""
        return self._query(
            "SELECT question_id, COUNT(*), MAX(started_at), SUM(star) FROM attempts "
            f"WHERE bank_id = ? AND state IN {_FINISHED} GROUP BY question_id",
            (bank_id,),
        )

    def last_figures(self, bank_id: str) -> dict[str, dict[str, float]]:
        """Each question's latest finished attempt's figures."""
        rows = self._query(
            "SELECT a.question_id, a.figures_json FROM attempts a "
            f"WHERE a.bank_id = ? AND a.state IN {_FINISHED} AND a.id = ("
            "  SELECT b.id FROM attempts b WHERE b.bank_id = a.bank_id "
            f"  AND b.question_id = a.question_id AND b.state IN {_FINISHED} "
            "  ORDER BY b.started_at DESC, b.rowid DESC LIMIT 1)",
            (bank_id,),
        )
        return {qid: json.loads(fj) if fj else {} for qid, fj in rows}

    def extreme_figures(self, bank_id: str, names: list[str]) -> list[tuple]:
        """(question_id, figure name, max, min) over finished attempts, for the given figures."""
        marks = ", ".join("?" * len(names))
        return self._query(
            "SELECT a.question_id, f.name, MAX(f.value), MIN(f.value) FROM attempts a "
            "JOIN figures f ON f.attempt_id = a.id "
            f"WHERE a.bank_id = ? AND a.state IN {_FINISHED} AND f.name IN ({marks}) "
            "GROUP BY a.question_id, f.name",
            (bank_id, *names),
        )

    def audio_paths(self, bank_id: str | None = None) -> list[Path]:
        sql = "SELECT audio_path FROM attempts"
        params: tuple = ()
        if bank_id is not None:
            sql += " WHERE bank_id = ?"
            params = (bank_id,)
        return [self.absolute_audio(r[0]) for r in self._query(sql, params)]

    def count(self, bank_id: str | None = None) -> int:
        if bank_id is None:
            return self._query("SELECT COUNT(*) FROM attempts")[0][0]
        return self._query("SELECT COUNT(*) FROM attempts WHERE bank_id = ?", (bank_id,))[0][0]
