"""An answer's figures against the same question's earlier attempts: previous, best and trend.

Only judged attempts are compared (a take too short to judge is never stored with figures, see
verdict.py). "Better" follows the figure's direction in FIGURES: higher or lower is better, or,
for a figure with a good range and no direction (pace), nearer the range is better. A change
smaller than SAME_WITHIN of the larger value reads as no change: 141 -> 143 WPM is noise.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from mockview.core.feedback.figures import FIGURES

# The figures Results compares, in the order they are shown.
COMPARED = (
    "coverage",
    "fillers_per_minute",
    "words_per_minute",
    "long_pause_count",
    "response_delay_s",
    "disfluency_count",
    "pitch_range_st",
)
SAME_WITHIN = 0.05


@dataclass(frozen=True)
class Trend:
    """One figure now, against the previous attempt and the best one before it."""

    key: str
    now: float
    previous: float | None = None
    best: float | None = None
    series: tuple[float, ...] = ()  # the earlier attempts' values, oldest first, then now
    change: str = ""  # "better" | "worse" | "same" against previous; "" when there is none
    is_best: bool = False  # now is at least as good as every earlier attempt


def badness(key: str, value: float) -> float | None:
    """How far from good a value is (lower is better); None when the figure has no direction."""
    info = FIGURES.get(key)
    if info is None:
        return None
    if info.higher_is_better is True:
        return -value
    if info.higher_is_better is False:
        return value
    if info.good_range is not None:
        low, high = info.good_range
        return max(low - value, value - high, 0.0)
    return None


def compare_values(key: str, now: float, before: float) -> str:
    """ "better", "worse" or "same" for `now` against `before`."""
    a, b = badness(key, now), badness(key, before)
    if a is None or b is None:
        return ""
    if abs(now - before) <= SAME_WITHIN * max(abs(now), abs(before)) or a == b:
        return "same"
    return "better" if a < b else "worse"


def trends(now: Mapping[str, float], earlier: Sequence[Mapping[str, float]]) -> dict[str, Trend]:
    """Each COMPARED figure that `now` has; `earlier` is the judged attempts before it, oldest
    first. Figures an earlier attempt lacks (voice before it was measured) are skipped there."""
    out: dict[str, Trend] = {}
    for key in COMPARED:
        if key not in now:
            continue
        value = float(now[key])
        past = [float(f[key]) for f in earlier if key in f]
        series = (*past, value)
        if not past:
            out[key] = Trend(key, value, series=series)
            continue
        scores = [badness(key, v) for v in past]
        own = badness(key, value)
        best, is_best = None, False
        if own is not None and all(s is not None for s in scores):
            known = [s for s in scores if s is not None]
            best_score = min(known)
            best = past[len(known) - 1 - known[::-1].index(best_score)]  # the latest of equals
            is_best = own <= best_score
        out[key] = Trend(
            key,
            value,
            previous=past[-1],
            best=best,
            series=series,
            change=compare_values(key, value, past[-1]),
            is_best=is_best,
        )
    return out
