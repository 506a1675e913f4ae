"""How long after Stop is the transcript ready? Live transcription vs whole-file, tiny.en.

Usage: bench/latency.py [--lengths 30,120,300] [--runs 3] [--fast] [--no-condition] [--beam N]

For each answer length it makes espeak-ng speech of varied text (voices, rates, pauses, light
room noise), upsampled to 48 kHz like a microphone, and feeds it in 50 ms blocks to
LiveTranscription at real time (`--fast`: as fast as it goes, for a quick check; the
post-stop figure then includes the backlog and is not the real-time one). It prints:
post-stop latency (finish() time, median over runs), whole-file transcription time of the same
48 kHz audio (resampled as a recording is read) and its real-time factor, model load time,
WER of the live and the whole-file transcript against the script (live: mean over runs;
Whisper's temperature fallback samples, so runs differ by a few points), and peak RSS: of the
live runs (live_MB: model, the test audio as 48 kHz arrays, and the live path) and of the
whole-file pass after them (whole_MB).
Targets: post-stop median <= 1.5 s at every length and <= 0.25x the whole-file time at 2 min;
live WER within 2 points of whole-file; peak RSS < 600 MB.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import threading
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _speech import (  # noqa: E402
    RATE,
    normalise,
    peak_rss_mb,
    reset_peak_rss,
    scripted_answer,
    wer,
)

from mockview.engines.audio_files import resample  # noqa: E402
from mockview.engines.live import LiveTranscription  # noqa: E402
from mockview.engines.transcriber import WhisperTranscriber  # noqa: E402

MIC_RATE = 48000
BLOCK_S = 0.05


def to_mic_rate(audio: np.ndarray) -> np.ndarray:
    n = int(len(audio) * MIC_RATE / RATE)
    return np.interp(np.linspace(0, len(audio) - 1, n), np.arange(len(audio)), audio).astype(
        np.float32
    )


def live_run(transcriber, mic_audio: np.ndarray, fast: bool, condition: bool):
    live = LiveTranscription(transcriber, condition_on_previous=condition)
    block = int(BLOCK_S * MIC_RATE)
    pacer = threading.Event()  # never set: its wait() paces the feed like a microphone
    start = time.perf_counter()
    for i, pos in enumerate(range(0, len(mic_audio), block)):
        live.feed(mic_audio[pos : pos + block], MIC_RATE)
        if not fast:
            ahead = start + (i + 1) * BLOCK_S - time.perf_counter()
            if ahead > 0:
                pacer.wait(ahead)
    stop = time.perf_counter()
    result = live.finish()
    return time.perf_counter() - stop, result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lengths", default="30,120", help="answer lengths in seconds")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--fast", action="store_true", help="feed without real-time pacing")
    parser.add_argument(
        "--no-condition",
        dest="condition",
        action="store_false",
        help="do not condition each stretch on the previous stretch's words",
    )
    parser.add_argument("--beam", type=int, default=None, help="beam size (default: engine's)")
    args = parser.parse_args()

    transcriber = WhisperTranscriber()
    if args.beam:
        transcriber.beam_size = args.beam
    transcriber.load()
    print(
        f"model {transcriber.model_name} on {transcriber.device}, {transcriber.cpu_threads} "
        f"threads, beam {transcriber.beam_size}, prompt {transcriber.prompt_mode}, "
        f"load {transcriber.load_s:.2f} s, {'fast feed' if args.fast else 'real-time feed'}"
        f"{', stretches conditioned' if args.condition else ', not conditioned'}"
    )
    header = (
        f"{'length':>7} {'audio_s':>7} {'stop_med':>8} {'stop_max':>8} {'whole_s':>7} "
        f"{'RTF':>5} {'stop/whole':>10} {'WER_live':>8} {'WER_whole':>9} {'stretch':>7} "
        f"{'live_MB':>7} {'whole_MB':>8}"
    )
    print(header)
    for seconds in [float(s) for s in args.lengths.split(",")]:
        audio, script = scripted_answer(seconds, seed=int(seconds))
        reference = normalise(script)
        mic_audio = to_mic_rate(audio)
        stops, wers, stretches = [], [], 0
        # The live path's own peak (live_MB) is taken first: the whole-file pass below holds
        # the whole recording, which a recording session never does.
        reset_peak_rss()
        for _ in range(args.runs):
            stop_s, result = live_run(transcriber, mic_audio, args.fast, args.condition)
            stops.append(stop_s)
            wers.append(wer(reference, normalise(result.text)))
            stretches = result.extra.get("stretches", 0)
        live_rss = peak_rss_mb()
        # Whole-file gets the same 48 kHz input as live, resampled as the app reads a recording.
        start = time.perf_counter()
        whole = transcriber.transcribe(resample(mic_audio, MIC_RATE))
        whole_s = time.perf_counter() - start
        whole_rss = peak_rss_mb()
        median = statistics.median(stops)
        print(
            f"{seconds:>6.0f}s {len(audio) / RATE:>7.1f} {median:>8.2f} {max(stops):>8.2f} "
            f"{whole_s:>7.2f} {whole_s / (len(audio) / RATE):>5.3f} {median / whole_s:>10.2f} "
            f"{statistics.mean(wers):>8.3f} {wer(reference, normalise(whole.text)):>9.3f} "
            f"{stretches:>7} {live_rss:>7.0f} {whole_rss:>8.0f}",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
