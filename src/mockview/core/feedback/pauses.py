"""Pauses inside the speech: gaps between word timestamps, checked against the audio's energy.

Whisper's word times drift around silences: it may stretch a word over a real silence or
leave a gap where speech went on. So with audio at hand a pause only counts as long when the
signal is really quiet for more than LONG_PAUSE_S, and its length is measured from the signal.
"""

from __future__ import annotations

import numpy as np

from mockview.core.feedback.model import LONG_PAUSE_S, PAUSE_MIN_S, Pause
from mockview.core.feedback.tokens import Token

FRAME_S = 0.02
# How far outside the timestamped gap a silence may reach: word edges drift by a few tenths.
EDGE_SLACK_S = 0.4


def _pause(t: Token, start_s: float, duration_s: float, confirmed: bool) -> Pause:
    return Pause(
        after_index=t.index,
        start_s=round(start_s, 3),
        duration_s=round(duration_s, 3),
        at_sentence_boundary=t.sentence_end,
        after_comma=t.comma_after,
        confirmed=confirmed,
    )


def from_timestamps(tokens: list[Token]) -> list[Pause]:
    out = []
    for a, b in zip(tokens, tokens[1:], strict=False):
        gap = b.start_s - a.end_s
        if gap >= PAUSE_MIN_S:
            out.append(_pause(a, a.end_s, gap, False))
    return out


def quiet_frames(audio: np.ndarray, sample_rate: int) -> np.ndarray:
    """A boolean per FRAME_S frame: True where the signal is near its noise floor."""
    hop = max(1, int(sample_rate * FRAME_S))
    n = len(audio) // hop
    if n == 0:
        return np.zeros(0, dtype=bool)
    frames = np.asarray(audio[: n * hop], dtype=np.float32).reshape(n, hop)
    # einsum squares and sums in one pass without a float64 copy: 30 minutes stay fast.
    rms = np.sqrt(np.einsum("ij,ij->i", frames, frames) / hop)
    db = 20.0 * np.log10(np.maximum(rms, 1e-5))
    # Smooth over three frames so one quiet stop consonant does not split speech.
    db = np.convolve(db, np.ones(3) / 3.0, mode="same")
    loud = float(np.percentile(db, 95))
    floor = float(np.percentile(db, 5))
    # Quiet: within reach of the floor, and well below speech. Works for digital silence
    # (floor -100 dB) and for a room's hum alike.
    threshold = max(floor + 8.0, loud - 35.0)
    threshold = min(threshold, loud - 10.0)
    return db < threshold


def _runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """(start, end) frame index pairs of True runs, end exclusive."""
    if mask.size == 0:
        return []
    padded = np.concatenate(([False], mask, [False])).astype(np.int8)
    edges = np.flatnonzero(np.diff(padded))
    return list(zip(edges[::2].tolist(), edges[1::2].tolist(), strict=False))


def confirmed(
    tokens: list[Token], audio: np.ndarray, sample_rate: int, offset_s: float = 0.0
) -> list[Pause]:
    """Pauses with long ones measured from the audio (audio[0] is at time offset_s).

    - every quiet stretch over LONG_PAUSE_S between the first and last word is a long pause,
      placed after the word whose middle comes before the stretch's middle;
    - a long timestamp gap with no such stretch shrinks to the longest quiet run inside it
      (and disappears when that is under PAUSE_MIN_S): the timestamps invented it;
    - shorter gaps keep their timestamp length (energy is too coarse to judge them).
    """
    if len(tokens) < 2:
        return []
    mask = quiet_frames(audio, sample_rate)
    runs = [(offset_s + a * FRAME_S, offset_s + b * FRAME_S) for a, b in _runs(mask)]
    mids = np.array([t.mid_s for t in tokens])
    first_mid, last_mid = mids[0], mids[-1]
    long_at: dict[int, tuple[float, float]] = {}
    for start, end in runs:
        if end - start <= LONG_PAUSE_S:
            continue
        centre = (start + end) / 2.0
        if centre <= first_mid or centre >= last_mid:
            continue  # before the answer starts or after it ends
        after = tokens[int(np.searchsorted(mids, centre)) - 1].index
        prev = long_at.get(after)
        if prev is None or end - start > prev[1] - prev[0]:
            long_at[after] = (start, end)
    out: list[Pause] = []
    for a, b in zip(tokens, tokens[1:], strict=False):
        if a.index in long_at:
            start, end = long_at[a.index]
            out.append(_pause(a, start, end - start, True))
            continue
        gap = b.start_s - a.end_s
        if gap < PAUSE_MIN_S:
            continue
        if gap <= LONG_PAUSE_S:
            out.append(_pause(a, a.end_s, gap, False))
            continue
        lo, hi = a.end_s - EDGE_SLACK_S, b.start_s + EDGE_SLACK_S
        best = (0.0, a.end_s)
        for start, end in runs:
            s, e = max(start, lo), min(end, hi)
            if e - s > best[0]:
                best = (e - s, s)
        length = min(best[0], LONG_PAUSE_S)  # over LONG_PAUSE_S it would be in long_at
        if length >= PAUSE_MIN_S:
            out.append(_pause(a, best[1], length, True))
    return out
