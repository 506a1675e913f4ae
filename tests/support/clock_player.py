"""A Player that plays in wall-clock time without sound: its position advances, files queued
with enqueue() follow in the same "stream", and its state is "stopped" once all have played
(read-aloud tests and bench/read_aloud.py)."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import soundfile as sf


class ClockPlayer:
    def __init__(self, can_queue: bool = True) -> None:
        self.played: list[Path] = []  # every file, in order
        self.streams = 0  # play() calls: each opens a new stream
        self.can_queue = can_queue
        self._lock = threading.Lock()
        self._start = 0.0
        self._durations: list[float] = []
        self._stopped = True

    def play(self, path: Path, start_s: float = 0.0) -> None:
        with self._lock:
            self.played.append(Path(path))
            self.streams += 1
            self._durations = [sf.info(str(path)).duration]
            self._start, self._stopped = time.monotonic() - start_s, False

    def enqueue(self, path: Path) -> bool:
        with self._lock:
            if not self.can_queue or self._stopped or self._elapsed() >= sum(self._durations):
                return False
            self.played.append(Path(path))
            self._durations.append(sf.info(str(path)).duration)
            return True

    def stop(self) -> None:
        self._stopped = True

    def _elapsed(self) -> float:
        return time.monotonic() - self._start

    def progress(self) -> tuple[int, float]:
        with self._lock:
            t = self._elapsed()
            for k, d in enumerate(self._durations):
                if t < d or k == len(self._durations) - 1:
                    return k, min(t, d)
                t -= d
            return 0, 0.0

    @property
    def position_s(self) -> float:
        return self.progress()[1]

    @property
    def state(self) -> str:
        with self._lock:
            done = self._elapsed() >= sum(self._durations)
        return "stopped" if self._stopped or done else "playing"
