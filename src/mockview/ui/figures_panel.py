"""The numbers a speaking coach would give, and the feedback's observations."""

from __future__ import annotations

import html

from PySide6.QtWidgets import QFormLayout, QLabel, QVBoxLayout, QWidget

from mockview.core.feedback.pace import MIN_PACE_S
from mockview.ui import theme
from mockview.ui.annotations import Annotations
from mockview.ui.figure_labels import format_value

ROWS = ["Answer length", "Pace", "Fillers", "Long pauses", "Response delay", "Coverage", "Terms"]


class FiguresPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        form = QFormLayout()
        self.values: dict[str, QLabel] = {}
        for row in ROWS:
            value = QLabel("–")
            value.setWordWrap(True)
            value.setAccessibleName(row)
            self.values[row] = value
            form.addRow(f"<b>{row}</b>", value)
        self.observations = QLabel()
        self.observations.setWordWrap(True)
        self.observations.setAccessibleName("Observations")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
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
        text = (
            f"{format_value('duration_s', duration)} of a "
            f"{format_value('duration_s', target_s)} target"
        )
        if recorded is not None and duration is not None and abs(recorded - duration) >= 1:
            text += f" ({format_value('duration_s', recorded)} recorded)"
        self._set("Answer length", text + (" — over target" if over else ""), tone)
        wpm = get("words_per_minute")
        pace = f"{format_value('words_per_minute', wpm)}"
        if not wpm and get("word_count"):
            pace = f"– (under {MIN_PACE_S:.0f} s of speech: too short to time a pace)"
        elif get("articulation_wpm") is not None:
            pace += f" · articulation {format_value('articulation_wpm', get('articulation_wpm'))}"
        self._set("Pace", pace, colours["warn"] if wpm and not 100 <= wpm <= 165 else "")
        kinds = ", ".join(
            f"{k} {n}" for k, n in sorted(marks.filler_kinds.items(), key=lambda kv: -kv[1])
        )
        per_min = get("fillers_per_minute")
        fillers = f"{format_value('filler_count', get('filler_count'))}"
        fillers += f" ({format_value('fillers_per_minute', per_min)})"
        self._set(
            "Fillers",
            fillers + (f" — {kinds}" if kinds else ""),
            colours["warn"] if per_min is not None and per_min >= 5 else "",
        )
        pauses = format_value("long_pause_count", get("long_pause_count"))
        if get("pause_count") is not None:
            pauses += f" long (of {format_value('pause_count', get('pause_count'))} pauses)"
        self._set("Long pauses", pauses, "")
        self._set("Response delay", format_value("response_delay_s", get("response_delay_s")), "")
        coverage = get("coverage")
        covered = sum(1 for p in marks.key_points if p.covered)
        total = len(marks.key_points) or key_point_total
        self._set(
            "Coverage",
            f"{format_value('coverage', coverage)} ({covered} of {total} key points)",
            colours["bad"] if coverage is not None and coverage < 0.5 else "",
        )
        said, all_terms = get("terms_said"), get("terms_total")
        self._set(
            "Terms",
            "–"
            if not all_terms
            else f"{format_value('terms_said', said)} of {format_value('terms_total', all_terms)}",
            "",
        )
        items = "".join(f"<li>{html.escape(o)}</li>" for o in marks.observations)
        self.observations.setText(f"<b>Observations</b><ul>{items}</ul>" if items else "")

    def _set(self, row: str, text: str, colour: str) -> None:
        self.values[row].setText(text)
        self.values[row].setStyleSheet(f"color: {colour};" if colour else "")
