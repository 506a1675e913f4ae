"""The numbers a speaking coach would give, and the feedback's observations."""

from __future__ import annotations

import html

from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from mockview.core.feedback.pace import MIN_PACE_S
from mockview.ui import theme
from mockview.ui.annotations import Annotations
from mockview.ui.figure_labels import format_value

SPACING = 8  # the spacing scale's step (style.qss uses the same)
ROWS = ["Answer length", "Pace", "Fillers", "Long pauses", "Response delay", "Coverage", "Terms"]


class FiguresPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Each figure a card: its name small, its value large with the detail under it.
        cards = QGridLayout()
        cards.setSpacing(SPACING)
        self.values: dict[str, FigureCard] = {}
        for i, row in enumerate(ROWS):
            self.values[row] = FigureCard(row)
            cards.addWidget(self.values[row], i // 2, i % 2)
        self.observations = QLabel()
        self.observations.setWordWrap(True)
        self.observations.setAccessibleName("Observations")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(cards)
        layout.addWidget(self.observations)
        layout.addStretch(1)

    def show_figures(self, marks: Annotations, target_s: float, key_point_total: int) -> None:
        f = marks.figures
        colours = theme.marks()

        def get(key: str) -> float | None:
            return f.get(key)

        # The answer (first word to last) is what the observations compare with the target;
        # the recording's length, with the silence around it, is shown after it.
        recorded = get("duration_s")
        duration = marks.answer_s if marks.answer_s is not None else recorded
        over = duration is not None and target_s and duration > target_s * 1.15
        tone = colours["bad"] if over else ""
        detail = f"of a {format_value('duration_s', target_s)} target"
        if recorded is not None and duration is not None and abs(recorded - duration) >= 1:
            detail += f" ({format_value('duration_s', recorded)} recorded)"
        detail += " — over target" if over else ""
        self._set("Answer length", format_value("duration_s", duration), detail, tone)
        wpm = get("words_per_minute")
        pace, detail = format_value("words_per_minute", wpm), ""
        if not wpm and get("word_count"):
            pace = "–"
            detail = f"under {MIN_PACE_S:.0f} s of speech: too short to time a pace"
        elif get("articulation_wpm") is not None:
            detail = f"articulation {format_value('articulation_wpm', get('articulation_wpm'))}"
        tone = colours["warn"] if wpm and not 100 <= wpm <= 165 else ""
        self._set("Pace", pace, detail, tone)
        kinds = ", ".join(
            f"{k} {n}" for k, n in sorted(marks.filler_kinds.items(), key=lambda kv: -kv[1])
        )
        per_min = get("fillers_per_minute")
        self._set(
            "Fillers",
            format_value("filler_count", get("filler_count")),
            f"({format_value('fillers_per_minute', per_min)})" + (f" — {kinds}" if kinds else ""),
            colours["warn"] if per_min is not None and per_min >= 5 else "",
        )
        detail = ""
        if get("pause_count") is not None:
            detail = f"long (of {format_value('pause_count', get('pause_count'))} pauses)"
        self._set("Long pauses", format_value("long_pause_count", get("long_pause_count")), detail)
        delay = format_value("response_delay_s", get("response_delay_s"))
        self._set("Response delay", delay, "before the first word")
        coverage = get("coverage")
        covered = sum(1 for p in marks.key_points if p.covered)
        total = len(marks.key_points) or key_point_total
        self._set(
            "Coverage",
            format_value("coverage", coverage),
            f"({covered} of {total} key points)",
            colours["bad"] if coverage is not None and coverage < 0.5 else "",
        )
        said, all_terms = get("terms_said"), get("terms_total")
        terms = format_value("terms_said", said) if all_terms else "–"
        self._set(
            "Terms", terms, f"of {format_value('terms_total', all_terms)}" if all_terms else ""
        )
        items = "".join(f"<li>{html.escape(o)}</li>" for o in marks.observations)
        self.observations.setText(f"<b>Observations</b><ul>{items}</ul>" if items else "")

    def _set(self, row: str, value: str, detail: str = "", colour: str = "") -> None:
        self.values[row].show_value(value, detail, colour)


class FigureCard(QFrame):
    """One figure: its name, its value (large, coloured when it needs attention), the detail."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "card")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(SPACING, SPACING // 2, SPACING, SPACING)
        layout.setSpacing(2)
        self.name = QLabel(name)
        self.name.setProperty("role", "figure-name")
        self.value = QLabel("–")
        self.value.setProperty("role", "figure-value")
        self.value.setAccessibleName(name)
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setProperty("role", "figure-name")
        for label in (self.name, self.value, self.detail):
            layout.addWidget(label)
        layout.addStretch(1)

    def show_value(self, value: str, detail: str, colour: str) -> None:
        self.value.setText(value)
        self.value.setStyleSheet(f"color: {colour};" if colour else "")
        self.detail.setText(detail)
        self.detail.setVisible(bool(detail))
        self.setAccessibleName(f"{self.name.text()}: {self.text()}")

    def text(self) -> str:
        """The value and its detail as one line (what tests and screen readers read)."""
        return f"{self.value.text()} {self.detail.text()}".strip()
