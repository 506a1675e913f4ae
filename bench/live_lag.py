"""How far the live transcript lags behind speech, in real time, with one core busy elsewhere.

Usage: bench/live_lag.py [--busy 1] [--seconds 120]

The answer is the real read clips joined with pauses (../shared/speech; eSpeak speech without
them), fed to LiveTranscription in 50 ms blocks at the pace it was spoken, while --busy
processes spin on other cores. For every stretch: lag = when its text was ready minus when
its last sample was spoken. Also the most stretches ever waiting to be decoded (the live text
must never fall more than one stretch behind: at most 1 waiting) and decode seconds per
audio second.
"""

from __future__ import annotations

import argparse
import multiprocessing
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from tests.support import real_speech as rs  # noqa: E402

from mockview.core.bank.discovery import find_banks  # noqa: E402
from mockview.engines.live import LiveTranscription  # noqa: E402
from mockview.engines.transcriber import WhisperTranscriber  # noqa: E402

RATE = 16000
BLOCK = int(0.05 * RATE)


class Timed:
    """The transcriber, noting when each stretch's text is ready and where the stretch ends."""

    def __init__(self, engine: WhisperTranscriber) -> None:
        self.engine = engine
        self.done: list[tuple[float, float, float]] = []  # (ready at, audio end s, decode s)

    def __getattr__(self, name):
        return getattr(self.engine, name)

    def transcribe(self, audio, terms=(), offset_s=0.0, **kw):
        start = time.perf_counter()
        out = self.engine.transcribe(audio, terms, offset_s, **kw)
        now = time.perf_counter()
        self.done.append((now, offset_s + len(audio) / RATE, now - start))
        return out


def spin(stop) -> None:
    while not stop.is_set():
        pass


def answer(seconds: float) -> tuple[np.ndarray, str]:
    if rs.available():
        reads = rs.read_clips()
        audio = rs.joined(reads, seed=0).audio
        return audio[: int(seconds * RATE)], f"{len(reads)} real read clips joined"
    from _speech import scripted_answer

    audio, _ = scripted_answer(seconds, seed=1)
    return audio, "eSpeak speech (real clips not found)"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--busy", type=int, default=1)
    parser.add_argument("--seconds", type=float, default=120.0)
    args = parser.parse_args()
    bank = next(b for b in find_banks().banks if b.id == "ai-cto")
    audio, what = answer(args.seconds)
    engine = WhisperTranscriber()
    engine.load()
    timed = Timed(engine)
    stop = multiprocessing.Event()
    busy = [
        multiprocessing.Process(target=spin, args=(stop,), daemon=True) for _ in range(args.busy)
    ]
    for p in busy:
        p.start()
    live = LiveTranscription(timed, bank.questions[0].terms, keep_audio=True)
    waiting = 0
    try:
        start = time.perf_counter()
        for pos in range(0, len(audio), BLOCK):
            # Each block as the microphone hands it over: never before it was spoken.
            due = start + (pos + BLOCK) / RATE
            time.sleep(max(0.0, due - time.perf_counter()))
            live.feed(audio[pos : pos + BLOCK], RATE)
            waiting = max(waiting, live.pending)
        stopped = time.perf_counter()
        live.finish()
        after_stop = time.perf_counter() - stopped
    finally:
        stop.set()
        for p in busy:
            p.join(5)
    lags = [ready - (start + end) for ready, end, _ in timed.done[:-1]]  # the last: after Stop
    decode = sum(d for _, _, d in timed.done)
    print(f"{what}, {len(audio) / RATE:.0f} s fed in real time; {args.busy} core(s) kept busy")
    print(
        f"{'stretches':>9} {'lag_mean_s':>10} {'lag_max_s':>9} {'max_waiting':>11} "
        f"{'cpu_per_audio_s':>15} {'stop_to_text_s':>14}"
    )
    print(
        f"{len(timed.done):>9} {statistics.mean(lags):>10.2f} {max(lags):>9.2f} {waiting:>11} "
        f"{decode / (len(audio) / RATE):>15.3f} {after_stop:>14.2f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
