"""At start-up, finishes attempts a crash left unfinished (transcribed on the model thread)."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal

from mockview.engines.recorder import repair_audio_file
from mockview.ui.context import AppContext
from mockview.ui.controllers.attempt_support import bank_weights
from mockview.ui.workers.jobs import JobRunner
from mockview.ui.workers.transcription_worker import TranscriptionService

log = logging.getLogger(__name__)


class RecoveryController(QObject):
    finished = Signal(int, int)  # recovered, failed

    def __init__(
        self,
        ctx: AppContext,
        transcription: TranscriptionService,
        jobs: JobRunner,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx, self.transcription, self.jobs = ctx, transcription, jobs
        self._open: dict[int, str] = {}
        self._recovered = self._failed = 0
        self._marking = 0  # failures still being written to the store
        transcription.done.connect(self._done)
        transcription.failed.connect(self._request_failed)

    def start(self) -> None:
        if self.ctx.history is not None:
            self.jobs.submit(
                self.ctx.history.pending_recovery,
                self._recover_all,
                lambda m: log.warning("no recovery: %s", m),
            )

    def _recover_all(self, pending: list) -> None:
        ctx = self.ctx
        for attempt in pending:
            question = attempt.question
            bank = next((b for b in ctx.banks if b.id == attempt.bank_id), None)

            def work(transcriber, attempt=attempt, question=question, bank=bank):
                def process(path):
                    audio = ctx.load_audio(path)
                    transcript = transcriber.transcribe(audio, question.terms)
                    feedback = ctx.analyze(
                        transcript,
                        question,
                        audio=audio,
                        fillers=ctx.settings.fillers,
                        hedges=ctx.settings.hedges,
                        idf=bank_weights(bank),
                    )
                    return transcript, feedback

                return ctx.history.recover(attempt, process, repair=repair_audio_file)

            self._open[self.transcription.submit(work)] = attempt.id

    def _done(self, request: int, attempt) -> None:
        if self._open.pop(request, None) is None:
            return
        if getattr(attempt, "state", "") == "failed":
            self._failed += 1
        else:
            self._recovered += 1
        self._maybe_finished()

    def _request_failed(self, request: int, message: str) -> None:
        attempt_id = self._open.pop(request, None)
        if attempt_id is None:
            return
        history = self.ctx.history

        def fail() -> None:  # the model is unavailable: keep the audio for a later Retry
            history.fail_attempt(attempt_id, message)

        def counted(_result=None) -> None:
            self._marking -= 1
            self._failed += 1
            self._maybe_finished()

        self._marking += 1
        self.jobs.submit(
            fail,
            counted,
            lambda m: (log.warning("could not mark %s failed: %s", attempt_id, m), counted()),
        )

    def _maybe_finished(self) -> None:
        if not self._open and not self._marking:
            self.finished.emit(self._recovered, self._failed)
