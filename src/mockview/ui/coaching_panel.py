"""What to do next time: the verdict of a take too short to judge, or up to three tips, each
linked to its moment in the recording, and the story's parts for a behavioural question."""

from __future__ import annotations

import html

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QLabel, QPushButton, QVBoxLayout, QWidget

from mockview.core.feedback.model import Structure, Tip
from mockview.ui.annotations import Annotations
from mockview.ui.practice_view import format_clock

NOTHING_TO_FIX = "Nothing stands out: this answer is ready. Practise another question."
PART_NAMES = {"situation": "Situation", "task": "Task", "action": "Action", "result": "Result"}


def tip_html(number: int, tip: Tip) -> str:
    link = ""
    if tip.at_s >= 0:
        link = f' <a href="t:{tip.at_s:.2f}">at {format_clock(tip.at_s)}</a>'
    return f"<p>{number}. {html.escape(tip.text)}{link}</p>"


def story_html(structure: Structure) -> str:
    """ "Story: Situation 0:03 · Task 0:12 · Action 0:20 · Result missing" (times are links)."""
    found = {p.part: p for p in structure.parts}
    parts = []
    for key, name in PART_NAMES.items():
        part = found.get(key)
        if part is None or key in structure.missing:
            parts.append(f"<b>{name}</b> missing")
            continue
        thin = " (thin)" if part.thin or key in structure.thin else ""
        parts.append(
            f'{name} <a href="t:{part.start_s:.2f}">{format_clock(part.start_s)}</a>{thin}'
        )
    return "<p><b>Story:</b> " + " · ".join(parts) + "</p>"


class CoachingPanel(QFrame):
    seek_requested = Signal(float)
    discard_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "card")
        self.heading = QLabel("<b>Next time</b>")
        self.body = QLabel()
        self.body.setWordWrap(True)
        self.body.setAccessibleName("Next time")
        self.body.linkActivated.connect(self._on_link)
        self.discard_button = QPushButton("Discard this take (Delete)")
        self.discard_button.setAccessibleName("Discard this take")
        self.discard_button.clicked.connect(self.discard_clicked)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 8)
        layout.addWidget(self.heading)
        layout.addWidget(self.body)
        layout.addWidget(self.discard_button)
        self.tips: list[Tip] = []
        self.clear()

    def clear(self) -> None:
        self.tips = []
        self.setVisible(False)

    def show_coaching(self, marks: Annotations) -> None:
        self.tips = list(marks.tips)
        self.setVisible(True)
        self.discard_button.setVisible(bool(marks.verdict))
        if marks.verdict:
            heading = "Nothing heard" if marks.verdict == "no_speech" else "Too short to judge"
            self.heading.setText(f"<b>{heading}</b>")
            text = marks.verdict_text.removeprefix(f"{heading}: ")  # the heading says it
            self.body.setText(f"<p>{html.escape(text[:1].upper() + text[1:])}</p>")
            return
        self.heading.setText("<b>Next time</b>")
        rows = [tip_html(i, tip) for i, tip in enumerate(self.tips, start=1)]
        if not rows:
            rows = [f"<p>{NOTHING_TO_FIX}</p>"]
        if marks.structure.checked:
            rows.append(story_html(marks.structure))
        self.body.setText("".join(rows))

    def text(self) -> str:
        """What the panel says, as plain text (for tests and screen readers)."""
        return f"{self.heading.text()} {self.body.text()}"

    def _on_link(self, target: str) -> None:
        if target.startswith("t:"):
            self.seek_requested.emit(float(target[2:]))
