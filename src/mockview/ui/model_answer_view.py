"""The model answer beside the transcript: key points ticked or missed, terms marked when said."""

from __future__ import annotations

import html

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QColor, QTextCursor
from PySide6.QtWidgets import QTextBrowser, QTextEdit, QWidget

from mockview.core.bank.model import Question
from mockview.ui import theme
from mockview.ui.annotations import Annotations, KeyPointMark
from mockview.ui.practice_view import format_clock
from mockview.ui.transcript_view import term_pattern

ANSWER_HEADING = "Model answer"


def answer_positions(shown: str, answer: str) -> list[int]:
    """For each character of `answer`, its position in the view's text `shown` (-1: not
    shown, e.g. a line break the view drew as space), found after the model answer heading."""
    j = shown.rfind(ANSWER_HEADING)
    if j < 0:
        return []
    j += len(ANSWER_HEADING)
    out = []
    for ch in answer:
        if ch.isspace():
            out.append(-1)
            continue
        k = shown.find(ch, j)
        if k < 0 or shown[j:k].strip():  # only whitespace may differ between the two
            return []
        out.append(k)
        j = k + 1
    return out


def _said_at(point: KeyPointMark, words: str) -> str:
    if point.start_s is None:
        return ""
    return f' &nbsp;<a href="t:{point.start_s:.2f}">{words} {format_clock(point.start_s)}</a>'


def _point_row(point: KeyPointMark, colours: dict[str, str]) -> str:
    """A key point said (✓), partly said (◐, with the words still missing) or missed (✗)."""
    text = html.escape(point.text)
    if point.covered:
        mark = f'<span style="color:{colours["good"]}">✓</span>'
        return f"<li>{mark} {text}{_said_at(point, 'said at')}</li>"
    if point.status == "partly":
        missing = html.escape(", ".join(point.missing[:4]))
        hint = f" — not said: {missing}" if missing else ""
        mark = f'<span style="color:{colours["warn"]}">◐</span>'
        return f"<li>{mark} {text} <i>(partly{hint})</i>{_said_at(point, 'begun at')}</li>"
    mark = f'<span style="color:{colours["bad"]}">✗</span>'
    return f'<li>{mark} <span style="color:{colours["muted"]}">{text} (missed)</span></li>'


class ModelAnswerView(QTextBrowser):
    seek_requested = Signal(float)  # where a covered key point was said

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setAccessibleName("Model answer and key points")
        self.anchorClicked.connect(self._on_anchor)
        self.covered_count = 0
        self.partly_count = 0
        self.missed_count = 0
        self.points: list[KeyPointMark] = []  # what is shown
        self._answer_at: list[int] = []  # model answer character -> position in the view
        self.spoken_word: tuple[int, int] | None = None  # lit while read aloud
        self._lit = QTextCursor()

    def show_question(self, question: Question, marks: Annotations) -> None:
        colours = theme.marks()
        rows = []
        points = marks.key_points or [
            KeyPointMark(text, False, None) for text in question.key_points
        ]
        self.points = list(points)
        self.covered_count = sum(1 for p in points if p.covered)
        self.partly_count = sum(1 for p in points if not p.covered and p.status == "partly")
        self.missed_count = len(points) - self.covered_count - self.partly_count
        for point in points:
            rows.append(_point_row(point, colours))
        answer = html.escape(question.model_answer.strip()).replace("\n\n", "<br><br>")
        pattern = term_pattern({t.lower() for t in question.terms})
        if pattern is not None:
            said = marks.terms_said

            def mark(match) -> str:
                word = match.group(0)
                if word.lower() in said:
                    return (
                        f'<span style="background-color:{colours["term"]}" '
                        f'title="you said this">{word}</span>'
                    )
                return f"<b>{word}</b>"

            answer = pattern.sub(mark, answer)
        terms_line = ""
        if question.terms:
            said_count = sum(1 for t in question.terms if t.lower() in marks.terms_said)
            terms_line = f"<p><b>Terms:</b> {said_count} of {len(question.terms)} said</p>"
        self.setHtml(
            f"<h3>Key points ({self.covered_count} of {len(points)} covered"
            + (f", {self.partly_count} partly" if self.partly_count else "")
            + ")</h3>"
            f"<ul style='list-style-type:none'>{''.join(rows)}</ul>{terms_line}"
            f"<h3>{ANSWER_HEADING}</h3><p>{answer}</p>"
        )
        self._answer_at = answer_positions(self.toPlainText(), question.model_answer)
        self.spoken_word = None
        self.setExtraSelections([])

    def light_word(self, start: int, end: int) -> None:
        """Lights the model answer's characters start..end (the word being read aloud)."""
        at = self._answer_at
        if not at or not 0 <= start < end <= len(at) or at[start] < 0 or at[end - 1] < 0:
            return
        cursor = QTextCursor(self.document())
        cursor.setPosition(at[start])
        cursor.setPosition(at[end - 1] + 1, QTextCursor.MoveMode.KeepAnchor)
        lit = QTextEdit.ExtraSelection()
        lit.cursor = cursor  # type: ignore[attr-defined]
        lit.format.setBackground(QColor(theme.marks()["spoken"]))  # type: ignore[attr-defined]
        self.setExtraSelections([lit])
        self.spoken_word, self._lit = (start, end), cursor
        # Keep the word in view as the reading moves down the answer.
        rect = self.cursorRect(cursor)
        if not self.viewport().rect().contains(rect):
            bar = self.verticalScrollBar()
            bar.setValue(bar.value() + rect.top() - self.viewport().height() // 3)

    def clear_word(self) -> None:
        self.spoken_word = None
        self.setExtraSelections([])

    def lit_text(self) -> str:
        """The text of the word lit now ("" when none)."""
        return self._lit.selectedText() if self.spoken_word is not None else ""

    def _on_anchor(self, url: QUrl) -> None:
        target = url.toString()
        if target.startswith("t:"):
            self.seek_requested.emit(float(target[2:]))
