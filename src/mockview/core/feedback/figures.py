"""What each key of Feedback.figures means: label, unit, direction, format and explanation."""

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
    explain: str = ""  # what it means and what good looks like, in a line or two

    def render(self, value: float) -> str:
        text = self.format.format(value)
        return f"{text} {self.unit}" if self.unit and self.unit != "%" else text

    def __getitem__(self, key: str) -> Any:
        return getattr(self, key)


# One name per figure everywhere (Results, History, export, CLI), and what it means and what good
# looks like in one line (the hover text); the ranges are PRODUCT.md's, with their sources.
FIGURES: dict[str, FigureInfo] = {
    "duration_s": FigureInfo(
        "Answer length",
        "s",
        None,
        "{:.0f}",
        None,
        "From pressing Record to the end of the recording. Most answers take 60-120 s; "
        "stories up to about 2 minutes.",
    ),
    "speaking_s": FigureInfo(
        "Speaking time",
        "s",
        None,
        "{:.0f}",
        None,
        "From your first word to your last, pauses included.",
    ),
    "word_count": FigureInfo(
        "Words", "words", None, "{:.0f}", None, "Every word you said, fillers included."
    ),
    "words_per_minute": FigureInfo(
        "Pace",
        "WPM",
        None,
        "{:.0f}",
        (130.0, 160.0),
        "Words per minute over your speaking time. 130-160 is comfortable for an interview; "
        "PowerPoint Speaker Coach flags below 100 or above 165.",
    ),
    "articulation_wpm": FigureInfo(
        "Articulation rate",
        "WPM",
        None,
        "{:.0f}",
        None,
        "Pace with the pauses left out: how fast the words themselves come.",
    ),
    "filler_count": FigureInfo(
        "Fillers",
        "",
        False,
        "{:.0f}",
        None,
        "Um, uh, like, you know, so... counted only where they fill a gap, not as real words.",
    ),
    "fillers_per_minute": FigureInfo(
        "Fillers per minute",
        "/min",
        False,
        "{:.1f}",
        (0.0, 1.0),
        "About 1 a minute sounds fluent; about 5 a minute sounds hesitant "
        "(Götz 2013; Corley & Stewart 2008).",
    ),
    "hedge_count": FigureInfo(
        "Hedges",
        "",
        False,
        "{:.0f}",
        None,
        "Maybe, kind of, I think, I guess, probably, just: a few are fine, many sound unsure.",
    ),
    "pause_count": FigureInfo(
        "Pauses", "", None, "{:.0f}", None, "Silences of 0.25 s or more inside your answer."
    ),
    "long_pause_count": FigureInfo(
        "Long pauses",
        "",
        False,
        "{:.0f}",
        None,
        "Silences over 1 s. At the end of a sentence they help; inside a sentence they "
        "sound like a lost thread.",
    ),
    "response_delay_s": FigureInfo(
        "Response delay",
        "s",
        False,
        "{:.1f}",
        (0.0, 5.0),
        "From the end of the question (or Record) to your first word. Under 5 s is good: "
        "a short pause to think reads as composure.",
    ),
    "coverage": FigureInfo(
        "Key points covered",
        "%",
        True,
        "{:.0%}",
        (0.8, 1.0),
        "Share of the model answer's key points you said in substance (fully). 80% or more "
        "is a complete answer.",
    ),
    "content_score": FigureInfo(
        "Content score",
        "",
        True,
        "{:.0f}",
        (70.0, 100.0),
        "Key points, domain terms and closeness to the model answer together, out of 100.",
    ),
    "terms_said": FigureInfo(
        "Terms said",
        "",
        True,
        "{:.0f}",
        None,
        "The question's domain terms (FAISS, PSI...) you used: they show you know the field.",
    ),
    "terms_total": FigureInfo(
        "Terms in the question", "", None, "{:.0f}", None, "Domain terms the question lists."
    ),
    "disfluency_count": FigureInfo(
        "Repeats and restarts",
        "",
        False,
        "{:.0f}",
        None,
        'Words said twice ("I I") and phrases broken off and begun again ("we did- we '
        'decided"). A few are normal in speech; many sound unprepared.',
    ),
    "pitch_range_st": FigureInfo(
        "Pitch range",
        "st",
        True,
        "{:.1f}",
        None,
        "How much your pitch moves, in semitones. A narrow range sounds monotone; lively "
        "speech moves several semitones around the points that matter.",
    ),
    "loudness_sd_db": FigureInfo(
        "Loudness variation",
        "dB",
        None,
        "{:.1f}",
        None,
        "How much your loudness changes over the answer. Too little sounds flat.",
    ),
}
