"""Time and pace: answer length, response delay, words per minute and pace over time.

Definitions (as speaking coaches use them):
- word_count counts every spoken word, fillers included: they take time like any word.
- words_per_minute = word_count / speaking time, where speaking time runs from the first
  word's start to the last word's end, pauses included; 0 (no pace) under MIN_PACE_S.
- articulation_wpm = word_count / (speaking time less every pause of PAUSE_MIN_S or more):
  how fast the words themselves come, the usual phonetics definition of articulation rate.
- pace windows: words whose middle falls in each WINDOW_S stretch from the first word, as WPM.
"""

from __future__ import annotations

from dataclasses import dataclass

from mockview.core.feedback.model import Pause
from mockview.core.feedback.tokens import Token

WINDOW_S = 10.0
# Below this much speech no pace is given: one word more or less in 3 s moves it by 20 WPM, and
# a 1-second take showed 353 WPM. Speaking coaches time a pace over a minute or more.
MIN_PACE_S = 5.0
# Answer length relative to the target that still reads as "within": 60-120 s for a 90 s target.
TARGET_LOW = 2.0 / 3.0
TARGET_HIGH = 4.0 / 3.0


@dataclass(frozen=True)
class Timing:
    duration_s: float
    response_delay_s: float
    speaking_s: float
    answer_s: float
    words_per_minute: float
    articulation_wpm: float
    pace_windows: list[tuple[float, float]]
    target_verdict: str


def recording_length(tokens: list[Token], transcript_s: float, audio_s: float) -> float:
    length = max(transcript_s, audio_s)
    if length <= 0 and tokens:
        length = tokens[-1].end_s
    return length


def pace_windows(tokens: list[Token]) -> list[tuple[float, float]]:
    if not tokens:
        return []
    t0, t1 = tokens[0].start_s, tokens[-1].end_s
    if t1 - t0 <= 0:
        return []
    n = max(1, int((t1 - t0) // WINDOW_S) + (1 if (t1 - t0) % WINDOW_S > 1e-9 else 0))
    counts = [0] * n
    for t in tokens:
        counts[min(n - 1, int((t.mid_s - t0) // WINDOW_S))] += 1
    out: list[tuple[float, float]] = []
    for k, c in enumerate(counts):
        start = t0 + k * WINDOW_S
        length = min(WINDOW_S, t1 - start)
        # A last window of a few seconds would swing wildly; fold it into the one before.
        if k == n - 1 and k > 0 and length < WINDOW_S / 2:
            prev_start, _ = out[-1]
            total = counts[k - 1] + c
            out[-1] = (prev_start, round(total * 60.0 / (WINDOW_S + length), 1))
            continue
        out.append((round(start, 2), round(c * 60.0 / length, 1) if length > 0 else 0.0))
    return out


def verdict(answer_s: float, target_s: float) -> str:
    if target_s <= 0 or answer_s <= 0:
        return ""
    if answer_s < target_s * TARGET_LOW:
        return "under"
    if answer_s > target_s * TARGET_HIGH:
        return "over"
    return "within"


def measure(
    tokens: list[Token],
    pauses: list[Pause],
    recording_s: float,
    lead_in_s: float,
    target_s: float,
) -> Timing:
    duration_s = max(0.0, recording_s - lead_in_s)
    if not tokens:
        return Timing(duration_s, 0.0, 0.0, 0.0, 0.0, 0.0, [], "")
    first, last = tokens[0], tokens[-1]
    speaking_s = max(0.0, last.end_s - first.start_s)
    answer_s = max(0.0, last.end_s - lead_in_s)
    words = len(tokens)
    wpm = words * 60.0 / speaking_s if speaking_s >= MIN_PACE_S else 0.0
    paused = sum(p.duration_s for p in pauses)
    articulate_s = speaking_s - paused
    # Energy-measured pauses may reach past the timestamps; never let the rest drop near zero.
    articulate_s = max(articulate_s, speaking_s * 0.2)
    art = words * 60.0 / articulate_s if wpm and articulate_s > 0 else 0.0
    return Timing(
        duration_s=duration_s,
        response_delay_s=max(0.0, first.start_s - lead_in_s),
        speaking_s=speaking_s,
        answer_s=answer_s,
        words_per_minute=wpm,
        articulation_wpm=art,
        pace_windows=pace_windows(tokens),
        target_verdict=verdict(answer_s, target_s),
    )
