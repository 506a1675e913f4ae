"""The Results tab: shows an attempt (fresh or from history), stars it, notes it, retries it.

Everything that reads or writes the store runs in a job; what reaches the view is typed
(`Feedback`, `Transcript` words), never a stored dict.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from mockview.core.bank.model import Bank, Question
from mockview.core.feedback.model import Feedback
from mockview.core.feedback.progress import Trend, trends
from mockview.core.history.records import FINISHED_STATES
from mockview.core.settings import Settings
from mockview.session.events import Failure
from mockview.session.practice import PracticeSession, audio_duration_s, read_fully
from mockview.session.questions import question_of, with_target
from mockview.ui.controllers.playback import PlaybackController
from mockview.ui.figure_labels import when
from mockview.ui.results_view import ResultsView
from mockview.ui.workers.jobs import JobRunner

if TYPE_CHECKING:
    from mockview.core.history.records import Attempt
    from mockview.core.history.service import HistoryService


def loaded(attempt: Attempt) -> tuple[Attempt, float]:
    """(attempt read in full, its length): disk reads, for a job."""
    attempt = read_fully(attempt)
    return attempt, attempt.duration_s or audio_duration_s(attempt.audio_path)


class ResultsController(QObject):
    results_shown = Signal(str)  # attempt id
    attempt_failed = Signal(str)  # attempt id
    attempts_changed = Signal(str, str)  # bank id, question id
    message = Signal(str, str, str)  # banner key, text, kind

    def __init__(
        self,
        history: HistoryService | None,
        settings: Settings,
        session: PracticeSession,
        view: ResultsView,
        playback: PlaybackController,
        jobs: JobRunner,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.history, self.settings, self.session = history, settings, session
        self.view, self.playback, self.jobs = view, playback, jobs
        self.bank: Bank | None = None  # the bank being practised
        self.attempt: Attempt | None = None  # the attempt on screen
        view.retry_clicked.connect(self.retry)
        view.star_toggled.connect(self._on_star)
        view.note_saved.connect(self._on_note)
        view.discard_clicked.connect(self.discard)

    def open_attempt(self, attempt_id: str) -> None:
        """Reads an attempt with its transcript and feedback in a job, then shows it."""
        history = self.history
        if history is None:
            return

        def load() -> tuple[Attempt, float] | None:
            attempt = history.get(attempt_id)
            return None if attempt is None else loaded(attempt)

        def show(found: tuple[Attempt, float] | None) -> None:
            if found is None:
                self.message.emit(
                    "history", f"Attempt {attempt_id[:8]} is no longer in the history.", "warning"
                )
            elif not self.session.is_recording:
                self.show_attempt(*found)

        self.jobs.submit(load, show, lambda m: self.message.emit("history", m, "error"))

    def show_attempt(
        self, attempt: Attempt, duration_s: float | None = None, question: Question | None = None
    ) -> None:
        """Shows a finished or failed attempt, already read in full (nothing here touches disk)."""
        question = with_target(
            question or question_of(self.bank, attempt), self.settings.default_target_s
        )
        self.attempt = attempt
        self.playback.set_recording(attempt.audio_path)
        if attempt.state == "failed":
            self.view.show_failure(
                question, attempt.error or "unknown error", duration_s or attempt.duration_s
            )
        else:
            words = list(attempt.transcript.words) if attempt.transcript is not None else []
            feedback = Feedback.from_dict(attempt.feedback) if attempt.feedback else None
            self.view.show_result(
                question, words, feedback, attempt.duration_s, attempt.note, attempt.star,
                when(attempt.started_at),
            )  # fmt: skip
            if feedback is not None and feedback.judged:
                self._show_trends(attempt, feedback.figures)
        self.results_shown.emit(attempt.id)

    def _show_trends(self, attempt: Attempt, figures: dict[str, float]) -> None:
        """Reads the question's earlier judged attempts in a job; each card then shows its
        figure against the previous and the best one, with a line over time."""
        history = self.history
        if history is None:
            return

        def read() -> dict[str, Trend]:
            earlier = [
                a.figures
                for a in reversed(history.attempts_for(attempt.bank_id, attempt.question.id))
                if a.state in FINISHED_STATES and a.started_at < attempt.started_at and a.figures
            ]
            return trends(figures, earlier)

        def show(found: dict[str, Trend]) -> None:
            if self.attempt is not None and self.attempt.id == attempt.id:
                self.view.show_trends(found)

        self.jobs.submit(read, show, lambda m: self.message.emit("history", m, "error"))

    def discard(self) -> None:
        """Deletes the take on screen, with its recording: one key for a take too short to
        judge (the view offers it only then)."""
        attempt, history = self.attempt, self.history
        if attempt is None or history is None or self.session.is_recording:
            return

        def gone(_result: object) -> None:
            if self.attempt is not None and self.attempt.id == attempt.id:
                self.attempt = None
                self.playback.set_recording(None)
                self.view.show_empty()
                self.view.set_message("The take was discarded.")
            self.attempts_changed.emit(attempt.bank_id, attempt.question.id)

        self.jobs.submit(
            lambda: history.delete_attempt(attempt.id),
            gone,
            lambda m: self.message.emit("history", m, "error"),
        )

    def show_failure(self, failure: Failure) -> None:
        question = with_target(failure.question, self.settings.default_target_s)
        self.attempt = failure.attempt
        self.playback.set_recording(failure.audio_path)
        self.view.show_failure(question, failure.message, failure.duration_s)
        if failure.attempt is not None:
            self.attempts_changed.emit(failure.attempt.bank_id, failure.question.id)
        self.attempt_failed.emit(failure.attempt_id)

    def retry(self) -> None:
        """Transcribes a failed attempt's kept audio again."""
        attempt = self.attempt
        if attempt is not None and self.session.retry(attempt, self.bank):
            self.view.set_message("Transcribing again…")

    def _on_star(self, starred: bool) -> None:
        attempt, history = self.attempt, self.history
        if attempt is None or history is None:
            return
        self.jobs.submit(
            lambda: history.set_star(attempt.id, starred),
            lambda _r: self.attempts_changed.emit(attempt.bank_id, attempt.question.id),
            lambda m: self.message.emit("history", m, "error"),
        )

    def _on_note(self, note: str) -> None:
        attempt, history = self.attempt, self.history
        if attempt is None or history is None:
            return

        def saved(_result: object) -> None:
            self.view.set_message("Note saved.")
            self.attempts_changed.emit(attempt.bank_id, attempt.question.id)

        self.jobs.submit(
            lambda: history.set_note(attempt.id, note),
            saved,
            lambda m: self.message.emit("history", m, "error"),
        )
