"""What the practice loop does with an attempt once it has one: open it from history, show it,
star it, note it, retry it. Everything that reads or writes the store runs in a job."""

from __future__ import annotations

from mockview.core.bank.model import Question
from mockview.ui.controllers.attempt_support import loaded, question_of, target_of
from mockview.ui.figure_labels import when


class ResultsActions:
    """Mixed into PracticeController, whose ctx, results, playback, jobs, bank, attempt and
    signals these methods use."""

    def open_attempt(self, attempt_id: str) -> None:
        """Reads an attempt with its transcript and feedback in a job, then shows it."""
        history = self.ctx.history
        if history is None:
            return

        def load():
            attempt = history.get(attempt_id)
            return None if attempt is None else loaded(attempt)

        def show(found) -> None:
            if found is None:
                self.message.emit(
                    "history", f"Attempt {attempt_id[:8]} is no longer in the history.", "warning"
                )
            elif not self._recording_now():
                self.show_attempt(*found)

        self.jobs.submit(load, show, lambda m: self.message.emit("history", m, "error"))

    def show_attempt(
        self, attempt, duration_s: float | None = None, question: Question | None = None
    ) -> None:
        """Shows a finished (or failed) attempt, fresh or opened from history.

        The attempt must be fully read already (see attempt_support.loaded): nothing here may
        touch the disk.
        """
        question = target_of(question or question_of(self.bank, attempt), self.ctx.settings)
        self.attempt = attempt
        self.playback.set_recording(attempt.audio_path)
        if attempt.state == "failed":
            self.results.show_failure(
                question, attempt.error or "unknown error", duration_s or attempt.duration_s
            )
        else:
            words = attempt.transcript.words if attempt.transcript is not None else []
            self.results.show_result(
                question,
                words,
                attempt.feedback,
                attempt.duration_s,
                attempt.note,
                attempt.star,
                when(attempt.started_at),
            )
        self.results_shown.emit(attempt.id)

    def _on_star(self, starred: bool) -> None:
        if self.attempt is not None and self.ctx.history is not None:
            attempt, history = self.attempt, self.ctx.history
            self.jobs.submit(
                lambda: history.set_star(attempt.id, starred),
                lambda _r: self.attempts_changed.emit(attempt.bank_id, attempt.question.id),
                lambda m: self.message.emit("history", m, "error"),
            )

    def _on_note(self, note: str) -> None:
        if self.attempt is not None and self.ctx.history is not None:
            attempt, history = self.attempt, self.ctx.history

            def saved(_result) -> None:
                self.results.set_message("Note saved.")
                self.attempts_changed.emit(attempt.bank_id, attempt.question.id)

            self.jobs.submit(
                lambda: history.set_note(attempt.id, note),
                saved,
                lambda m: self.message.emit("history", m, "error"),
            )

    def retry(self) -> None:
        """Transcribes a failed attempt's kept audio again."""
        attempt = self.attempt
        if attempt is None or attempt.state != "failed":
            return
        question = question_of(self.bank, attempt)
        bank = self.bank if self.bank is not None and attempt.bank_id == self.bank.id else None
        self.results.set_message("Transcribing again…")
        self._submit(attempt.id, question, attempt.audio_path, bank=bank, mark=True)
