"""The practice loop: question -> spoken -> record -> transcribe and analyse -> results -> next."""

from __future__ import annotations

import logging
import random
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from mockview.core.bank.model import Bank, Question
from mockview.ui.context import AppContext
from mockview.ui.controllers.attempt_support import (
    LiveBox,
    bank_weights,
    loaded,
    target_of,
)
from mockview.ui.controllers.playback import PlaybackController
from mockview.ui.controllers.results_actions import ResultsActions
from mockview.ui.practice_view import PracticeView
from mockview.ui.results_view import ResultsView
from mockview.ui.workers.jobs import JobRunner
from mockview.ui.workers.transcription_worker import TranscriptionService

log = logging.getLogger(__name__)
TICK_MS = 33  # ~30 Hz for the level meter and the timer
SILENT_AFTER_S = 3.0  # this long without sound and the user is told to check the microphone
SILENT_PEAK = 0.01
MODEL_ANSWER_WPM = 150


class PracticeController(QObject, ResultsActions):
    question_changed = Signal(object)  # Question
    results_shown = Signal(str)  # attempt id
    attempt_failed = Signal(str)  # attempt id
    attempts_changed = Signal(str, str)  # bank id, question id
    message = Signal(str, str, str)  # banner key, text, kind
    status = Signal(str)

    def __init__(
        self,
        ctx: AppContext,
        practice: PracticeView,
        results: ResultsView,
        playback: PlaybackController,
        transcription: TranscriptionService,
        jobs: JobRunner,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx, self.view, self.results = ctx, practice, results
        self.playback, self.transcription, self.jobs = playback, transcription, jobs
        self.bank: Bank | None = None
        self.order: list[str] = []
        self.question: Question | None = None
        self.state = "idle"  # idle | starting | recording | stopping | transcribing
        self.attempt = None  # the attempt being recorded or shown
        self.live = None
        self._requests: dict[int, tuple[str, Question]] = {}  # request id -> attempt id, question
        self._tick = QTimer(self)
        self._tick.setInterval(TICK_MS)
        self._tick.timeout.connect(self._on_tick)
        # Written by the live transcription's thread. A plain object on purpose: setting an
        # attribute on a QObject wrapper from a foreign thread is not safe in PySide.
        self._live_box = LiveBox()
        transcription.done.connect(self._on_transcribed)
        transcription.failed.connect(self._on_transcription_failed)
        practice.record_clicked.connect(self.toggle_record)
        practice.hear_again_clicked.connect(self.hear_question)
        practice.next_clicked.connect(self.next_question)
        practice.previous_clicked.connect(self.previous_question)
        practice.hide_text_toggled.connect(self._on_hide_text)
        results.try_again_clicked.connect(self.try_again)
        results.next_clicked.connect(self.next_question)
        results.hear_model_clicked.connect(self.hear_model_answer)
        results.retry_clicked.connect(self.retry)
        results.star_toggled.connect(self._on_star)
        results.note_saved.connect(self._on_note)
        practice.set_hidden_text(ctx.settings.hide_question_text)
        self._update_record_button()

    # -- choosing questions ---------------------------------------------------------------------

    def set_bank(self, bank: Bank) -> None:
        self.bank = bank
        self.reorder(self.ctx.settings.practice_order)

    def reorder(self, order: str) -> None:
        if self.bank is None:
            return
        ids = [q.id for q in self.bank.questions]
        if order == "shuffled":
            random.shuffle(ids)
        elif order == "weakest" and self.ctx.history is not None:
            try:
                ids = self.ctx.history.weakest_first(self.bank.id, ids)
            except Exception as exc:  # noqa: BLE001 - a store error must not stop practice
                self.message.emit("history", str(exc), "error")
        self.order = ids

    def select(self, question_id: str, speak: bool = True) -> None:
        if self.bank is None or self.state in ("starting", "recording", "stopping"):
            return
        self.question = target_of(self.bank.question(question_id), self.ctx.settings)
        self.playback.stop()
        position = self.order.index(question_id) + 1 if question_id in self.order else 0
        section = next((s.title for s in self.bank.sections if s.id == self.question.section), "")
        self.view.show_question(self.question, section, f"{position} of {len(self.order)}")
        self.view.set_status(self._model_status())
        self._update_record_button()
        self.question_changed.emit(self.question)
        if speak and self.ctx.settings.read_question_aloud:
            self.hear_question()

    def next_question(self) -> None:
        self._step(1)

    def previous_question(self) -> None:
        self._step(-1)

    def _step(self, delta: int) -> None:
        if not self.order or self.state in ("starting", "recording", "stopping"):
            return
        index = self.order.index(self.question.id) if self.question else -1
        self.select(self.order[(index + delta) % len(self.order)])

    def hear_question(self) -> None:
        if self.question is not None and self.state not in ("recording", "starting"):
            s = self.ctx.settings
            self.playback.speak(self.question.text, s.voice, s.speech_rate_wpm)

    def hear_model_answer(self) -> None:
        if self.question is not None:
            self.playback.speak(
                self.question.model_answer, self.ctx.settings.voice, MODEL_ANSWER_WPM
            )

    def try_again(self) -> None:
        if self.question is not None:
            self.select(self.question.id, speak=False)

    # -- recording ------------------------------------------------------------------------------

    def toggle_record(self) -> None:
        if self.state == "recording":
            self.stop_recording()
        elif self.state in ("idle", "transcribing"):
            self.start_recording()

    def start_recording(self) -> None:
        recorder, history = self.ctx.recorder, self.ctx.history
        if self.question is None or self.bank is None:
            return
        if recorder is None:
            self.message.emit(
                "microphone",
                self.ctx.engine_errors.get("microphone", "No microphone is available."),
                "error",
            )
            return
        if history is None:
            self.message.emit(
                "history", "Recording needs the history store, which could not be opened.", "error"
            )
            return
        self.playback.stop()
        self.attempt, self.state = None, "starting"
        self._live_box = LiveBox()
        self.live = self._make_live(self.question)
        on_block = self.live.feed if self.live is not None else None
        self._update_record_button()
        args = (
            self.bank.id,
            self.question,
            self.transcription.model_name,
            self.transcription.device,
        )

        def start():
            # The row comes first, so that a crash while recording leaves something to recover.
            try:
                attempt = history.start_attempt(*args)
            except Exception as exc:  # noqa: BLE001 - reported as a history problem
                return exc
            try:
                recorder.start(attempt.audio_path, on_block)
            except Exception:
                try:
                    history.delete_attempt(attempt.id)
                except Exception:  # noqa: BLE001 - a stray empty row is harmless
                    log.warning("could not remove the unused attempt %s", attempt.id)
                raise
            return attempt

        self.jobs.submit(start, self._recording_started, self._recording_refused)

    def _drop_live(self) -> None:
        """Cancels the live transcription of an answer that will never be finished, so that its
        worker thread is not left waiting for audio."""
        live, self.live = self.live, None
        if live is not None:
            try:
                live.cancel()
            except Exception as exc:  # noqa: BLE001 - nothing left to save from it
                log.warning("could not cancel the live transcription: %s", exc)

    def discard_recording(self) -> None:
        """At shutdown: stops the recorder (its audio is kept for recovery) and drops live text."""
        if self.state in ("recording", "stopping") and self.ctx.recorder is not None:
            self._tick.stop()
            try:
                self.ctx.recorder.stop()
            except Exception as exc:  # noqa: BLE001 - closing must go on
                log.warning("could not stop the recorder: %s", exc)
        self._drop_live()
        self.state = "idle"

    def _make_live(self, question: Question):
        if self.ctx.make_live is None or not self.transcription.is_ready:
            return None
        try:
            return self.ctx.make_live(
                self.transcription.transcriber, question.terms, self._live_box.put
            )
        except Exception as exc:  # noqa: BLE001 - live text is a nicety; the file is the record
            log.warning("live transcription unavailable: %s", exc)
            return None

    def _recording_started(self, attempt) -> None:
        if isinstance(attempt, Exception):
            self.state = "idle"
            self._drop_live()
            self.message.emit("history", str(attempt), "error")
            self._update_record_button()
            return
        self.attempt, self.state = attempt, "recording"
        self._peak = 0.0
        self.message.emit("microphone", "", "")
        self._tick.start()
        self._update_record_button()
        if self.live is None:
            self.view.set_live_text("")
            self.view.set_status(
                "Recording. "
                + (
                    "The speech model is still loading: your answer is transcribed when"
                    " it is ready."
                    if self.transcription.state == "loading"
                    else "Live transcript is off; the answer is transcribed when you stop."
                )
            )
        else:
            self.view.set_status("Recording…")

    def _recording_refused(self, message: str) -> None:
        self.state = "idle"
        self._drop_live()
        self.message.emit(
            "microphone",
            f"{message} Check that a microphone is connected "
            "and allowed, then choose it in Settings.",
            "error",
        )
        self.attempt = None
        self._update_record_button()

    def _on_tick(self) -> None:
        recorder = self.ctx.recorder
        elapsed, level = recorder.elapsed_s, recorder.level
        self.view.set_elapsed(elapsed)
        self.view.level.set_level(level)
        self._peak = max(self._peak, level)
        silent = elapsed > SILENT_AFTER_S and self._peak < SILENT_PEAK
        if silent != self.view.silent_warning:
            self.view.set_silent_warning(silent)
        if self._live_box.text:
            self.view.set_live_text(self._live_box.text)
        if recorder.error and self.state == "recording":
            self.message.emit("microphone", f"Recording stopped: {recorder.error}", "error")
            self.stop_recording()

    def stop_recording(self) -> None:
        if self.state != "recording":
            return
        self.state = "stopping"
        self._tick.stop()
        self.view.level.set_level(0.0)
        self._update_record_button()
        recorder, attempt, question = self.ctx.recorder, self.attempt, self.question
        live, history = self.live, self.ctx.history
        self.live = None

        def stop():
            result = recorder.stop()
            try:
                history.mark_transcribing(attempt.id)
            except Exception as exc:  # noqa: BLE001 - the audio is safe; only the state lags
                log.warning("could not mark %s transcribing: %s", attempt.id, exc)
            return result

        self.jobs.submit(
            stop,
            lambda result: self._recorded(attempt, question, live, result),
            lambda message: self._transcription_failed(attempt.id, question, message),
        )

    def _recorded(self, attempt, question: Question, live, result) -> None:
        self.state = "transcribing"
        self._update_record_button()
        if result.error:
            self.message.emit(
                "microphone",
                f"The microphone failed mid-way: {result.error}. The audio up to then is kept.",
                "warning",
            )
        self.view.set_status(
            "Transcribing…"
            if self.transcription.is_ready
            else "Recorded. Transcribing as soon as the speech model has loaded…"
        )
        self._submit(attempt.id, question, result.path, live)

    def _submit(
        self,
        attempt_id: str,
        question: Question,
        path: Path,
        live=None,
        bank: Bank | None = None,
        mark: bool = False,
    ) -> None:
        ctx = self.ctx
        settings = ctx.settings
        bank = bank or self.bank

        def work(transcriber):
            if mark:  # a retry: the store is written here, off the UI thread
                ctx.history.mark_transcribing(attempt_id)
            audio = ctx.load_audio(path)
            if live is not None:
                transcript = live.finish()
            else:
                transcript = transcriber.transcribe(audio, question.terms)
            # Weights from the bank being practised: user banks get their own concept weights.
            feedback = ctx.analyze(
                transcript,
                question,
                audio=audio,
                fillers=settings.fillers,
                hedges=settings.hedges,
                idf=bank_weights(bank),
            )
            # Stored here, off the UI thread: the store syncs every commit to disk.
            return ctx.history.complete_attempt(
                attempt_id, len(audio) / 16000.0, transcript, feedback
            )

        request = self.transcription.submit(work)
        self._requests[request] = (attempt_id, question)

    def _on_transcribed(self, request: int, result) -> None:
        if request not in self._requests:
            return
        attempt_id, question = self._requests.pop(request)
        attempt = result
        self._finish_state(attempt_id)
        self.attempts_changed.emit(attempt.bank_id, question.id)
        if self._recording_now():
            # The user is already answering again: don't pull the screen away from them.
            self.message.emit(
                "previous",
                "Your previous answer has been transcribed: open it from History.",
                "info",
            )
            return
        self.show_attempt(attempt, attempt.duration_s, question)

    def _on_transcription_failed(self, request: int, message: str) -> None:
        if request in self._requests:
            attempt_id, question = self._requests.pop(request)
            self._transcription_failed(attempt_id, question, message)

    def _transcription_failed(self, attempt_id: str, question: Question, message: str) -> None:
        history = self.ctx.history

        def fail():
            # The store and the file header are disk reads: never on the UI thread.
            try:
                return loaded(history.fail_attempt(attempt_id, message)), ""
            except Exception as exc:  # noqa: BLE001 - reported, the failure is still shown
                return (None, 0.0), str(exc)

        self.jobs.submit(fail, lambda r: self._show_failed(attempt_id, question, message, *r))

    def _show_failed(
        self, attempt_id: str, question: Question, message: str, found, store_error: str
    ) -> None:
        attempt, duration = found
        if store_error:
            self.message.emit("history", store_error, "error")
        self._finish_state(attempt_id)
        if self._recording_now():
            self.message.emit(
                "previous",
                f"Transcribing your previous answer failed: {message}."
                " Its audio is kept; retry it from History.",
                "warning",
            )
            if attempt is not None:
                self.attempts_changed.emit(attempt.bank_id, question.id)
            return
        self.attempt = attempt
        self.playback.set_recording(attempt.audio_path if attempt else None)
        self.results.show_failure(question, message, duration)
        self.view.set_status(f"Transcription failed: {message}")
        if attempt is not None:
            self.attempts_changed.emit(attempt.bank_id, question.id)
        self.attempt_failed.emit(attempt_id)

    def _recording_now(self) -> bool:
        return self.state in ("starting", "recording", "stopping")

    def _finish_state(self, attempt_id: str) -> None:
        if (
            self.state == "transcribing"
            and self.attempt is not None
            and self.attempt.id == attempt_id
        ):
            self.state = "idle"
        self._update_record_button()
        self.view.set_status(self._model_status())

    def _on_hide_text(self, hidden: bool) -> None:
        self.ctx.settings.hide_question_text = hidden

    # -- state shown --------------------------------------------------------------------------

    def _model_status(self) -> str:
        state = self.transcription.state
        if state == "loading":
            return "Loading speech model… You can record already; transcription follows."
        if state == "failed":
            return f"Speech model unavailable: {self.transcription.error}"
        return ""

    def _update_record_button(self) -> None:
        enabled = self.question is not None and self.state in ("idle", "recording", "transcribing")
        self.view.set_recording(self.state in ("recording", "stopping"), enabled)
