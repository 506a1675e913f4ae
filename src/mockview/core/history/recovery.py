"""Finishing attempts a crash interrupted: repair the audio, transcribe and analyse, store."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from mockview.core.history.records import Attempt, Serializable

# process(audio_path) -> (transcript, feedback): the app passes its transcriber and analysis.
Process = Callable[[Path], tuple[Serializable | None, Serializable | None]]
# repair(audio_path) -> length in seconds, or None to take the transcript's. The app passes the
# engines' repair (core cannot import engines); it raises, with a message for the user, when the
# file holds no usable audio.
Repair = Callable[[Path], float | None]


class RecoveryStore(Protocol):
    """What recovery needs of the history (HistoryService has it)."""

    def fail_attempt(self, attempt_id: str, message: str) -> Attempt: ...

    def store_recovered(
        self,
        attempt_id: str,
        duration_s: float,
        transcript: Serializable | None,
        feedback: Serializable | None,
    ) -> Attempt: ...


def recover_attempt(
    store: RecoveryStore, attempt: Attempt, process: Process, repair: Repair
) -> Attempt:
    """Returns the attempt as stored afterwards: "recovered", or "failed" with the reason.

    `repair(path)` makes the audio readable first. Its errors and those of the processing step
    are stored, not raised: recovery runs at start-up over every unfinished attempt and one bad
    file must not stop the others.
    """
    path = attempt.audio_path
    try:
        duration_s = repair(path)
    except OSError as error:
        return store.fail_attempt(
            attempt.id, f"The audio file {path} could not be repaired: {error.strerror or error}"
        )
    except Exception as error:  # noqa: BLE001 - e.g. the engines' AudioFileError: no usable audio
        return store.fail_attempt(attempt.id, str(error) or type(error).__name__)
    try:
        transcript, feedback = process(path)
    except Exception as error:  # noqa: BLE001 - any failure of the app's pipeline is recorded
        message = str(error) or type(error).__name__
        return store.fail_attempt(attempt.id, f"Recovering {path.name} failed: {message}")
    if duration_s is None:
        duration_s = getattr(transcript, "duration_s", 0.0) or 0.0
    return store.store_recovered(attempt.id, float(duration_s), transcript, feedback)
