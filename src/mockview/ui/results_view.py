"""Results: the transcript beside the model answer, the figures, replay, and what to do next."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from mockview.core.bank.model import Question
from mockview.core.feedback.model import Feedback
from mockview.core.feedback.progress import Trend
from mockview.core.transcript import Word
from mockview.ui.annotations import Annotations, annotate
from mockview.ui.coaching_panel import CoachingPanel
from mockview.ui.figures_panel import FiguresPanel
from mockview.ui.highlight_legend import HighlightLegend
from mockview.ui.model_answer_view import ModelAnswerView
from mockview.ui.replay_bar import ReplayBar
from mockview.ui.transcript_view import TranscriptView

EMPTY_HINT = (
    "Your results appear here after you answer a question.\n\n"
    "1. Choose a question on the left; it is read aloud (H hears it again).\n"
    "2. Press Record (Space) and answer out loud, as in the interview.\n"
    "3. Press Space again to stop.\n\n"
    "You then see your transcript with fillers and long pauses marked, the key points "
    "you covered and missed, and your pace, next to the model answer."
)


class ResultsView(QWidget):
    seek_requested = Signal(float)  # from a word, a key point or the slider
    replay_clicked = Signal()
    try_again_clicked = Signal()
    next_clicked = Signal()
    hear_model_clicked = Signal()
    retry_clicked = Signal()
    star_toggled = Signal(bool)
    note_saved = Signal(str)
    discard_clicked = Signal()  # a take too short to judge: Delete removes it

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.title.setAccessibleName("Results for question")
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Results message")
        self.retry_button = QPushButton("Retry transcription")
        self.retry_button.setAccessibleName("Retry transcription")
        self.transcript = TranscriptView()
        self.model_answer = ModelAnswerView()
        self.figures = FiguresPanel()
        self.coaching = CoachingPanel()
        self.coaching.discard_button.setShortcut(QKeySequence(Qt.Key.Key_Delete))
        self.legend = HighlightLegend()
        column = QWidget()
        column_layout = QVBoxLayout(column)
        column_layout.setContentsMargins(0, 0, 0, 0)
        column_layout.addWidget(self.coaching)
        column_layout.addWidget(self.figures, 1)
        scroll = QScrollArea()
        scroll.setWidget(column)
        scroll.setWidgetResizable(True)
        scroll.setAccessibleName("Figures")
        # Room for "1:32 of 1:30 (over target)" without wrapping letter by letter.
        scroll.setMinimumWidth(self.fontMetrics().averageCharWidth() * 46)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        split = QSplitter(Qt.Orientation.Horizontal)
        for pane, heading in (
            (self.transcript, "Your answer"),
            (self.model_answer, "Model answer"),
            (scroll, "Figures"),
        ):
            box = QWidget()
            box_layout = QVBoxLayout(box)
            box_layout.setContentsMargins(0, 0, 0, 0)
            box_layout.addWidget(QLabel(f"<b>{heading}</b>"))
            box_layout.addWidget(pane, 1)
            if pane is self.transcript:
                box_layout.addWidget(self.legend)
            split.addWidget(box)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 3)
        split.setStretchFactor(2, 3)
        self.replay = ReplayBar()
        self.try_again_button = QPushButton("↺ Try again")
        self.try_again_button.setAccessibleName("Try this question again")
        self.next_button = QPushButton("Next question (N) ▶")
        self.next_button.setAccessibleName("Next question")
        self.hear_model_button = QPushButton("Hear the model answer")
        self.hear_model_button.setAccessibleName("Hear the model answer")
        # Its label changes while reading: keep its width, so the row does not jump.
        self.hear_model_button.setMinimumWidth(self.hear_model_button.sizeHint().width())
        self.star_button = QPushButton("☆ Star")
        self.star_button.setCheckable(True)
        self.star_button.setAccessibleName("Star this attempt")
        self.note_edit = QLineEdit()
        self.note_edit.setPlaceholderText("A note on this attempt…")
        self.note_edit.setAccessibleName("Note")
        self.note_button = QPushButton("Save note")
        self.note_button.setAccessibleName("Save note")

        head = QHBoxLayout()
        head.addWidget(self.message, 1)
        head.addWidget(self.retry_button)
        actions = QHBoxLayout()
        for button in (
            self.try_again_button,
            self.next_button,
            self.hear_model_button,
            self.star_button,
        ):
            actions.addWidget(button)
        actions.addWidget(self.note_edit, 1)
        actions.addWidget(self.note_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(head)
        layout.addWidget(split, 1)
        layout.addWidget(self.replay)
        layout.addLayout(actions)

        self.transcript.word_clicked.connect(self.seek_requested)
        self.model_answer.seek_requested.connect(self.seek_requested)
        self.coaching.seek_requested.connect(self.seek_requested)
        self.coaching.discard_clicked.connect(self.discard_clicked)
        self.replay.seek_requested.connect(self.seek_requested)
        self.replay.play_clicked.connect(self.replay_clicked)
        self.try_again_button.clicked.connect(self.try_again_clicked)
        self.next_button.clicked.connect(self.next_clicked)
        self.hear_model_button.clicked.connect(self.hear_model_clicked)
        self.retry_button.clicked.connect(self.retry_clicked)
        self.star_button.toggled.connect(self._on_star)
        self.note_button.clicked.connect(lambda: self.note_saved.emit(self.note_edit.text()))
        self.note_edit.returnPressed.connect(lambda: self.note_saved.emit(self.note_edit.text()))
        self.marks = Annotations()
        self.set_message("")
        self.show_empty()

    def show_empty(self) -> None:
        """Before any attempt: say what to do instead of showing empty panes."""
        self.title.setText("<b>No answer yet</b>")
        self.transcript.show_message(EMPTY_HINT)
        self.marks = Annotations()
        self.model_answer.clear()
        self.figures.show_figures(self.marks, 0.0, 0)  # nothing left of a discarded take
        self.figures.show_trends({})
        self.coaching.clear()
        self.replay.set_duration(0.0)
        for button in (
            self.try_again_button,
            self.star_button,
            self.note_edit,
            self.note_button,
            self.replay,
        ):
            button.setEnabled(False)

    def show_result(
        self,
        question: Question,
        words: list[Word],
        feedback: Feedback | None,
        duration_s: float,
        note: str = "",
        starred: bool = False,
        when: str = "",
    ) -> None:
        self.marks = annotate(feedback, words)
        self._enable_actions()
        self.title.setText(
            f"<b>{question.number}. {question.text}</b>" + (f"  <i>({when})</i>" if when else "")
        )
        self.transcript.show_words(words, self.marks)
        self.model_answer.show_question(question, self.marks)
        self.figures.show_figures(self.marks, question.target_s, len(question.key_points))
        self.figures.show_trends({})  # until the earlier attempts are read
        self.coaching.show_coaching(self.marks)
        self.replay.set_duration(duration_s)
        self.note_edit.setText(note)
        self.star_button.blockSignals(True)
        self.star_button.setChecked(starred)
        self._star_text(starred)
        self.star_button.blockSignals(False)
        self.set_message("")

    def show_failure(self, question: Question, message: str, duration_s: float) -> None:
        """Transcription failed: the audio is kept, so replay and Retry stay available."""
        self.marks = Annotations()
        self._enable_actions()
        self.title.setText(f"<b>{question.number}. {question.text}</b>")
        self.transcript.show_message("No transcript: the transcription failed.")
        self.coaching.clear()
        self.figures.show_trends({})
        self.model_answer.show_question(question, self.marks)
        self.figures.show_figures(self.marks, question.target_s, len(question.key_points))
        self.replay.set_duration(duration_s)
        self.set_message(f"Transcription failed: {message}. Your recording is kept.", retry=True)

    def _enable_actions(self) -> None:
        for widget in (
            self.try_again_button,
            self.star_button,
            self.note_edit,
            self.note_button,
            self.replay,
        ):
            widget.setEnabled(True)

    def show_trends(self, trends: dict[str, Trend]) -> None:
        """This attempt's figures against the question's earlier attempts."""
        self.figures.show_trends(trends)

    def set_reading(self, reading: bool) -> None:
        """The model answer is being read aloud: its button stops the reading."""
        label = "■ Stop reading" if reading else "Hear the model answer"
        self.hear_model_button.setText(label)
        self.hear_model_button.setAccessibleName(label.strip("■ "))
        if not reading:
            self.model_answer.clear_word()

    def set_message(self, text: str, retry: bool = False) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))
        self.retry_button.setVisible(retry)

    def _on_star(self, starred: bool) -> None:
        self._star_text(starred)
        self.star_toggled.emit(starred)

    def _star_text(self, starred: bool) -> None:
        self.star_button.setText("★ Starred" if starred else "☆ Star")
