"""What a first-time user sees: wrapped question titles, guidance before any answer, one length."""

from __future__ import annotations

from PySide6.QtCore import Qt

from mockview.ui.annotations import Annotations
from mockview.ui.figures_panel import FiguresPanel
from mockview.ui.question_picker import QuestionPicker
from mockview.ui.results_view import ResultsView
from tests.ui.conftest import make_bank


def test_long_question_titles_wrap_instead_of_being_cut(qtbot):
    picker = QuestionPicker()
    qtbot.addWidget(picker)
    picker.resize(300, 600)
    picker.show()
    picker.show_bank(make_bank())
    qtbot.waitExposed(picker)
    tree = picker.tree
    long_item = tree.topLevelItem(0).child(0)  # "How would you build retrieval for a RAG ..."
    short_item = tree.topLevelItem(1).child(0)  # "How do you grow a team?"
    line = tree.fontMetrics().lineSpacing()
    assert tree.fontMetrics().horizontalAdvance(long_item.text(0)) > tree.viewport().width()
    qtbot.waitUntil(lambda: tree.visualItemRect(long_item).height() >= 2 * line, timeout=2000)
    assert tree.visualItemRect(short_item).height() < 2 * line
    assert long_item.toolTip(0) == make_bank().questions[0].text


def test_results_before_any_answer_say_what_to_do(qtbot, answer_transcript):
    view = ResultsView()
    qtbot.addWidget(view)
    text = view.transcript.toPlainText()
    assert "Record (Space)" in text and "Choose a question" in text
    assert not view.try_again_button.isEnabled() and not view.replay.isEnabled()
    assert view.next_button.isEnabled()  # moving on is always possible
    question = make_bank().questions[0]
    from mockview.core.feedback.model import Feedback

    view.show_result(question, list(answer_transcript.words), Feedback(duration_s=12.0), 12.0)
    assert "Record (Space)" not in view.transcript.toPlainText()
    assert view.try_again_button.isEnabled() and view.replay.isEnabled()


def test_answer_length_is_the_one_the_observations_compare(qtbot):
    panel = FiguresPanel()
    qtbot.addWidget(panel)
    marks = Annotations(figures={"duration_s": 23.4}, answer_s=20.6)
    panel.show_figures(marks, 90, 4)
    text = panel.values["Answer length"].text()
    assert text.startswith("0:21 of a 1:30 target") and "0:23 recorded" in text
    panel.show_figures(Annotations(figures={"duration_s": 120.0}), 90, 4)
    assert "over target" in panel.values["Answer length"].text()


def test_a_take_too_short_for_a_pace_says_so_instead_of_a_wild_rate(qtbot):
    from mockview.core.feedback import analyze
    from mockview.core.transcript import Segment, Transcript, Word

    # Three words in 0.5 s: 360 WPM if timed, which no coach would give.
    words = (Word("Hello", 0.2, 0.4), Word("there,", 0.4, 0.55), Word("okay.", 0.55, 0.7))
    fb = analyze(Transcript("Hello there, okay.", (Segment("", 0.2, 0.7, words),), 1.0), None)
    assert fb.words_per_minute == 0 and fb.word_count == 3
    panel = FiguresPanel()
    qtbot.addWidget(panel)
    panel.show_figures(Annotations(figures=fb.figures), 90, 4)
    assert "too short to time a pace" in panel.values["Pace"].text()
    assert "WPM" not in panel.values["Pace"].text()


def test_history_overview_scrolls_to_the_question_shown(qtbot, open_window):
    window, _, _ = open_window()
    bank = window.practice.bank
    window.tabs.setCurrentWidget(window.history_view)
    window.history.show(bank, bank.questions[2])
    overview = window.history_view.overview
    qtbot.waitUntil(lambda: overview.currentRow() == 2, timeout=5000)
    assert overview.item(2, 0).data(Qt.ItemDataRole.UserRole) == bank.questions[2].id


def test_a_filler_heard_only_in_the_audio_is_shown_before_its_word(qtbot, answer_transcript):
    from mockview.core.feedback.model import Feedback, FillerHit

    view = ResultsView()
    qtbot.addWidget(view)
    words = list(answer_transcript.words)
    heard = FillerHit("um", "(um)", word_index=19, word_count=0, start_s=8.1, end_s=8.5,
                      from_audio=True)  # fmt: skip
    view.show_result(make_bank().questions[0], words, Feedback(fillers=[heard]), 12.0)
    text = view.transcript.toPlainText()
    assert "pgvector. (um) You" in text
    assert view.transcript.filler_count == 1
    assert 19 not in view.marks.filler_words  # "You" itself is not a filler
    clicked = []
    view.transcript.word_clicked.connect(clicked.append)
    from PySide6.QtCore import QUrl

    view.transcript.anchorClicked.emit(QUrl("t:8.10"))
    assert clicked == [8.1]
