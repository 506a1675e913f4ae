"""PracticeSession: record an answer, process it, report it; every failure path ends somewhere.

All methods run on one owner thread (the UI thread in the app). Disk and device work runs in
`jobs`, model work on `model` (session/threads.py); their results come back as callbacks on the
owner thread, and every state change goes through `_fire` and the table in states.py.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mockview.core.bank.model import Bank, Question
from mockview.engines.base import Cancelled, CancelToken, Recorder, RecordingResult, Transcriber
from mockview.session.events import Failure, Meter, SessionEvents
from mockview.session.pipeline import DEFAULT_COACHING, Coaching, LiveText, process_and_store
from mockview.session.ports import Jobs, MakeLive, Model
from mockview.session.questions import question_of
from mockview.session.states import RECORDING_STATES, State, Trigger, next_state
from mockview.session.threads import ModelState, Post, Ticket

if TYPE_CHECKING:
    from mockview.core.history.records import Attempt
    from mockview.core.history.service import HistoryService

log = logging.getLogger(__name__)

SILENT_AFTER_S = 3.0  # this long without sound and the user is told to check the microphone
SILENT_PEAK = 0.01


@dataclass
class _Recording:
    """The attempt being recorded, with the recorder and live transcription it started with."""

    attempt: Attempt | None
    question: Question
    bank: Bank
    recorder: Recorder
    live: Any = None  # LiveTranscription, or None when the model was not ready
    peak: float = 0.0


@dataclass
class _Pending:
    """Settings held back while an answer is being recorded."""

    recorder: Recorder | None = None
    transcriber: Transcriber | None = None


class PracticeSession:
    def __init__(
        self,
        *,
        history: HistoryService | None,
        recorder: Recorder | None,
        model: Model,
        jobs: Jobs,
        post: Post,
        events: SessionEvents | None = None,
        make_live: MakeLive | None = None,
        coaching: Coaching = DEFAULT_COACHING,
        no_recorder_message: str = "No microphone is available.",
    ) -> None:
        self.history = history
        self.recorder = recorder
        self.model = model
        self.jobs = jobs
        self.post = post  # runs a callback on the owner thread (for the live text)
        self.events = events or SessionEvents()
        self.make_live = make_live
        self.coaching = coaching
        self.no_recorder_message = no_recorder_message
        self.state = State.IDLE
        self._recording: _Recording | None = None
        self._processing: dict[str, Ticket[Any]] = {}  # attempt id -> its model work
        self._current_id = ""  # the attempt whose result the screen waits for
        self._pending = _Pending()

    # -- the state table ---------------------------------------------------------------------

    def _fire(self, trigger: Trigger) -> bool:
        new = next_state(self.state, trigger)
        if new is None:
            log.debug("%s ignored in state %s", trigger.value, self.state.value)
            return False
        old, self.state = self.state, new
        if old in RECORDING_STATES and new not in RECORDING_STATES:
            self._apply_pending()
        if old is not new:
            self.events.state_changed(old, new)
        return True

    @property
    def is_recording(self) -> bool:
        return self.state in RECORDING_STATES

    @property
    def busy(self) -> bool:
        """Recording, or an answer still being processed."""
        return self.is_recording or bool(self._processing)

    # -- recording -----------------------------------------------------------------------------

    def toggle(self, bank: Bank | None, question: Question | None) -> None:
        """Record, or Stop when recording (Space)."""
        if self.state is State.RECORDING:
            self.stop()
        elif bank is not None and question is not None:
            self.start(bank, question)

    def start(self, bank: Bank, question: Question) -> None:
        recorder, history = self.recorder, self.history
        if recorder is None:
            self.events.message("microphone", self.no_recorder_message, "error")
            return
        if history is None:
            self.events.message(
                "history", "Recording needs the history store, which could not be opened.", "error"
            )
            return
        if not self._fire(Trigger.RECORD):
            return
        recording = _Recording(None, question, bank, recorder)
        self._recording = recording
        recording.live = self._make_live(question)
        on_block = recording.live.feed if recording.live is not None else None
        transcriber = self.model.transcriber
        name = transcriber.model_name if transcriber is not None else ""
        device = transcriber.device if transcriber is not None else ""

        def open_() -> Attempt:
            # The row comes first, so that a crash while recording leaves something to recover.
            attempt = history.start_attempt(bank.id, question, name, device)
            try:
                recorder.start(attempt.audio_path, on_block)
            except Exception:
                try:
                    history.delete_attempt(attempt.id)
                except Exception:  # noqa: BLE001 - a stray empty row is harmless
                    log.warning("could not remove the unused attempt %s", attempt.id)
                raise
            return attempt

        self.jobs.submit(open_, self._started, self._start_refused)

    def _make_live(self, question: Question) -> Any:
        transcriber = self.model.transcriber
        if self.make_live is None or transcriber is None or not self.model.is_ready:
            return None
        try:
            return self.make_live(transcriber, question.terms, self._post_live_text)
        except Exception as exc:  # noqa: BLE001 - live text is a nicety; the file is the record
            log.warning("live transcription unavailable: %s", exc)
            return None

    def _post_live_text(self, text: str) -> None:
        # Runs on the live transcription's thread: the owner thread shows it.
        self.post(lambda: self.events.live_text(text))

    def _started(self, attempt: Attempt) -> None:
        recording = self._recording
        if recording is None or self.state is not State.STARTING:
            return
        recording.attempt = attempt
        self._current_id = attempt.id
        self._fire(Trigger.STARTED)
        self.events.message("microphone", "", "")
        loading = self.model.state is ModelState.LOADING
        self.events.recording_started(attempt, recording.live is not None, loading)

    def _start_refused(self, error: Exception) -> None:
        recording, self._recording = self._recording, None
        _drop_live(recording.live if recording else None)
        self._fire(Trigger.START_REFUSED)
        from mockview.engines.base import NoInputDeviceError

        if isinstance(error, NoInputDeviceError) or "microphone" in str(error).lower():
            self.events.message(
                "microphone",
                f"{error} Check that a microphone is connected and allowed, then choose it in "
                "Settings.",
                "error",
            )
        else:
            self.events.message("history", f"Recording could not start: {error}", "error")

    def meter(self) -> Meter:
        """The timer and level of the recording; notices a microphone that failed mid-way."""
        recording = self._recording
        if recording is None or self.state is not State.RECORDING:
            return Meter()
        recorder = recording.recorder
        elapsed, level = recorder.elapsed_s, recorder.level
        recording.peak = max(recording.peak, level)
        if recorder.error:
            # The recorder's message says what failed (the microphone, the disk) and what is kept.
            self.events.message("recording", recorder.error, "error")
            self._stop(Trigger.DEVICE_LOST)
        return Meter(elapsed, level, elapsed > SILENT_AFTER_S and recording.peak < SILENT_PEAK)

    def stop(self) -> None:
        self._stop(Trigger.STOP)

    def _stop(self, trigger: Trigger) -> None:
        recording = self._recording
        if recording is None or recording.attempt is None or not self._fire(trigger):
            return
        attempt, history, recorder = recording.attempt, self.history, recording.recorder
        assert history is not None  # start() refuses to record without a store

        def close() -> RecordingResult:
            result = recorder.stop()
            try:
                history.mark_transcribing(attempt.id)
            except Exception as exc:  # noqa: BLE001 - the audio is safe; only the state lags
                log.warning("could not mark %s transcribing: %s", attempt.id, exc)
            return result

        self.jobs.submit(close, lambda result: self._stopped(recording, result), self._stop_failed)

    def _stopped(self, recording: _Recording, result: RecordingResult) -> None:
        self._recording = None
        assert recording.attempt is not None
        self._fire(Trigger.STOPPED)
        if result.error:
            self.events.message("recording", result.error, "warning")
        self._process(recording.attempt, recording.question, recording.bank, recording.live)

    def _stop_failed(self, error: Exception) -> None:
        recording, self._recording = self._recording, None
        if recording is None or recording.attempt is None:
            self._fire(Trigger.STOP_FAILED)
            return
        _drop_live(recording.live)
        message = f"The recording could not be closed cleanly ({error}); the audio so far is kept"
        self._record_failure(recording.attempt.id, recording.question, message, Trigger.STOP_FAILED)

    # -- processing ----------------------------------------------------------------------------

    def _process(
        self,
        attempt: Attempt,
        question: Question,
        bank: Bank | None,
        live: LiveText | None = None,
        retry: bool = False,
    ) -> None:
        history, coaching = self.history, self.coaching
        assert history is not None

        def work(transcriber: Transcriber, cancel: CancelToken) -> Attempt:
            return process_and_store(
                history, attempt.id, attempt.audio_path, question, transcriber,
                bank=bank, live=live, coaching=coaching, cancel=cancel, retry=retry,
            )  # fmt: skip

        self._processing[attempt.id] = self.model.submit(
            work,
            lambda stored: self._processed(stored, question),
            lambda error: self._process_failed(attempt.id, question, error),
        )

    def retry(self, attempt: Attempt, bank: Bank | None) -> bool:
        """Transcribes a failed attempt's kept audio again; False when that cannot be now."""
        if attempt.state != "failed" or attempt.id in self._processing:
            return False
        if not self._fire(Trigger.RETRY):
            return False
        bank = bank if bank is not None and attempt.bank_id == bank.id else None
        self._current_id = attempt.id
        self._process(attempt, question_of(bank, attempt), bank, retry=True)
        return True

    def _processed(self, attempt: Attempt, question: Question) -> None:
        self._processing.pop(attempt.id, None)
        behind = self._settle(attempt.id, Trigger.PROCESSED)
        self.events.processed(attempt, question, behind)

    def _process_failed(self, attempt_id: str, question: Question, error: Exception) -> None:
        self._processing.pop(attempt_id, None)
        if isinstance(error, Cancelled):
            # Left "transcribing" in the store: recovery finishes it at the next start.
            self._settle(attempt_id, Trigger.CANCELLED)
            return
        self._record_failure(attempt_id, question, str(error), Trigger.PROCESS_FAILED)

    def _record_failure(
        self, attempt_id: str, question: Question, message: str, trigger: Trigger
    ) -> None:
        history = self.history

        def store() -> tuple[Attempt | None, float, str]:
            if history is None:
                return None, 0.0, ""
            try:
                attempt = read_fully(history.fail_attempt(attempt_id, message))
            except Exception as exc:  # noqa: BLE001 - reported; the failure is still shown
                # A full disk refuses the write but not the read: the attempt as stored, failed
                # here only, still offers its audio to Replay and to Retry once there is room.
                known = _known_failed(history, attempt_id, message)
                if known is None:
                    return None, 0.0, str(exc)
                return known, audio_duration_s(known.audio_path), str(exc)
            return attempt, attempt.duration_s or audio_duration_s(attempt.audio_path), ""

        def stored(found: tuple[Attempt | None, float, str]) -> None:
            attempt, duration, store_error = found
            if store_error:
                self.events.message("history", store_error, "error")
            behind = self._settle(attempt_id, trigger)
            path = attempt.audio_path if attempt is not None else None
            self.events.failed(
                Failure(attempt_id, question, message, attempt, duration, path), behind
            )

        self.jobs.submit(store, stored)

    def _settle(self, attempt_id: str, trigger: Trigger) -> bool:
        """Ends processing of `attempt_id`; True when the user is recording another answer."""
        if attempt_id == self._current_id:
            self._fire(trigger)  # refused by the table while another answer is being recorded
        return self.is_recording or attempt_id != self._current_id

    # -- settings and quitting -----------------------------------------------------------------

    def change_settings(
        self, recorder: Recorder | None = None, transcriber: Transcriber | None = None
    ) -> bool:
        """A new microphone or model. Applied at once unless an answer is being recorded, then
        as soon as it is (the recorder in use is never swapped). True when applied now."""
        if not self._fire(Trigger.SETTINGS_CHANGED):
            return False
        if recorder is not None:
            self._pending.recorder = recorder
        if transcriber is not None:
            self._pending.transcriber = transcriber
        if self.is_recording:
            return False
        self._apply_pending()
        return True

    def _apply_pending(self) -> None:
        pending, self._pending = self._pending, _Pending()
        if pending.recorder is not None:
            self.recorder = pending.recorder
        if pending.transcriber is not None:
            self.model.load(pending.transcriber)

    def shutdown(self) -> None:
        """Quitting: stops the recorder (its audio is kept for recovery), cancels live and model
        work. Cancelled attempts stay "transcribing" and are finished at the next start."""
        recording, self._recording = self._recording, None
        if not self._fire(Trigger.QUIT):
            return
        if recording is not None:
            _drop_live(recording.live)
            if recording.recorder.is_recording:
                try:
                    recording.recorder.stop()
                except Exception as exc:  # noqa: BLE001 - closing must go on
                    log.warning("could not stop the recorder: %s", exc)
        for ticket in self._processing.values():
            ticket.cancel()


def _known_failed(history: Any, attempt_id: str, message: str) -> Attempt | None:
    try:
        known = history.get(attempt_id)
    except Exception:  # noqa: BLE001 - not even readable: nothing to offer
        return None
    return None if known is None else replace(known, state="failed", error=message)


def _drop_live(live: Any) -> None:
    """Cancels a live transcription that will never be finished (its worker must not wait)."""
    if live is not None:
        try:
            live.cancel()
        except Exception as exc:  # noqa: BLE001 - nothing left to save from it
            log.warning("could not cancel the live transcription: %s", exc)


def read_fully(attempt: Attempt) -> Attempt:
    """Reads an attempt's lazily loaded transcript and feedback (disk: call it in a job)."""
    _ = attempt.transcript, attempt.feedback
    return attempt


def audio_duration_s(path: Path) -> float:
    """Length of a recording from its header (failed attempts store none); 0 when unreadable."""
    try:
        import soundfile

        return float(soundfile.info(str(path)).duration)  # type: ignore[no-untyped-call,unused-ignore]
    except Exception:  # noqa: BLE001 - a missing or broken file has no length to show
        return 0.0
