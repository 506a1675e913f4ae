"""Coaching on the Results page: a take too short to judge, deltas against the past, tips."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.support.answers import ANSWER
from tests.ui.fakes import FakeRecorder, speech_like, words_from

ONE_SECOND = [("Um,", 0.4, 0.7), ("yes.", 0.8, 1.2)]


def _answer(qtbot, window) -> None:
    view = window.practice_view
    qtbot.mouseClick(view.record_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.practice.state.value == "recording", timeout=5000)
    with qtbot.waitSignal(window.practice.results_shown, timeout=10000):
        qtbot.mouseClick(view.record_button, Qt.MouseButton.LeftButton)


def test_a_one_second_take_says_so_is_not_ranked_and_delete_discards_it(qtbot, open_window):
    from tests.ui.fakes import FakeTranscriber

    short = words_from(ONE_SECOND)
    window, ctx, _ = open_window(
        transcriber=FakeTranscriber(short), recorder=FakeRecorder(audio=speech_like(short))
    )
    _answer(qtbot, window)
    results = window.results_view
    attempt = window.practice.attempt
    assert attempt.state == "short"
    assert "Too short to judge" in results.coaching.text()
    assert results.coaching.discard_button.isVisible()
    assert results.figures.values["Pace"].text().startswith("–")
    assert "/min" not in results.figures.values["Fillers"].text()  # no rate from 1 s
    # Kept, but neither counted nor ranked: the bank overview has no practised question.
    summary = ctx.history.bank_summary("test-bank", ["q01-rag", "q02-team"])
    assert [s.attempt_count for s in summary] == [0, 0]
    assert ctx.history.get(attempt.id) is not None
    # One key discards it, recording and all.
    results.setFocus()
    qtbot.keyClick(results, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: ctx.history.get(attempt.id) is None, timeout=5000)
    qtbot.waitUntil(lambda: not attempt.audio_path.exists(), timeout=5000)  # rows go first
    qtbot.waitUntil(lambda: "discarded" in results.message.text(), timeout=5000)


def test_a_second_attempt_shows_each_figure_against_the_first(qtbot, open_window):
    window, ctx, transcriber = open_window()
    _answer(qtbot, window)
    first = window.practice.attempt
    results = window.results_view
    assert not results.figures.values["Coverage"].trend.isVisible()  # nothing to compare yet
    # The second answer drops its fillers: "Um," "uh," "You know," become plain words.
    plain = {"Um,": "Well,", "uh,": "then", "know,": "see,"}
    transcriber.transcript = words_from([(plain.get(w, w), a, b) for w, a, b in ANSWER])
    _answer(qtbot, window)
    assert window.practice.attempt.id != first.id
    card = results.figures.values["Fillers"]
    qtbot.waitUntil(lambda: card.trend.isVisible(), timeout=5000)
    before = first.figures["fillers_per_minute"]
    assert f"before {before:.1f}/min" in card.trend.text() and "better" in card.trend.text()
    assert card.sparkline.values[-1] < card.sparkline.values[0]
    assert "same" in results.figures.values["Coverage"].trend.text()


def test_tips_link_to_their_moment_in_the_recording(qtbot, open_window):
    window, ctx, _ = open_window()
    _answer(qtbot, window)
    results = window.results_view
    tips = results.coaching.tips
    assert 1 <= len(tips) <= 3
    timed = next(t for t in tips if t.at_s >= 0)
    assert f't:{timed.at_s:.2f}"' in results.coaching.body.text()
    ctx.player.calls.clear()
    results.coaching.body.linkActivated.emit(f"t:{timed.at_s:.2f}")
    attempt = window.practice.attempt
    assert ctx.player.plays() == [("play", attempt.audio_path, round(timed.at_s, 2))]
    # Every tip has its own line, and hovering a figure says what it means.
    assert results.coaching.body.text().count("<p>") >= len(tips)
    assert "130-160" in results.figures.values["Pace"].toolTip()
