"""Names, explanations and display formats of the feedback figures (core/feedback/figures.py)."""

from __future__ import annotations

import datetime as dt

from mockview.core.feedback.figures import FIGURES

CHART_FIGURES = [
    "coverage",
    "words_per_minute",
    "fillers_per_minute",
    "long_pause_count",
    "duration_s",
    "response_delay_s",
    "disfluency_count",
    "pitch_range_st",
]
TABLE_FIGURES = [
    "coverage",
    "duration_s",
    "words_per_minute",
    "fillers_per_minute",
    "long_pause_count",
    "response_delay_s",
]


def label(key: str) -> str:
    info = FIGURES.get(key)
    return info.label if info is not None else key


def higher_is_better(key: str) -> bool | None:
    info = FIGURES.get(key)
    return info.higher_is_better if info is not None else None


def explain(key: str) -> str:
    """The figure's name and what it means, for a tooltip."""
    info = FIGURES.get(key)
    return f"{info.label}: {info.explain}" if info is not None and info.explain else label(key)


def format_value(key: str, value: float | None) -> str:
    if value is None:
        return "–"
    if key == "coverage":
        return f"{value * 100:.0f} %"
    if key in ("duration_s", "speaking_s"):
        s = int(round(value))  # rounded as the feedback's observations round it
        return f"{s // 60}:{s % 60:02d}"
    if key.endswith("_s"):
        return f"{value:.1f} s"
    if key in ("words_per_minute", "articulation_wpm"):
        return f"{value:.0f} WPM"
    if key == "fillers_per_minute":
        return f"{value:.1f}/min"
    if key == "pitch_range_st":
        return f"{value:.1f} st"
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


def when(iso_utc: str | None) -> str:
    """A stored UTC time as local "28 Nov 20:43"; "" for none."""
    if not iso_utc:
        return ""
    try:
        moment = dt.datetime.fromisoformat(iso_utc)
    except ValueError:
        return iso_utc[:16].replace("T", " ")
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone().strftime("%d %b %H:%M")
