"""Helpers of the practice loop: live-text hand-over, an attempt's question, its length, weights.

Everything here that reads the disk (`audio_duration_s`, `loaded`, `bank_weights`) is meant for
a background job, never the UI thread.
"""

from __future__ import annotations

import dataclasses
import threading
from pathlib import Path

from mockview.core.bank.model import Bank, Question


class LiveBox:
    """The latest live text, handed from the live transcription's thread to the UI tick.

    A plain object on purpose: setting an attribute on a QObject wrapper from a foreign thread
    is not safe in PySide.
    """

    def __init__(self) -> None:
        self.text = ""

    def put(self, text: str) -> None:
        self.text = text  # one reference assignment: atomic under the GIL


def question_of(bank: Bank | None, attempt) -> Question:
    """The bank's question for an attempt, or the snapshot stored with it when the bank changed."""
    if bank is not None and attempt.bank_id == bank.id:
        try:
            return bank.question(attempt.question.id)
        except KeyError:
            pass
    snap = attempt.question
    return Question(
        id=snap.id,
        section="",
        text=snap.text,
        model_answer=snap.model_answer,
        key_points=snap.key_points,
        terms=snap.terms,
        target_s=snap.target_s,
    )


def target_of(question: Question, settings) -> Question:
    """The question with the user's default target when it sets none (missing or 0)."""
    if question.target_s or not getattr(settings, "default_target_s", 0):
        return question
    return dataclasses.replace(question, target_s=int(settings.default_target_s))


def audio_duration_s(path: Path) -> float:
    """Length of a recording from its header (failed attempts store none); 0 when unreadable."""
    try:
        import soundfile

        return float(soundfile.info(str(path)).duration)
    except Exception:  # noqa: BLE001 - a missing or broken file has no length to show
        return 0.0


def loaded(attempt) -> tuple[object, float]:
    """(attempt, length in seconds) with its transcript and feedback read from the store.

    Listed attempts load both lazily on first access, and failed ones store no length: both
    reads touch the disk, so callers run this in a job and hand the result to the UI.
    """
    _ = attempt.transcript, attempt.feedback
    return attempt, attempt.duration_s or audio_duration_s(attempt.audio_path)


_weights: dict[str, tuple[Bank, dict]] = {}
_weights_lock = threading.Lock()


def bank_weights(bank: Bank | None) -> dict | None:
    """Concept weights for analyze(idf=...), computed once per loaded bank (None without one).

    Kept per bank object, so a bank reloaded after an edit gets fresh weights.
    """
    if bank is None:
        return None
    with _weights_lock:
        cached = _weights.get(bank.id)
        if cached is not None and cached[0] is bank:
            return cached[1]
    from mockview.core.feedback.coverage import idf_for_bank

    idf = idf_for_bank(bank)
    with _weights_lock:
        _weights[bank.id] = (bank, idf)
    return idf
