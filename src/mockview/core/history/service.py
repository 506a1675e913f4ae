"""HistoryService: what the app and the CLI call to keep, query and remove practice attempts."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path

from mockview.core import paths
from mockview.core.history import store
from mockview.core.history.records import (
    DONE,
    FAILED,
    HIGHER_IS_BETTER,
    RECORDING,
    RECOVERED,
    SHORT,
    TRANSCRIBING,
    Attempt,
    FigurePoint,
    HistoryError,
    QuestionLike,
    QuestionSnapshot,
    QuestionSummary,
    Serializable,
    short,
)
from mockview.core.history.recovery import Process, Repair, recover_attempt
from mockview.core.history.repository import Repository

RECORDINGS_DIR = "recordings"
# Bank ids become folder names: refuse anything that could leave the recordings folder.
_SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")


def utc_now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")


def check_id(value: str, what: str) -> str:
    if not isinstance(value, str) or not _SAFE_ID.match(value) or ".." in value:
        raise HistoryError(
            f"Invalid {what} {short(value)}: use letters, digits, '-', '_' or '.' (at most 128)"
        )
    return value


class HistoryService:
    """The practice history in one data folder: `history.sqlite3` plus `recordings/<bank>/`."""

    def __init__(self, data_dir: Path, repo: Repository, notice: str = "") -> None:
        self.data_dir = data_dir
        self.db_path = data_dir / store.DB_NAME
        self.notice = notice  # a message for the user when something was repaired at open
        self._repo = repo
        self._live: set[str] = set()  # attempts started by this process: never "pending"

    @classmethod
    def open(cls, data_dir: Path | None = None) -> HistoryService:
        folder = Path(data_dir) if data_dir is not None else paths.data_dir()
        store.ensure_dir(folder, "data")
        conn, notice = store.open_database(folder / store.DB_NAME)
        return cls(folder, Repository(conn, folder), notice)

    def close(self) -> None:
        with self._repo.lock:
            self._repo.conn.close()

    def __enter__(self) -> HistoryService:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def repository(self) -> Repository:
        return self._repo

    @contextlib.contextmanager
    def guard(self, action: str) -> Iterator[None]:
        """Turns database and file errors into a HistoryError naming what failed and where."""
        try:
            yield
        except HistoryError:
            raise
        except (sqlite3.Error, OSError) as error:
            raise HistoryError(
                f"Could not {action} ({self.db_path}): {store.describe(error)}"
            ) from error

    # -- recording an attempt ----------------------------------------------------------------

    def audio_path_for(self, bank_id: str, attempt_id: str, suffix: str = ".wav") -> Path:
        return self.data_dir / RECORDINGS_DIR / bank_id / f"{attempt_id}{suffix}"

    def start_attempt(
        self, bank_id: str, question: QuestionLike, model_name: str = "", device: str = ""
    ) -> Attempt:
        """Creates the attempt row ("recording") and its recordings folder before recording."""
        check_id(bank_id, "bank id")
        attempt_id = str(uuid.uuid4())
        audio_path = self.audio_path_for(bank_id, attempt_id)
        store.ensure_dir(audio_path.parent, "recordings")
        attempt = Attempt(
            id=attempt_id,
            bank_id=bank_id,
            question=QuestionSnapshot.of(question),
            started_at=utc_now(),
            audio_path=audio_path,
            state=RECORDING,
            model_name=model_name,
            device=device,
        )
        with self.guard("start the attempt"), self._repo.transaction() as conn:
            self._repo.insert(conn, attempt)
        self._live.add(attempt_id)
        return attempt

    def mark_transcribing(self, attempt_id: str) -> None:
        self._update(attempt_id, "mark the attempt as transcribing", state=TRANSCRIBING)

    def complete_attempt(
        self,
        attempt_id: str,
        duration_s: float,
        transcript: Serializable | None,
        feedback: Serializable | None,
    ) -> Attempt:
        """Stores the result; `feedback` is anything with to_dict() and figures."""
        return self._store_result(attempt_id, DONE, duration_s, transcript, feedback)

    def _store_result(
        self,
        attempt_id: str,
        state: str,
        duration_s: float,
        transcript: Serializable | None,
        feedback: Serializable | None,
    ) -> Attempt:
        figures = dict(getattr(feedback, "figures", None) or {}) if feedback is not None else {}
        if feedback is not None and not getattr(feedback, "judged", True):
            state = SHORT  # kept, never ranked
        with self.guard("save the attempt"), self._repo.transaction() as conn:
            changed = self._repo.set_result(
                conn,
                attempt_id,
                state=state,
                duration_s=duration_s,
                transcript=transcript.to_dict() if transcript is not None else None,
                feedback=feedback.to_dict() if feedback is not None else None,
                figures=figures,
            )
            if not changed:
                raise HistoryError(f"No attempt {attempt_id} in {self.db_path}")
        self._live.discard(attempt_id)
        return self.require(attempt_id)

    def fail_attempt(self, attempt_id: str, message: str) -> Attempt:
        self._update(attempt_id, "mark the attempt as failed", state=FAILED, error=str(message))
        self._live.discard(attempt_id)
        return self.require(attempt_id)

    def set_note(self, attempt_id: str, note: str) -> None:
        self._update(attempt_id, "save the note", note=str(note))

    def set_star(self, attempt_id: str, star: bool = True) -> None:
        self._update(attempt_id, "save the star", star=int(bool(star)))

    def _update(self, attempt_id: str, action: str, **columns: object) -> None:
        with self.guard(action), self._repo.transaction() as conn:
            if not self._repo.update(conn, attempt_id, **columns):
                raise HistoryError(f"No attempt {attempt_id} in {self.db_path}")

    # -- reading ------------------------------------------------------------------------------

    def get(self, attempt_id: str) -> Attempt | None:
        """The attempt, fully read (transcript and feedback too), or None."""
        with self.guard("read the attempt"):
            return self._repo.get(attempt_id)

    def require(self, attempt_id: str) -> Attempt:
        attempt = self.get(attempt_id)
        if attempt is None:
            raise HistoryError(f"No attempt {attempt_id} in {self.db_path}")
        return attempt

    def find(self, id_prefix: str) -> Attempt:
        """An attempt by its id or a unique prefix of it (for the command line)."""
        prefix = id_prefix.strip().lower()
        if len(prefix) < 4:
            raise HistoryError(f"Attempt id {id_prefix!r} is too short: give at least 4 characters")
        with self.guard("find the attempt"):
            ids = self._repo.ids_with_prefix(prefix)
        if not ids:
            raise HistoryError(f"No attempt with id {id_prefix!r} in {self.db_path}")
        if len(ids) > 1:
            raise HistoryError(f"Attempt id {id_prefix!r} is ambiguous: {', '.join(ids)}")
        return self.require(ids[0])

    def attempts(self, bank_id: str | None = None, limit: int | None = None) -> list[Attempt]:
        """All attempts (of a bank), newest first."""
        with self.guard("list attempts"):
            return self._repo.list(bank_id, limit)

    def attempts_for(self, bank_id: str, question_id: str) -> list[Attempt]:
        """A question's attempts, newest first."""
        with self.guard("list attempts"):
            return self._repo.attempts_for(bank_id, question_id)

    def best(
        self, bank_id: str, question_id: str, figure: str, higher_is_better: bool | None = None
    ) -> Attempt | None:
        """The finished attempt with the best value of `figure` (direction: HIGHER_IS_BETTER)."""
        higher = HIGHER_IS_BETTER.get(figure) if higher_is_better is None else higher_is_better
        if higher is None:
            raise HistoryError(
                f"Figure {figure!r} has no better direction; choose one of "
                f"{', '.join(sorted(HIGHER_IS_BETTER))}"
            )
        with self.guard("find the best attempt"):
            best_id = self._repo.best_id(bank_id, question_id, figure, higher)
            return self._repo.get(best_id) if best_id else None

    def figure_series(self, bank_id: str, question_id: str, figure: str) -> list[FigurePoint]:
        """A figure's values over time (oldest first), finished attempts only."""
        with self.guard("read the figures"):
            return self._repo.figure_series(bank_id, question_id, figure)

    def bank_summary(
        self, bank_id: str, question_ids: list[str] | None = None
    ) -> list[QuestionSummary]:
        """Per question: finished attempt count, last time, last and best figures.

        With `question_ids` (the bank's questions, in bank order) the result has one entry per
        question, never-practised ones included, in that order; without, practised ones only.
        """
        with self.guard("summarise the bank"):
            stats = self._repo.question_stats(bank_id)
            last = {qid: self._repo.last_figures(bank_id, qid) for qid, *_ in stats}
            best: dict[str, dict[str, float]] = {}
            for qid, *_ in stats:
                for name, higher in HIGHER_IS_BETTER.items():
                    value = self._repo.extreme_figure(bank_id, qid, name, higher)
                    if value is not None:
                        best.setdefault(qid, {})[name] = value
        by_id = {
            qid: QuestionSummary(
                question_id=qid,
                attempt_count=count,
                last_attempt_at=last_at,
                last_figures=last.get(qid, {}),
                best_figures=best.get(qid, {}),
                starred_count=int(starred or 0),
            )
            for qid, count, last_at, starred in stats
        }
        if question_ids is None:
            return sorted(by_id.values(), key=lambda s: s.question_id)
        return [by_id.get(q) or QuestionSummary(q, 0, None) for q in question_ids]

    def weakest_first(self, bank_id: str, question_ids: list[str]) -> list[str]:
        """The bank's questions, weakest first.

        Rule: never-practised questions first (in bank order); then by the latest attempt's
        coverage, lowest first (missing counts as 0); ties by its fillers per minute, highest
        first; then the question practised longest ago first.
        """
        summaries = self.bank_summary(bank_id, question_ids)
        position = {q: i for i, q in enumerate(question_ids)}

        def key(s: QuestionSummary) -> tuple[int, float, float, str, int]:
            if s.attempt_count == 0:
                return (0, 0.0, 0.0, "", position[s.question_id])
            return (
                1,
                s.last_figures.get("coverage", 0.0),
                -s.last_figures.get("fillers_per_minute", 0.0),
                s.last_attempt_at or "",
                position[s.question_id],
            )

        return [s.question_id for s in sorted(summaries, key=key)]

    # -- removing -----------------------------------------------------------------------------

    def delete_attempt(self, attempt_id: str) -> None:
        attempt = self.require(attempt_id)
        self._delete([attempt])

    def delete_question_attempts(self, bank_id: str, question_id: str) -> int:
        attempts = self.attempts_for(bank_id, question_id)
        self._delete(attempts)
        return len(attempts)

    def _delete(self, attempts: list[Attempt]) -> None:
        # Rows first: a file left behind wastes space, a row without its file would mislead.
        with self.guard("delete attempts"), self._repo.transaction() as conn:
            self._repo.delete(conn, [a.id for a in attempts])
        for attempt in attempts:
            self._live.discard(attempt.id)
            with contextlib.suppress(FileNotFoundError):
                attempt.audio_path.unlink()

    def storage_bytes(self, bank_id: str | None = None) -> int:
        """Disk used: audio files plus the database (a bank gets its share by attempt count)."""
        with self.guard("measure storage"):
            audio = sum(p.stat().st_size for p in self._repo.audio_paths(bank_id) if p.is_file())
            db = sum(
                f.stat().st_size
                for f in (self.db_path, Path(f"{self.db_path}-wal"), Path(f"{self.db_path}-shm"))
                if f.exists()
            )
            if bank_id is not None:
                total = self._repo.count()
                db = db * self._repo.count(bank_id) // total if total else 0
        return audio + db

    # -- crash recovery -----------------------------------------------------------------------

    def pending_recovery(self) -> list[Attempt]:
        """Attempts a crash left in "recording" or "transcribing" (not this process's own)."""
        with self.guard("look for unfinished attempts"):
            return [a for a in self._repo.pending() if a.id not in self._live]

    def recover(self, attempt: Attempt, process: Process, repair: Repair) -> Attempt:
        """Runs `repair(audio_path)`, then `process(audio_path) -> (transcript, feedback)`, stores.

        `repair` makes the audio readable and returns its length in seconds (or None: the
        transcript's); the app passes `engines.recorder.repair_audio_file`. The attempt ends
        "recovered", or "failed" with the reason when there is no usable audio or processing
        fails. See recovery.py.
        """
        return recover_attempt(self, attempt, process, repair)

    def store_recovered(
        self,
        attempt_id: str,
        duration_s: float,
        transcript: Serializable | None,
        feedback: Serializable | None,
    ) -> Attempt:
        """Stores a recovered attempt's result (state "recovered"); used by recovery.py."""
        return self._store_result(attempt_id, RECOVERED, duration_s, transcript, feedback)
