"""The key to the transcript's highlights: what each colour and mark means."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from mockview.ui import theme

# (mark colour, how it is drawn, what it means): in the order a reader meets them.
ENTRIES = (
    ("filler", "background", "filler (um, so, like…)"),
    ("hedge", "background", "hedge (I think, maybe…)"),
    ("repeat", "background", "repeat or restart"),
    ("pause", "text", "‖ long pause ‖"),
)


class HighlightLegend(QLabel):
    """One line under the transcript; refreshed with the theme (colours differ when dark)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setAccessibleName("Highlight legend")
        self.refresh()

    def refresh(self) -> None:
        colours = theme.marks()
        parts = []
        for key, style, meaning in ENTRIES:
            if style == "background":
                colour = colours[key]
                swatch = f'<span style="background-color:{colour}">&nbsp;{meaning}&nbsp;</span>'
            else:
                swatch = f'<span style="color:{colours[key]}">{meaning}</span>'
            parts.append(swatch)
        parts.append("<b>bold</b>: a domain term · click a word to play from it")
        self.setText("<small>" + " &nbsp; ".join(parts) + "</small>")
        self.setToolTip(
            "Fillers heard in the audio but missing from the transcript show as (um) in the text."
        )

    def text_plain(self) -> str:
        return " · ".join(meaning for _, _, meaning in ENTRIES)
