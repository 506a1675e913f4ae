"""Names and formats of the feedback figures, from core/feedback's FIGURES when it is there."""

from __future__ import annotations

import datetime as dt

# Used when FIGURES is missing a key; the keys are the stable figure names of the contract.
_FALLBACK = {
    "duration_s": ("Duration", "s", None),
    "speaking_s": ("Speaking time", "s", None),
    "word_count": ("Words", "", None),
    "words_per_minute": ("Pace", "WPM", None),
    "articulation_wpm": ("Articulation rate", "WPM", None),
    "filler_count": ("Fillers", "", False),
    "fillers_per_minute": ("Fillers per minute", "/min", False),
    "hedge_count": ("Hedges", "", False),
    "pause_count": ("Pauses", "", None),
    "long_pause_count": ("Long pauses", "", False),
    "response_delay_s": ("Response delay", "s", False),
    "coverage": ("Key-point coverage", "%", True),
    "content_score": ("Content score", "", True),
    "terms_said": ("Terms said", "", True),
    "terms_total": ("Terms in question", "", None),
}
CHART_FIGURES = [
    "coverage",
    "words_per_minute",
    "fillers_per_minute",
    "long_pause_count",
    "duration_s",
    "response_delay_s",
]
TABLE_FIGURES = [
    "coverage",
    "duration_s",
    "words_per_minute",
    "fillers_per_minute",
    "long_pause_count",
    "response_delay_s",
]


def _described(key: str) -> object | None:
    try:
        from mockview.core.feedback.figures import FIGURES
    except ImportError:
        return None
    return FIGURES.get(key) if isinstance(FIGURES, dict) else None


def _field(entry: object, name: str) -> object:
    return entry.get(name) if isinstance(entry, dict) else getattr(entry, name, None)


def label(key: str) -> str:
    entry = _described(key)
    text = _field(entry, "label") if entry is not None else None
    return str(text) if text else _FALLBACK.get(key, (key, "", None))[0]


def higher_is_better(key: str) -> bool | None:
    entry = _described(key)
    value = _field(entry, "higher_is_better") if entry is not None else None
    return value if isinstance(value, bool) else _FALLBACK.get(key, ("", "", None))[2]


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
