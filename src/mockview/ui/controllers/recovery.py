"""At start-up, finishes attempts a crash left unfinished, through the one pipeline on the model
thread (session.pipeline.recover_attempt)."""

from __future__ import annotations

import logging
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from mockview.core.bank.model import Bank
from mockview.engines.base import CancelToken, Transcriber
from mockview.session.pipeline import Coaching, recover_attempt
from mockview.ui.workers.jobs import JobRunner
from mockview.ui.workers.transcription_worker import TranscriptionService

if TYPE_CHECKING:
    from mockview.core.history.records import Attempt
    from mockview.core.history.service import HistoryService

log = logging.getLogger(__name__)


class RecoveryController(QObject):
    finished = Signal(int, int)  # recovered, failed

    def __init__(
        self,
        history: HistoryService | None,
        banks: list[Bank],
        coaching: Coaching,
        transcription: TranscriptionService,
        jobs: JobRunner,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.history, self.banks, self.coaching = history, banks, coaching
        self.transcription, self.jobs = transcription, jobs
        self._open: set[str] = set()
        self._recovered = self._failed = 0

    def start(self) -> None:
        if self.history is not None:
            self.jobs.submit(
                self.history.pending_recovery,
                self._recover_all,
                lambda m: log.warning("no recovery: %s", m),
            )

    def _recover_all(self, pending: list[Attempt]) -> None:
        history = self.history
        assert history is not None
        for attempt in pending:
            bank = next((b for b in self.banks if b.id == attempt.bank_id), None)

            def work(
                transcriber: Transcriber, cancel: CancelToken, attempt: Attempt = attempt,
                bank: Bank | None = bank,
            ) -> Attempt:  # fmt: skip
                return recover_attempt(
                    history, attempt, transcriber, bank=bank, coaching=self.coaching, cancel=cancel
                )

            self._open.add(attempt.id)
            self.transcription.submit(work, self._stored, partial(self._unavailable, attempt.id))
        self._maybe_finished()

    def _stored(self, attempt: Attempt) -> None:
        self._done(attempt.id, attempt.state != "failed")

    def _done(self, attempt_id: str, recovered: bool) -> None:
        self._open.discard(attempt_id)
        if recovered:
            self._recovered += 1
        else:
            self._failed += 1
        self._maybe_finished()

    def _unavailable(self, attempt_id: str, error: Exception) -> None:
        """The model is unavailable (or the app quits): the audio is kept for a later Retry."""
        from mockview.engines.base import Cancelled

        history = self.history
        if isinstance(error, Cancelled) or history is None:
            return  # quitting: left unfinished, recovered at the next start

        def fail() -> Attempt:
            return history.fail_attempt(attempt_id, str(error))

        def not_marked(message: str) -> None:
            log.warning("could not mark %s failed: %s", attempt_id, message)
            self._done(attempt_id, False)

        self.jobs.submit(fail, lambda _stored: self._done(attempt_id, False), not_marked)

    def _maybe_finished(self) -> None:
        if not self._open and (self._recovered or self._failed):
            self.finished.emit(self._recovered, self._failed)
