"""What a PracticeSession tells its owner; the UI overrides these, tests record them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from mockview.core.bank.model import Question
from mockview.session.states import State

if TYPE_CHECKING:
    from mockview.core.history.records import Attempt


@dataclass(frozen=True)
class Failure:
    """An attempt that ended without a transcript; its audio is kept for Retry."""

    attempt_id: str
    question: Question
    message: str
    attempt: Attempt | None  # as stored, or None when the store could not be written
    duration_s: float
    audio_path: Path | None


@dataclass(frozen=True)
class Meter:
    """What the recording screen shows, polled about 30 times a second."""

    elapsed_s: float = 0.0
    level: float = 0.0
    silent: bool = False  # seconds have passed and the microphone has given no sound


class SessionEvents:
    """Every method runs on the session's owner thread. `behind` is True when the user is
    already recording another answer: the result must not take the screen from them."""

    def state_changed(self, old: State, new: State) -> None:
        """After every transition."""

    def recording_started(self, attempt: Attempt, live: bool, model_loading: bool) -> None:
        """The microphone is open; `live` says whether text will follow the speech."""

    def live_text(self, text: str) -> None:
        """The live transcript so far."""

    def processed(self, attempt: Attempt, question: Question, behind: bool) -> None:
        """An answer's transcript and feedback are stored (`attempt` is read back in full)."""

    def failed(self, failure: Failure, behind: bool) -> None:
        """An answer could not be transcribed (or recorded to the end); its audio is kept."""

    def message(self, key: str, text: str, kind: str) -> None:
        """A banner: `key` names it (a later message with the key replaces it; "" text hides
        it); `kind` is "error" | "warning" | "info"."""
