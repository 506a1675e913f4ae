"""Reading a text aloud, piece by piece, with the word being said known at any moment.

The text is cut into sentences (reading_plan); each is synthesized on its own (and cached), and
the next pieces are synthesized while this one plays, so sound starts after the first short
piece and the length of the text never matters. The word being said comes from the piece
playing, the player's position in it and the words' weights spread over the piece's voiced
audio. No Qt: the UI polls `current_word()` and `state`.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from mockview.engines.base import EngineError, Player, Speaker
from mockview.session.reading_plan import Piece, ReadingPlan, plan_reading

log = logging.getLogger(__name__)

LOOKAHEAD = 2  # pieces synthesized ahead of the one playing
# A piece (at most 240 characters) is synthesized in well under a second, 2 s with both cores
# busy: a synthesizer still silent after this has hung.
PIECE_TIMEOUT_S = 30.0
POLL_S = 0.02
# eSpeak NG is hard to follow outside this range; a rate from a hand-edited settings file is
# brought inside it.
RATE_RANGE = (80, 300)


@dataclass(frozen=True)
class PieceTiming:
    voiced_from_s: float  # where the piece's sound starts and ends in its WAV
    voiced_to_s: float
    ends_s: tuple[float, ...]  # when each of its words ends, over the voiced part

    def word_at(self, position_s: float) -> int:
        """Index of the word being said at `position_s` into the piece's WAV."""
        for k, end in enumerate(self.ends_s):
            if position_s < end:
                return k
        return len(self.ends_s) - 1


def piece_timing(piece: Piece, path: Path) -> PieceTiming:
    """Spreads the piece's words over the voiced part of its WAV by their weights."""
    import soundfile as sf

    audio, rate = sf.read(str(path), dtype="float32", always_2d=True)
    mono = audio.mean(axis=1)
    frame = max(1, int(0.01 * rate))
    n = len(mono) // frame
    level = np.sqrt((mono[: n * frame].reshape(n, frame) ** 2).mean(axis=1)) if n else np.zeros(0)
    loud = np.flatnonzero(level > max(1e-3, 0.05 * float(level.max()) if n else 0.0))
    a = loud[0] * frame / rate if loud.size else 0.0
    b = (loud[-1] + 1) * frame / rate if loud.size else len(mono) / rate
    weights = np.array([w.weight for w in piece.words], dtype=float)
    share = np.cumsum(weights) / weights.sum() if weights.sum() > 0 else np.ones(len(weights))
    return PieceTiming(a, b, tuple(float(a + (b - a) * s) for s in share))


