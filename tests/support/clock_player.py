"""A Player that plays in wall-clock time without sound: its position advances, and its state
is "stopped" once the file's duration has passed (read-aloud tests and bench/read_aloud.py)."""

from __future__ import annotations

import time
from pathlib import Path

import soundfile as sf


class ClockPlayer:
    def __init__(self) -> None:
        self.played: list[Path] = []
        self._start = 0.0
        self._duration = 0.0
        self._stopped = True

    def play(self, path: Path, start_s: float = 0.0) -> None:
        self.played.append(Path(path))
        self._duration = sf.info(str(path)).duration
        self._start, self._stopped = time.monotonic() - start_s, False

    def stop(self) -> None:
        self._stopped = True

    @property
    def position_s(self) -> float:
        return min(self._duration, time.monotonic() - self._start)

    @property
    def state(self) -> str:
        return "stopped" if self._stopped or self.position_s >= self._duration else "playing"
