"""What each key of Feedback.figures means: label, unit, direction and display format."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class FigureInfo:
    """`format` is a str.format pattern ("{:.0f}"); `higher_is_better` is None when a range is
    best (pace, length), with `good_range` giving it. Subscripting (info["label"]) also works."""

    label: str
    unit: str
    higher_is_better: bool | None
    format: str
    good_range: tuple[float, float] | None = None

    def render(self, value: float) -> str:
        text = self.format.format(value)
        return f"{text} {self.unit}" if self.unit and self.unit != "%" else text

    def __getitem__(self, key: str) -> Any:
        return getattr(self, key)


FIGURES: dict[str, FigureInfo] = {
    "duration_s": FigureInfo("Answer length", "s", None, "{:.0f}"),
    "speaking_s": FigureInfo("Speaking time", "s", None, "{:.0f}"),
    "word_count": FigureInfo("Words", "words", None, "{:.0f}"),
    "words_per_minute": FigureInfo("Pace", "WPM", None, "{:.0f}", (130.0, 160.0)),
    "articulation_wpm": FigureInfo("Articulation rate", "WPM", None, "{:.0f}"),
    "filler_count": FigureInfo("Fillers", "", False, "{:.0f}"),
    "fillers_per_minute": FigureInfo("Fillers per minute", "/min", False, "{:.1f}", (0.0, 1.0)),
    "hedge_count": FigureInfo("Hedges", "", False, "{:.0f}"),
    "pause_count": FigureInfo("Pauses", "", None, "{:.0f}"),
    "long_pause_count": FigureInfo("Long pauses", "", False, "{:.0f}"),
    "response_delay_s": FigureInfo("Time to start", "s", False, "{:.1f}", (0.0, 5.0)),
    "coverage": FigureInfo("Key points covered", "%", True, "{:.0%}", (0.8, 1.0)),
    "content_score": FigureInfo("Content score", "", True, "{:.0f}", (70.0, 100.0)),
    "terms_said": FigureInfo("Terms said", "", True, "{:.0f}"),
    "terms_total": FigureInfo("Terms in the question", "", None, "{:.0f}"),
}
