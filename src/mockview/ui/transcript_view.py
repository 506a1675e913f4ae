"""The transcript: fillers highlighted, long pauses marked, every word clickable to seek."""

from __future__ import annotations

import html
import re

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QTextBrowser, QWidget

from mockview.core.transcript import Word
from mockview.ui import theme
from mockview.ui.annotations import Annotations


def term_pattern(terms: set[str]) -> re.Pattern | None:
    if not terms:
        return None
    alternatives = sorted((re.escape(t) for t in terms), key=len, reverse=True)
    return re.compile(r"(?<![\w-])(" + "|".join(alternatives) + r")(?![\w-])", re.IGNORECASE)


class TranscriptView(QTextBrowser):
    word_clicked = Signal(float)  # the clicked word's start, seconds into the recording

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setAccessibleName("Your answer, transcribed")
        self.anchorClicked.connect(self._on_anchor)
        self.words: list[Word] = []
        self.filler_count = 0
        self.pause_count = 0

    def show_words(self, words: list[Word], marks: Annotations) -> None:
        self.words = list(words)
        colours = theme.marks()
        text_colour = self.palette().color(QPalette.ColorRole.Text).name()
        self.document().setDefaultStyleSheet(
            f"a {{ color: {text_colour}; text-decoration: none; }}")
        terms = term_pattern(marks.terms_said)
        parts: list[str] = []
        self.filler_count = self.pause_count = 0
        for i, word in enumerate(self.words):
            if i in marks.long_pauses:
                self.pause_count += 1
                parts.append(
                    f'<span style="color:{colours["pause"]}" title="long pause">'
                    f"‖&nbsp;{marks.long_pauses[i]:.1f}&nbsp;s&nbsp;‖</span>")
            label = html.escape(word.text.strip())
            if terms is not None and terms.search(word.text):
                label = f"<b>{label}</b>"
            if i in marks.filler_words:
                self.filler_count += 1
                label = f'<span style="background-color:{colours["filler"]}">{label}</span>'
            elif i in marks.hedge_words:
                label = f'<span style="background-color:{colours["hedge"]}">{label}</span>'
            parts.append(f'<a href="w:{i}" title="play from {word.start_s:.1f} s">{label}</a>')
        if not parts:
            parts.append(f'<i style="color:{colours["muted"]}">No words were recognised.</i>')
        self.setHtml('<p style="line-height:150%">' + " ".join(parts) + "</p>")

    def show_message(self, text: str) -> None:
        self.words = []
        self.setHtml(f"<p>{html.escape(text)}</p>")

    def _on_anchor(self, url: QUrl) -> None:
        target = url.toString()
        if target.startswith("w:"):
            index = int(target[2:])
            if 0 <= index < len(self.words):
                self.word_clicked.emit(self.words[index].start_s)
