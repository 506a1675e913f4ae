"""The numbers a speaking coach would give, and the feedback's observations."""

from __future__ import annotations

import html

from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from mockview.core.feedback.pace import MIN_PACE_S
from mockview.core.feedback.progress import Trend
from mockview.core.feedback.prosody import MIN_VOICED_S
from mockview.ui import theme
from mockview.ui.annotations import Annotations
from mockview.ui.figure_labels import explain, format_value, label
from mockview.ui.sparkline import Sparkline

SPACING = 8  # the spacing scale's step (style.qss uses the same)
# Each card: its name and the figure its trend and explanation follow.
CARDS = {
    "Answer length": "duration_s",
    "Pace": "words_per_minute",
    "Fillers": "fillers_per_minute",
    "Long pauses": "long_pause_count",
    "Response delay": "response_delay_s",
    "Coverage": "coverage",
    "Repeats and restarts": "disfluency_count",
    "Voice": "pitch_range_st",
    "Terms said": "terms_said",
}
ROWS = list(CARDS)
_ARROW = {"better": "▲ better", "worse": "▼ worse", "same": "= same"}


class FiguresPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Each figure a card: its name small, its value large with the detail under it.
        cards = QGridLayout()
        cards.setSpacing(SPACING)
        self.values: dict[str, FigureCard] = {}
        for i, (row, key) in enumerate(CARDS.items()):
            self.values[row] = FigureCard(row, explain(key))
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
        if marks.verdict and get("word_count"):
            pace, detail = "–", "withheld: too short to judge"
        elif not wpm and get("word_count"):
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
            kinds
            if marks.verdict  # no rate from a take too short to judge
            else f"({format_value('fillers_per_minute', per_min)})"
            + (f" — {kinds}" if kinds else ""),
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
            "Terms said", terms, f"of {format_value('terms_total', all_terms)}" if all_terms else ""
        )
        repairs = get("disfluency_count")
        self._set(
            "Repeats and restarts",
            format_value("disfluency_count", repairs),
            "words said twice or begun again",
            colours["warn"] if repairs is not None and repairs > 2 else "",
        )
        voice = marks.voice
        if voice.measured:
            tone = colours["warn"] if voice.monotone or len(voice.trailing_off) >= 2 else ""
            detail = (
                voice.observation or f"pitch range; loudness varies {voice.loudness_sd_db:.1f} dB"
            )
            self._set("Voice", format_value("pitch_range_st", voice.pitch_range_st), detail, tone)
        else:
            need = f"needs {MIN_VOICED_S:g} s or more of voiced speech in the recording"
            self._set("Voice", "–", need)
        items = "".join(f"<li>{html.escape(o)}</li>" for o in marks.observations)
        self.observations.setText(f"<b>Observations</b><ul>{items}</ul>" if items else "")

    def _set(self, row: str, value: str, detail: str = "", colour: str = "") -> None:
        self.values[row].show_value(value, detail, colour)

    def show_trends(self, trends: dict[str, Trend]) -> None:
        """Each card's figure against the previous and the best earlier attempt."""
        for row, key in CARDS.items():
            self.values[row].show_trend(trends.get(key))

    def withhold(self, rows: tuple[str, ...], reason: str) -> None:
        """Rates that mean nothing on this take (too short to judge): a dash and why."""
        for row in rows:
            self.values[row].show_value("–", reason, "")


class FigureCard(QFrame):
    """One figure: its name, its value (large, coloured when it needs attention), the detail."""

    def __init__(self, name: str, explanation: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "card")
        self.setToolTip(explanation)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(SPACING, SPACING // 2, SPACING, SPACING)
        layout.setSpacing(2)
        self.name = QLabel(name)
        self.name.setWordWrap(True)  # "Repeats and restarts" beside its line, in a narrow column
        self.name.setProperty("role", "figure-name")
        self.value = QLabel("–")
        self.value.setProperty("role", "figure-value")
        self.value.setAccessibleName(name)
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setProperty("role", "figure-name")
        self.trend = QLabel()
        self.trend.setWordWrap(True)  # never widens the card: the column stays two cards wide
        self.trend.setProperty("role", "figure-name")
        self.sparkline = Sparkline()
        # The line over time sits beside the name, where there is room to spare.
        name_row = QHBoxLayout()
        name_row.setSpacing(SPACING // 2)
        name_row.addWidget(self.name, 1)
        name_row.addWidget(self.sparkline)
        layout.addLayout(name_row)
        for widget in (self.value, self.detail, self.trend):
            layout.addWidget(widget)
        layout.addStretch(1)
        self.show_trend(None)

    def show_value(self, value: str, detail: str, colour: str) -> None:
        self.value.setText(value)
        self.value.setStyleSheet(f"color: {colour};" if colour else "")
        self.detail.setText(detail)
        self.detail.setVisible(bool(detail))
        self.setAccessibleName(f"{self.name.text()}: {self.text()}")

    def show_trend(self, trend: Trend | None) -> None:
        """ "before 8.6/min · best 3.1/min ▲ better", with the values over time as a line."""
        if trend is None or trend.previous is None:
            self.trend.setVisible(False)
            self.sparkline.set_values(())
            return
        colours = theme.marks()
        key = trend.key
        text = f"before {format_value(key, trend.previous)}"
        if trend.best is not None and trend.best != trend.previous:
            text += f" · best {format_value(key, trend.best)}"
        if trend.change:
            colour = {"better": colours["good"], "worse": colours["bad"]}.get(trend.change, "")
            best = trend.is_best and trend.change == "better"
            arrow = _ARROW[trend.change] + (" (your best)" if best else "")
            text += f' <span style="color:{colour}">{arrow}</span>' if colour else f" {arrow}"
        self.trend.setText(text)
        self.trend.setVisible(True)
        values = ", ".join(format_value(key, v) for v in trend.series)
        self.sparkline.set_values(trend.series, f"{label(key)} over your attempts: {values}")

    def text(self) -> str:
        """The value and its detail as one line (what tests and screen readers read)."""
        return f"{self.value.text()} {self.detail.text()}".strip()
