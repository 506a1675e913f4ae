"""Colours pass WCAG 2.1 AA (4.5:1 for text) in the light and the dark theme: the palette's text
on its backgrounds, coloured figures and marks as text, and text on highlighted words."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QPalette

from mockview.ui import theme

AA_TEXT = 4.5
R = QPalette.ColorRole
TEXT_PAIRS = [
    (R.Text, R.Base),
    (R.Text, R.AlternateBase),
    (R.WindowText, R.Window),
    (R.ButtonText, R.Button),
    (R.HighlightedText, R.Highlight),
    (R.ToolTipText, R.ToolTipBase),
    (R.PlaceholderText, R.Base),
    (R.Link, R.Base),
]
MARKS_AS_TEXT = ["good", "bad", "warn", "muted", "pause"]  # coloured words and figures
MARKS_AS_BACKGROUND = [
    "filler",
    "hedge",
    "term",
    "spoken",
    "repeat",
]  # behind the transcript's words


def luminance(colour: str) -> float:
    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_contrast_formula():
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


@pytest.mark.parametrize("name", ["light", "dark"])
def test_colours_pass_aa(qapp, name):
    theme.apply_theme(qapp, name)
    try:
        palette = qapp.palette()
        colour = {role: palette.color(role).name() for pair in TEXT_PAIRS for role in pair}
        failures = [
            f"{text.name} on {back.name}: {contrast(colour[text], colour[back]):.2f}"
            for text, back in TEXT_PAIRS
            if contrast(colour[text], colour[back]) < AA_TEXT
        ]
        marks = theme.marks()
        base, window, text = colour[R.Base], palette.color(R.Window).name(), colour[R.Text]
        for mark in MARKS_AS_TEXT:
            worst = min(contrast(marks[mark], base), contrast(marks[mark], window))
            if worst < AA_TEXT:
                failures.append(f"{mark} as text: {worst:.2f}")
        for mark in MARKS_AS_BACKGROUND:
            if contrast(text, marks[mark]) < AA_TEXT:
                failures.append(f"text on {mark}: {contrast(text, marks[mark]):.2f}")
        assert failures == []
    finally:
        theme.apply_theme(qapp, "system")