class ReadAloud:
    """One reading of one text; start() once, stop() at any time (it returns at once)."""

    def __init__(
        self,
        speaker: Speaker,
        player: Player,
        text: str,
        voice: str = "",
        rate_wpm: int = 150,
        *,
        lookahead: int = LOOKAHEAD,
        piece_timeout_s: float = PIECE_TIMEOUT_S,
    ) -> None:
        self.speaker, self.player = speaker, player
        self.plan: ReadingPlan = plan_reading(text)
        self.voice, self.lookahead, self.piece_timeout_s = voice, lookahead, piece_timeout_s
        self.rate_wpm = min(RATE_RANGE[1], max(RATE_RANGE[0], int(rate_wpm)))
        self.state = "preparing"  # -> speaking -> done | stopped | failed
        self.error = ""
        self.first_audio_s: float | None = None  # start() to the first piece playing
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._head = -1  # the piece the player's current stream started with
        self._timings: dict[int, PieceTiming] = {}  # of the pieces handed to that stream
        self._thread: threading.Thread | None = None

    @property
    def finished(self) -> bool:
        return self.state in ("done", "stopped", "failed")

    def start(self) -> None:
        if not self.plan.pieces:
            self.state, self.error = "failed", "There is nothing to read aloud in this text."
            return
        self._thread = threading.Thread(target=self._run, name="read-aloud", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self.state in ("preparing", "speaking"):
            self.state = "stopped"
        try:
            self.player.stop()
        except Exception:  # noqa: BLE001 - stopping must never raise into the UI
            log.exception("stopping playback failed")

    def join(self, timeout_s: float | None = None) -> None:
        if self._thread is not None:
            self._thread.join(timeout_s)

    def current_word(self) -> tuple[int, int] | None:
        """(start, end) character offsets in the text of the word being said, or None."""
        with self._lock:
            head, timings = self._head, self._timings
        if self.state != "speaking" or head < 0:
            return None
        finished, position_s = self._progress()
        timing = timings.get(head + finished)
        if timing is None:
            return None
        words = self.plan.pieces[head + finished].words
        k = timing.word_at(position_s)
        return words[k].start, words[k].end

    def _progress(self) -> tuple[int, float]:
        """(pieces finished since the stream's first, position in the one playing)."""
        progress = getattr(self.player, "progress", None)
        if progress is not None:
            finished, position_s = progress()
            return int(finished), float(position_s)
        return 0, float(self.player.position_s)

    # -- the reading thread -------------------------------------------------------------------

    def _run(self) -> None:
        started = time.perf_counter()
        pieces = self.plan.pieces
        futures: dict[int, Future[Path]] = {}
        asked: set[int] = set()

        def ask(upto: int) -> None:
            """Asks for every piece before `upto` not asked for yet."""
            for k in range(min(upto, len(pieces))):
                if k not in asked:
                    asked.add(k)
                    futures[k] = self._request(pieces[k])

        try:
            following = 0  # the next piece to hand to the player
            while following < len(pieces):
                ask(following + 1 + self.lookahead)
                path = self._wait(futures.pop(following))
                if path is None:
                    return
                timing = piece_timing(pieces[following], path)
                with self._lock:
                    self._head = -1  # no word while the player moves to the next stream
                self.player.play(path, 0.0)
                with self._lock:
                    self._head, self._timings = following, {following: timing}
                following += 1
                if self.first_audio_s is None:
                    self.first_audio_s = time.perf_counter() - started
                self.state = "speaking"
                following = self._follow(following, futures, ask)
                if self._stop.is_set():
                    return
            self.state = "done"
        except Exception as exc:  # noqa: BLE001 - any failure is a message, never a stuck state
            if not self._stop.is_set():
                log.warning("read-aloud failed: %s", exc)
                self.error = str(exc) if isinstance(exc, EngineError) else f"Reading failed: {exc}"
                self.state = "failed"
        finally:
            # Pieces asked for ahead are left to finish: the speaker may share them with
            # another reading, and they are cached for the next.
            with self._lock:
                self._head = -1

    def _follow(
        self, following: int, futures: dict[int, Future[Path]], ask: Callable[[int], None]
    ) -> int:
        """While a stream plays, queues the next pieces on it as they are synthesized (no
        gap: a new output stream took 1.2 s to start sounding on a virtual sound server);
        returns the first piece not queued once the stream ends or the reading stops."""
        enqueue = getattr(self.player, "enqueue", None)
        pieces = self.plan.pieces
        while not self._stop.wait(POLL_S):
            finished, _ = self._progress()
            ask(self._head + finished + 1 + self.lookahead)
            ready = following < len(pieces) and following in futures and futures[following].done()
            if enqueue is not None and ready:
                path = Path(futures[following].result())
                timing = piece_timing(pieces[following], path)
                if enqueue(path):
                    with self._lock:
                        self._timings = {**self._timings, following: timing}
                    del futures[following]
                    following += 1
                else:
                    enqueue = None  # another format: played on its own after this stream
            if self.player.state == "stopped":
                break
        return following

    def _request(self, piece: Piece) -> Future[Path]:
        return self.speaker.prefetch(piece.text, self.voice, self.rate_wpm)

    def _wait(self, future: Future[Path]) -> Path | None:
        deadline = time.monotonic() + self.piece_timeout_s
        while not future.done():
            if self._stop.wait(POLL_S):
                return None
            if time.monotonic() > deadline:
                raise EngineError(
                    f"The speech synthesizer gave no sound within {self.piece_timeout_s:.0f} s "
                    "(a sentence takes under a second): reading stopped."
                )
        return None if self._stop.is_set() else Path(future.result())
