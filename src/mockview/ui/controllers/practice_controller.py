"""The Practice tab's adapter: view signals in, PracticeSession calls; session events out, views.

The practice loop itself (states, failures, processing) lives in session/practice.py; this file
only chooses questions, polls the meter at 30 Hz and shows what the session reports.
"""

from __future__ import annotations

import logging
import random
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from mockview.core.bank.model import Bank, Question
from mockview.core.settings import Settings
from mockview.session.events import Failure, SessionEvents
from mockview.session.practice import PracticeSession
from mockview.session.questions import with_target
from mockview.session.states import RECORD_ENABLED_STATES, RECORDING_STATES, State
from mockview.session.threads import ModelState
from mockview.ui.controllers.playback import PlaybackController
from mockview.ui.controllers.results_controller import ResultsController
from mockview.ui.practice_view import PracticeView
from mockview.ui.workers.jobs import JobRunner
from mockview.ui.workers.transcription_worker import TranscriptionService

if TYPE_CHECKING:
    from mockview.core.history.records import Attempt
    from mockview.core.history.service import HistoryService

log = logging.getLogger(__name__)
TICK_MS = 33  # ~30 Hz for the level meter and the timer


class _Events(SessionEvents):
    """Forwards the session's events to the controller (its `message` is a Qt signal)."""

    def __init__(self, controller: PracticeController) -> None:
        self.c = controller

    def state_changed(self, old: State, new: State) -> None:
        self.c.on_state_changed(old, new)

    def recording_started(self, attempt: Attempt, live: bool, model_loading: bool) -> None:
        self.c.on_recording_started(attempt, live, model_loading)

    def live_text(self, text: str) -> None:
        self.c.on_live_text(text)

    def processed(self, attempt: Attempt, question: Question, behind: bool) -> None:
        self.c.on_processed(attempt, question, behind)

    def failed(self, failure: Failure, behind: bool) -> None:
        self.c.on_failed(failure, behind)

    def message(self, key: str, text: str, kind: str) -> None:
        self.c.message.emit(key, text, kind)


