"""The transcript: fillers highlighted, long pauses marked, every word clickable to seek."""

from __future__ import annotations

import html
import re

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QPalette, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QTextBrowser, QTextEdit, QWidget

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
        self._spans: dict[int, tuple[int, int]] = {}
        self.current_word = -1
        self.filler_count = 0
        self.pause_count = 0

    def show_words(self, words: list[Word], marks: Annotations) -> None:
        self.words = list(words)
        colours = theme.marks()
        text_colour = self.palette().color(QPalette.ColorRole.Text).name()
        self.document().setDefaultStyleSheet(
            f"a {{ color: {text_colour}; text-decoration: none; }}"
        )
        terms = term_pattern(marks.terms_said)
        parts: list[str] = []
        self.filler_count = self.pause_count = 0
        for i, word in enumerate(self.words):
            parts.extend(self._heard(marks, i, colours))
            if i in marks.long_pauses:
                self.pause_count += 1
                parts.append(
                    f'<span style="color:{colours["pause"]}" title="long pause">'
                    f"‖&nbsp;{marks.long_pauses[i]:.1f}&nbsp;s&nbsp;‖</span>"
                )
            label = html.escape(word.text.strip())
            if terms is not None and terms.search(word.text):
                label = f"<b>{label}</b>"
            if i in marks.filler_words:
                self.filler_count += 1
                label = f'<span style="background-color:{colours["filler"]}">{label}</span>'
            elif i in marks.hedge_words:
                label = f'<span style="background-color:{colours["hedge"]}">{label}</span>'
            elif i in marks.disfluent_words:
                label = f'<span style="background-color:{colours["repeat"]}">{label}</span>'
            parts.append(f'<a href="w:{i}" title="play from {word.start_s:.1f} s">{label}</a>')
        parts.extend(self._heard(marks, len(self.words), colours))
        if not parts:
            parts.append(f'<i style="color:{colours["muted"]}">No words were recognised.</i>')
        self.setHtml('<p style="line-height:150%">' + " ".join(parts) + "</p>")
        self._spans = self._word_spans()
        self.current_word = -1

    def _heard(self, marks: Annotations, index: int, colours: dict[str, str]) -> list[str]:
        """Fillers heard in the audio before word `index`, which the transcript left out."""
        out = []
        for hit in marks.heard_fillers.get(index, []):
            self.filler_count += 1
            out.append(
                f'<a href="t:{hit.start_s:.2f}" title="heard in the audio at {hit.start_s:.1f} s, '
                f'not in the transcript"><span style="background-color:{colours["filler"]}">'
                f"<i>{html.escape(hit.text)}</i></span></a>"
            )
        return out

    def _word_spans(self) -> dict[int, tuple[int, int]]:
        """Word index -> (position, length) in the document, read back from the anchors."""
        spans: dict[int, tuple[int, int]] = {}
        block = self.document().begin()
        while block.isValid():
            it = block.begin()
            while not it.atEnd():
                fragment = it.fragment()
                href = fragment.charFormat().anchorHref()
                if href.startswith("w:"):
                    index = int(href[2:])
                    start, length = spans.get(index, (fragment.position(), 0))
                    spans[index] = (start, fragment.position() + fragment.length() - start)
                it += 1
            block = block.next()
        return spans

    def set_position(self, position_s: float) -> None:
        """Marks the word being heard during replay (no mark when stopped at 0)."""
        index = -1
        for i, word in enumerate(self.words):
            if word.start_s <= position_s + 0.05:
                index = i
            else:
                break
        if position_s <= 0:
            index = -1
        if index == self.current_word:
            return
        self.current_word = index
        selections = []
        if index in self._spans:
            start, length = self._spans[index]
            cursor = QTextCursor(self.document())
            cursor.setPosition(start)
            cursor.setPosition(start + length, QTextCursor.MoveMode.KeepAnchor)
            selection = QTextEdit.ExtraSelection()
            selection.cursor = cursor
            fmt = QTextCharFormat()
            fmt.setBackground(self.palette().color(QPalette.ColorRole.Highlight))
            fmt.setForeground(self.palette().color(QPalette.ColorRole.HighlightedText))
            selection.format = fmt
            selections.append(selection)
            self.setTextCursor(cursor)  # keeps the heard word in view
            self.ensureCursorVisible()
        self.setExtraSelections(selections)

    def show_message(self, text: str) -> None:
        self.words, self._spans, self.current_word = [], {}, -1
        self.setHtml(f"<p>{html.escape(text).replace(chr(10), '<br>')}</p>")

    def _on_anchor(self, url: QUrl) -> None:
        target = url.toString()
        if target.startswith("w:"):
            index = int(target[2:])
            if 0 <= index < len(self.words):
                self.word_clicked.emit(self.words[index].start_s)
        elif target.startswith("t:"):  # a filler heard in the audio: play from its start
            self.word_clicked.emit(float(target[2:]))
