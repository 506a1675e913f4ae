"""The one pipeline every route takes: audio -> transcript -> feedback (-> store).

The practice loop, a retry, crash recovery and `mockview analyze` all call `process_attempt`,
so an answer gets the same transcript and the same figures whichever way it arrives.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import numpy as np

from mockview.core.bank.model import Bank, Question
from mockview.core.feedback import analyze
from mockview.core.feedback.coverage import idf_for_bank
from mockview.core.feedback.model import Feedback
from mockview.core.feedback.voice_track import VoiceTrack
from mockview.core.settings import DEFAULT_FILLERS, DEFAULT_HEDGES, Settings
from mockview.core.transcript import Transcript
from mockview.engines.audio_files import TARGET_RATE, load_audio_16k
from mockview.engines.base import CancelToken, Transcriber, check_cancelled
from mockview.engines.long_audio import stream_long_file
from mockview.session.questions import from_snapshot

if TYPE_CHECKING:
    from mockview.core.history.records import Attempt
    from mockview.core.history.service import HistoryService


class LiveText(Protocol):
    """What the pipeline needs of a live transcription (engines.live.LiveTranscription)."""

    def finish(self, timeout_s: float = ..., cancel: CancelToken | None = ...) -> Transcript: ...

    def audio(self) -> np.ndarray | None:
        """The 16 kHz audio it was fed, when it kept it."""

    def voice(self) -> VoiceTrack | None:
        """The voice frames measured from that audio as it was fed, when it kept it."""


@dataclass(frozen=True)
class Coaching:
    """The user's analysis choices (from Settings): which words count as fillers and hedges."""

    fillers: Sequence[str] = tuple(DEFAULT_FILLERS)
    hedges: Sequence[str] = tuple(DEFAULT_HEDGES)


DEFAULT_COACHING = Coaching()


def coaching_of(settings: Settings) -> Coaching:
    return Coaching(tuple(settings.fillers), tuple(settings.hedges))


@dataclass(frozen=True)
class Processed:
    transcript: Transcript
    feedback: Feedback
    duration_s: float  # length of the recording


def process_attempt(
    audio: Path | np.ndarray,
    question: Question,
    transcriber: Transcriber | None,
    *,
    transcript: Transcript | None = None,
    bank: Bank | None = None,
    live: LiveText | None = None,
    coaching: Coaching = DEFAULT_COACHING,
    lead_in_s: float = 0.0,
    cancel: CancelToken | None = None,
) -> Processed:
    """Transcribes (or finishes the live transcript of) one answer and analyses it.

    `audio` is the recording (a file, or 16 kHz mono float32); `bank` gives the concept weights
    of the bank practised; `transcript` (e.g. read from a file) skips transcription. Raises
    Cancelled once `cancel` is set, EngineError (AudioFileError, ModelError) for what the user
    can act on.
    """
    samples = None
    voice = None
    if (
        live is None
        and transcript is None
        and transcriber is not None
        and isinstance(audio, str | Path)
    ):
        # A long file is read stretch by stretch, its memory flat (engines/long_audio.py): a
        # retry and crash recovery come through here. None for a short one (one model call).
        live = stream_long_file(transcriber, audio, question.terms, cancel=cancel)
    if live is not None and transcript is None:
        # The live text first: after Stop only its last stretch is left to decode, and the
        # audio it already resampled (and the voice frames measured from it) saves reading and
        # measuring the whole recording again.
        transcript = live.finish(cancel=cancel)
        samples = live.audio()
        voice = live.voice()
    if samples is None:
        samples = load_audio_16k(audio) if isinstance(audio, str | Path) else audio
    check_cancelled(cancel)
    if transcript is not None:
        pass
    elif transcriber is not None:
        transcript = transcriber.transcribe(samples, question.terms, cancel=cancel)
    else:
        raise ValueError(
            "process_attempt needs a transcriber, a live transcription or a transcript"
        )
    check_cancelled(cancel)
    feedback = analyze(
        transcript,
        question,
        audio=samples,
        lead_in_s=lead_in_s,
        fillers=coaching.fillers,
        hedges=coaching.hedges,
        idf=bank_weights(bank),
        voice=voice,
        others=[q for q in bank.questions if q.id != question.id] if bank is not None else (),
    )
    return Processed(transcript, feedback, len(samples) / TARGET_RATE)


def process_and_store(
    history: HistoryService,
    attempt_id: str,
    audio_path: Path,
    question: Question,
    transcriber: Transcriber,
    *,
    bank: Bank | None = None,
    live: LiveText | None = None,
    coaching: Coaching = DEFAULT_COACHING,
    cancel: CancelToken | None = None,
    retry: bool = False,
) -> Attempt:
    """The practice loop's and a retry's route: process, then store the result."""
    if retry:
        history.mark_transcribing(attempt_id)
    done = process_attempt(
        audio_path, question, transcriber, bank=bank, live=live, coaching=coaching, cancel=cancel
    )
    check_cancelled(cancel)
    return history.complete_attempt(attempt_id, done.duration_s, done.transcript, done.feedback)


def recover_attempt(
    history: HistoryService,
    attempt: Attempt,
    transcriber: Transcriber,
    *,
    bank: Bank | None = None,
    coaching: Coaching = DEFAULT_COACHING,
    cancel: CancelToken | None = None,
) -> Attempt:
    """Crash recovery's route: repair the audio, then the same pipeline; stored "recovered"."""
    from mockview.engines.recorder import repair_audio_file

    question = from_snapshot(attempt.question)

    def process(path: Path) -> tuple[Transcript, Feedback]:
        done = process_attempt(
            path, question, transcriber, bank=bank, coaching=coaching, cancel=cancel
        )
        return done.transcript, done.feedback

    return history.recover(attempt, process, repair_audio_file)


_weights: dict[str, tuple[Bank, dict[str, float]]] = {}
_weights_lock = threading.Lock()


def bank_weights(bank: Bank | None) -> dict[str, float] | None:
    """Concept weights for analyze(idf=...), computed once per loaded bank (None without one).

    Kept per bank object, so a bank reloaded after an edit gets fresh weights.
    """
    if bank is None:
        return None
    with _weights_lock:
        cached = _weights.get(bank.id)
        if cached is not None and cached[0] is bank:
            return cached[1]
    idf = idf_for_bank(bank)
    with _weights_lock:
        _weights[bank.id] = (bank, idf)
    return idf
