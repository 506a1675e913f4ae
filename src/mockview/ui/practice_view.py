"""The practice screen: the question, Record/Stop, a timer against the target, level, live text."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from mockview.core.bank.model import Question
from mockview.ui import theme
from mockview.ui.level_meter import LevelMeter

NEAR_TARGET = 0.8  # the timer turns amber at 80 % of the target


def format_clock(seconds: float) -> str:
    seconds = max(0, int(seconds))
    return f"{seconds // 60}:{seconds % 60:02d}"


class PracticeView(QWidget):
    record_clicked = Signal()
    hear_again_clicked = Signal()
    hide_text_toggled = Signal(bool)
    next_clicked = Signal()
    previous_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.header = QLabel()
        self.header.setAccessibleName("Question number and section")
        self.question_label = QLabel()
        self.question_label.setWordWrap(True)
        self.question_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.question_label.setAccessibleName("Question")
        big = QFont(self.font())
        big.setPointSizeF(self.font().pointSizeF() * 1.35)
        self.question_label.setFont(big)
        self.hear_button = QPushButton("Hear again (H)")
        self.hear_button.setAccessibleName("Hear the question again")
        self.hide_box = QCheckBox("Hide question text (interview mode)")
        self.hide_box.setAccessibleName("Hide question text")
        self.prev_button = QPushButton("◀ Previous (P)")
        self.prev_button.setAccessibleName("Previous question")
        self.next_button = QPushButton("Next (N) ▶")
        self.next_button.setAccessibleName("Next question")

        self.record_button = QPushButton()
        self.record_button.setAccessibleName("Record")
        rec_font = QFont(self.font())
        rec_font.setPointSizeF(self.font().pointSizeF() * 1.6)
        rec_font.setBold(True)
        self.record_button.setFont(rec_font)
        self.record_button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.record_button.setMinimumHeight(self.record_button.fontMetrics().height() * 2)
        self.timer_label = QLabel("0:00")
        self.timer_label.setAccessibleName("Answer time")
        self.timer_label.setFont(rec_font)
        self.target_label = QLabel()
        self.level = LevelMeter()
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Practice status")
        self.live = QPlainTextEdit()
        self.live.setReadOnly(True)
        self.live.setAccessibleName("Live transcript")
        self.live.setPlaceholderText("Your words appear here as you speak.")

        tools = QHBoxLayout()
        tools.addWidget(self.hear_button)
        tools.addWidget(self.hide_box)
        tools.addStretch(1)
        tools.addWidget(self.prev_button)
        tools.addWidget(self.next_button)
        clock = QHBoxLayout()
        clock.addWidget(self.timer_label)
        clock.addWidget(self.target_label)
        clock.addStretch(1)
        level_row = QHBoxLayout()
        level_row.addWidget(QLabel("Mic level"))
        level_row.addWidget(self.level, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.question_label)
        layout.addLayout(tools)
        layout.addSpacing(8)
        layout.addWidget(self.record_button)
        layout.addLayout(clock)
        layout.addLayout(level_row)
        layout.addWidget(self.status)
        layout.addWidget(QLabel("Live transcript"))
        layout.addWidget(self.live, 1)

        self.record_button.clicked.connect(self.record_clicked)
        self.hear_button.clicked.connect(self.hear_again_clicked)
        self.hide_box.toggled.connect(self._on_hide)
        self.next_button.clicked.connect(self.next_clicked)
        self.prev_button.clicked.connect(self.previous_clicked)
        self._question: Question | None = None
        self._target_s = 90
        self.silent_warning = False
        self.timer_state = "ok"
        self.set_recording(False)

    def show_question(self, question: Question, section_title: str, position: str) -> None:
        self._question = question
        self._target_s = question.target_s
        self.header.setText(f"Question {question.number} · {section_title} · {position}")
        self._show_text()
        self.target_label.setText(f"/ target {format_clock(question.target_s)}")
        self.live.clear()
        self.set_elapsed(0.0)
        self.level.set_level(0.0)

    def set_hidden_text(self, hidden: bool) -> None:
        self.hide_box.setChecked(hidden)
        self._show_text()

    def _on_hide(self, hidden: bool) -> None:
        self._show_text()
        self.hide_text_toggled.emit(hidden)

    def _show_text(self) -> None:
        if self._question is None:
            self.question_label.setText("Choose a question on the left.")
        elif self.hide_box.isChecked():
            self.question_label.setText("(Question hidden: listen, or press H to hear it again.)")
        else:
            self.question_label.setText(self._question.text)

    def set_recording(self, recording: bool, enabled: bool = True) -> None:
        if not recording and self.silent_warning:
            self.set_silent_warning(False)
        self.record_button.setText("■  Stop (Space)" if recording else "●  Record (Space)")
        self.record_button.setAccessibleName("Stop recording" if recording else "Record")
        self.record_button.setEnabled(enabled)
        for button in (self.prev_button, self.next_button, self.hear_button):
            button.setEnabled(not recording)

    def set_elapsed(self, elapsed_s: float) -> None:
        self.timer_label.setText(format_clock(elapsed_s))
        ratio = elapsed_s / self._target_s if self._target_s else 0.0
        state = "over" if ratio >= 1.0 else "near" if ratio >= NEAR_TARGET else "ok"
        if state != self.timer_state:  # restyling re-polishes the widget: only on a change
            self.timer_state = state
            colour = {"over": theme.marks()["bad"], "near": theme.marks()["warn"]}.get(state)
            self.timer_label.setStyleSheet(f"color: {colour};" if colour else "")

    def set_silent_warning(self, silent: bool) -> None:
        """Recording, but nothing heard: a muted or wrong microphone is the usual cause."""
        self.silent_warning = silent
        self.set_status(
            "No sound from the microphone. Is it muted, or is another one chosen in Settings?"
            if silent
            else "Recording…"
        )
        self.status.setStyleSheet(f"color: {theme.marks()['bad']};" if silent else "")

    def set_live_text(self, text: str) -> None:
        if text != self.live.toPlainText():
            self.live.setPlainText(text)
            bar = self.live.verticalScrollBar()
            bar.setValue(bar.maximum())

    def set_status(self, text: str) -> None:
        self.status.setText(text)
