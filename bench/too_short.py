"""How much speech a take needs before its rate figures mean anything: the bound verdict.py uses.

Usage: bench/too_short.py [--seconds 120]

A take of L seconds is modelled as a stretch of L seconds cut from a longer answer: every start
word of the answer gives one such stretch. For each L the table prints how far the stretch's pace
(WPM over its words) lies from the whole answer's pace (median and 90th percentile of the
relative error), how many words such a stretch holds, and what one filler alone does to fillers
per minute (60 / L: above 5/min reads as "hesitant", Corley & Stewart 2008). Material:
- real: the 18 real read clips of ../shared/speech joined with 0.6-2.5 s quiet gaps (2 minutes),
  transcribed by the app's Whisper engine (word times);
- espeak: a scripted answer of `--seconds` spoken by espeak-ng in several voices and rates.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from _speech import scripted_answer  # noqa: E402
from tests.support import real_speech as rs  # noqa: E402

from mockview.core.feedback.tokens import spoken, tokenize  # noqa: E402
from mockview.core.transcript import Transcript  # noqa: E402

LENGTHS = (2.0, 3.0, 5.0, 8.0, 10.0, 15.0, 20.0)


def word_times(transcript: Transcript) -> list[tuple[float, float]]:
    return [(t.start_s, t.end_s) for t in spoken(tokenize(transcript)) if t.end_s > 0]


def stretches(times: list[tuple[float, float]], length: float) -> list[tuple[int, float]]:
    """(words, seconds) of every stretch of about `length` seconds of speech."""
    out = []
    for i in range(len(times)):
        for j in range(i, len(times)):
            span = times[j][1] - times[i][0]
            if span >= length:
                out.append((j - i + 1, span))
                break
    return out


def rows(name: str, times: list[tuple[float, float]]) -> list[str]:
    whole = len(times) * 60.0 / (times[-1][1] - times[0][0])
    lines = []
    for length in LENGTHS:
        found = stretches(times, length)
        if not found:
            continue
        errors = sorted(abs(n * 60.0 / s - whole) / whole for n, s in found)
        words = statistics.median(n for n, _ in found)
        p90 = errors[int(0.9 * (len(errors) - 1))]
        lines.append(
            f"{name:<7} {length:5.0f} {len(found):5d} {words:6.0f} "
            f"{statistics.median(errors):7.1%} {p90:7.1%} {60.0 / length:9.1f}"
        )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=120.0)
    args = parser.parse_args(argv)
    from mockview.engines.transcriber import WhisperTranscriber

    engine = WhisperTranscriber()
    material = {}
    if rs.available():
        material["real"] = rs.joined(rs.read_clips()).audio
    material["espeak"], _ = scripted_answer(args.seconds, seed=3)
    print("material L_s  takes  words  WPM_err_med  WPM_err_p90  1_filler_per_min")
    print(f"{'':<7} {'':>5} {'':>5} {'':>6} {'(vs whole answer)':>15}")
    for name, audio in material.items():
        transcript = engine.transcribe(audio)
        times = word_times(transcript)
        whole = len(times) * 60.0 / (times[-1][1] - times[0][0])
        print(f"# {name}: {len(times)} words, {len(audio) / 16000:.0f} s, {whole:.0f} WPM")
        for line in rows(name, times):
            print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
