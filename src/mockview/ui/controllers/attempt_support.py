"""Helpers of the practice loop: the live-text hand-over, an attempt's question, its length."""

from __future__ import annotations

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
    return Question(id=snap.id, section="", text=snap.text, model_answer=snap.model_answer,
                    key_points=snap.key_points, terms=snap.terms, target_s=snap.target_s)


def audio_duration_s(path: Path) -> float:
    """Length of a recording from its header (failed attempts store none); 0 when unreadable."""
    try:
        import soundfile

        return float(soundfile.info(str(path)).duration)
    except Exception:  # noqa: BLE001 - a missing or broken file has no length to show
        return 0.0