class PracticeController(QObject):
    question_changed = Signal(object)  # Question
    attempts_changed = Signal(str, str)  # bank id, question id
    message = Signal(str, str, str)  # banner key, text, kind

    def __init__(
        self,
        session: PracticeSession,
        history: HistoryService | None,
        settings: Settings,
        view: PracticeView,
        results: ResultsController,
        playback: PlaybackController,
        transcription: TranscriptionService,
        jobs: JobRunner,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.session, self.history, self.settings = session, history, settings
        self.view, self.results, self.playback = view, results, playback
        self.transcription, self.jobs = transcription, jobs
        self.results_shown = results.results_shown
        self.attempt_failed = results.attempt_failed
        session.events = _Events(self)
        self.bank: Bank | None = None
        self.order: list[str] = []
        self.question: Question | None = None
        self._recording: Attempt | None = None
        self._tick = QTimer(self)
        self._tick.setInterval(TICK_MS)
        self._tick.timeout.connect(self._on_tick)
        view.record_clicked.connect(self.toggle_record)
        view.hear_again_clicked.connect(self.hear_question)
        view.next_clicked.connect(self.next_question)
        view.previous_clicked.connect(self.previous_question)
        view.hide_text_toggled.connect(self._on_hide_text)
        results.view.try_again_clicked.connect(self.try_again)
        results.view.next_clicked.connect(self.next_question)
        results.view.hear_model_clicked.connect(self.hear_model_answer)
        results.message.connect(self.message)
        results.attempts_changed.connect(self.attempts_changed)
        view.set_hidden_text(settings.hide_question_text)
        self._update_record_button()

    @property
    def state(self) -> State:
        return self.session.state

    @property
    def attempt(self) -> Attempt | None:
        """The attempt being recorded, else the one on the Results tab."""
        if self.session.is_recording and self._recording is not None:
            return self._recording
        return self.results.attempt

    # -- choosing questions ---------------------------------------------------------------------

    def set_bank(self, bank: Bank) -> None:
        self.bank = self.results.bank = bank
        self.reorder(self.settings.practice_order)

    def reorder(self, order: str, select_first: bool = False) -> None:
        """Sets the practice order; "weakest" reads the store in a job and applies when read."""
        bank = self.bank
        if bank is None:
            return
        ids = [q.id for q in bank.questions]
        if order == "shuffled":
            random.shuffle(ids)
        self.order = ids
        if order == "weakest" and self.history is not None:
            history = self.history

            def ordered(weakest: list[str]) -> None:
                if self.bank is bank:
                    self.order = weakest
                    self._first(select_first)

            self.jobs.submit(
                lambda: history.weakest_first(bank.id, ids),
                ordered,
                lambda m: self.message.emit("history", m, "error"),
            )
            return
        self._first(select_first)

    def _first(self, select_first: bool) -> None:
        if select_first and self.order and not self.session.is_recording:
            self.select(self.order[0], speak=False)

    def select(self, question_id: str, speak: bool = True) -> None:
        if self.bank is None or self.session.is_recording:
            return
        self.question = with_target(self.bank.question(question_id), self.settings.default_target_s)
        self.playback.stop()
        position = self.order.index(question_id) + 1 if question_id in self.order else 0
        section = next((s.title for s in self.bank.sections if s.id == self.question.section), "")
        self.view.show_question(self.question, section, f"{position} of {len(self.order)}")
        self.view.set_status(self.model_status())
        self._update_record_button()
        self.question_changed.emit(self.question)
        if speak and self.settings.read_question_aloud:
            self.hear_question()

    def next_question(self) -> None:
        self._step(1)

    def previous_question(self) -> None:
        self._step(-1)

    def _step(self, delta: int) -> None:
        if not self.order or self.session.is_recording:
            return
        index = self.order.index(self.question.id) if self.question else -1
        self.select(self.order[(index + delta) % len(self.order)])

    def hear_question(self) -> None:
        if self.question is not None and not self.session.is_recording:
            s = self.settings
            self.playback.speak(self.question.text, s.voice, s.speech_rate_wpm, "question")

    def hear_model_answer(self) -> None:
        """Reads the model answer aloud, or stops reading it (the button toggles)."""
        if self.playback.is_reading and self.playback.reading_what == "model_answer":
            self.playback.stop_reading()
        elif self.question is not None:
            s = self.settings
            self.playback.speak(
                self.question.model_answer, s.voice, s.model_answer_wpm, "model_answer"
            )

    def try_again(self) -> None:
        if self.question is not None:
            self.select(self.question.id, speak=False)

    def _on_hide_text(self, hidden: bool) -> None:
        self.settings.hide_question_text = hidden

    # -- recording ------------------------------------------------------------------------------

    def toggle_record(self) -> None:
        if self.session.state is State.RECORDING:
            self.stop_recording()
        elif self.session.state in RECORD_ENABLED_STATES:
            self.start_recording()

    def start_recording(self) -> None:
        if self.question is None or self.bank is None:
            return
        self.playback.stop()
        self.session.start(self.bank, self.question)

    def stop_recording(self) -> None:
        self.session.stop()

    def _on_tick(self) -> None:
        meter = self.session.meter()
        self.view.set_elapsed(meter.elapsed_s)
        self.view.level.set_level(meter.level)
        if meter.silent != self.view.silent_warning:
            self.view.set_silent_warning(meter.silent)

    # -- what the session reports (SessionEvents, on the UI thread) ------------------------------

    def on_state_changed(self, old: State, new: State) -> None:
        if new is State.RECORDING:
            self._tick.start()
        elif old is State.RECORDING:
            self._tick.stop()
            self.view.level.set_level(0.0)
        if new is State.PROCESSING:
            self.view.set_status(
                "Transcribing…"
                if self.transcription.is_ready
                else "Recorded. Transcribing as soon as the speech model has loaded…"
            )
        elif new is State.IDLE:
            self.view.set_status(self.model_status())
        self._update_record_button()

    def on_recording_started(self, attempt: Attempt, live: bool, model_loading: bool) -> None:
        self._recording = attempt
        if live:
            self.view.set_status("Recording…")
            return
        self.view.set_live_text("")
        self.view.set_status(
            "Recording. "
            + (
                "The speech model is still loading: your answer is transcribed when it is ready."
                if model_loading
                else "Live transcript is off; the answer is transcribed when you stop."
            )
        )

    def on_live_text(self, text: str) -> None:
        if self.session.state is State.RECORDING:
            self.view.set_live_text(text)

    def on_processed(self, attempt: Attempt, question: Question, behind: bool) -> None:
        self.attempts_changed.emit(attempt.bank_id, question.id)
        if behind:
            # The user is already answering again: don't pull the screen away from them.
            self.message.emit(
                "previous",
                "Your previous answer has been transcribed: open it from History.",
                "info",
            )
            return
        # Stored and read back in full by the model thread: nothing here touches the disk.
        self.results.show_attempt(attempt, attempt.duration_s, question)

    def on_failed(self, failure: Failure, behind: bool) -> None:
        if behind:
            self.message.emit(
                "previous",
                f"Transcribing your previous answer failed: {failure.message}. Its audio is "
                "kept; retry it from History.",
                "warning",
            )
            if failure.attempt is not None:
                self.attempts_changed.emit(failure.attempt.bank_id, failure.question.id)
            return
        self.view.set_status(f"Transcription failed: {failure.message}")
        self.results.show_failure(failure)

    # -- state shown ----------------------------------------------------------------------------

    def model_status(self) -> str:
        state = self.transcription.state
        if state is ModelState.LOADING:
            return "Loading speech model… You can record already; transcription follows."
        if state is ModelState.FAILED:
            return f"Speech model unavailable: {self.transcription.error}"
        return ""

    def _update_record_button(self) -> None:
        state = self.session.state
        enabled = self.question is not None and state in RECORD_ENABLED_STATES
        self.view.set_recording(state in RECORDING_STATES, enabled)
