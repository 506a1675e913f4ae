"""The whole loop with fake engines: spoken -> record -> stop -> results -> replay -> history."""

from __future__ import annotations

from PySide6.QtCore import Qt

from mockview.core.feedback import analyze
from mockview.engines.audio_files import load_audio_16k
from mockview.session.reading_plan import plan_reading


def _select(qtbot, window, question_id: str) -> None:
    window.practice.select(question_id)


def test_question_is_spoken_then_heard_again(qtbot, open_window):
    window, ctx, _ = open_window()
    window.practice.select("q02-team")
    qtbot.waitUntil(lambda: len(ctx.player.plays()) == 1, timeout=5000)
    assert ctx.speaker.calls[-1] == ("How do you grow a team?", "", 160)
    qtbot.mouseClick(window.practice_view.hear_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(ctx.player.plays()) == 2, timeout=5000)
    assert len(ctx.speaker.calls) == 2


def test_hide_question_text(qtbot, open_window):
    window, ctx, _ = open_window()
    window.practice_view.hide_box.setChecked(True)
    assert "RAG" not in window.practice_view.question_label.text()
    assert ctx.settings.hide_question_text is True
    window.practice_view.hide_box.setChecked(False)
    assert "RAG" in window.practice_view.question_label.text()


def test_record_stop_results_replay_history_next(qtbot, open_window, answer_transcript):
    window, ctx, transcriber = open_window()
    view, results = window.practice_view, window.results_view
    question = ctx.banks[0].question("q01-rag")
    qtbot.mouseClick(view.record_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.practice.state.value == "recording", timeout=5000)
    assert view.record_button.accessibleName() == "Stop recording"
    qtbot.waitUntil(lambda: view.level.value() > 0, timeout=2000)  # the meter follows the mic
    assert view.timer_label.text() == "0:01"

    with qtbot.waitSignal(window.practice.results_shown, timeout=10000):
        qtbot.mouseClick(view.record_button, Qt.MouseButton.LeftButton)
    assert window.tabs.currentWidget() is results
    assert transcriber.calls and transcriber.calls[0][1] == ("FAISS", "pgvector")

    # What the real analysis finds is what the results show.
    audio = load_audio_16k(window.practice.attempt.audio_path)
    expected = analyze(
        answer_transcript,
        question,
        audio=audio,
        fillers=ctx.settings.fillers,
        hedges=ctx.settings.hedges,
    )
    filler_words = sum(f.word_count for f in expected.fillers)
    assert filler_words >= 3  # "Um," "uh," "You know,"
    assert results.transcript.filler_count == filler_words
    assert results.transcript.pause_count == len(expected.long_pauses) >= 1
    assert "‖ 1.8 s ‖" in results.transcript.toPlainText()
    covered = sum(1 for k in expected.key_points if k.covered)
    assert results.model_answer.covered_count == covered >= 2
    assert results.model_answer.missed_count + results.model_answer.partly_count == 4 - covered
    assert "WPM" in results.figures.values["Pace"].text()
    assert f"{covered} of 4 key points" in results.figures.values["Coverage"].text()

    # Click a word: playback starts there.
    ctx.player.calls.clear()
    index = next(i for i, w in enumerate(answer_transcript.words) if w.text == "FAISS")
    results.transcript.anchorClicked.emit(_url(f"w:{index}"))
    attempt = window.practice.attempt
    assert ctx.player.plays() == [("play", attempt.audio_path, 6.1)]
    assert results.transcript.current_word == index  # the heard word is marked
    cursor = results.transcript.textCursor()
    assert cursor.selectedText() == "FAISS"
    results.transcript.anchorClicked.emit(_url("w:0"))  # already playing: a seek
    assert ctx.player.calls[-1] == ("seek", 0.6)
    qtbot.waitUntil(lambda: "Pause" in results.replay.play_button.text(), timeout=2000)
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert ctx.player.state == "stopped"

    # The attempt is in history with its figures, and opens again.
    stored = ctx.history.attempts_for("test-bank", "q01-rag")
    assert [a.state for a in stored] == ["done"]
    assert stored[0].figures["filler_count"] == len(expected.fillers)
    window.tabs.setCurrentWidget(window.history_view)
    qtbot.waitUntil(lambda: window.history_view.attempts.rowCount() == 1, timeout=5000)
    results.transcript.clear()
    with qtbot.waitSignal(window.practice.results_shown, timeout=5000):
        qtbot.mouseClick(window.history_view.open_button, Qt.MouseButton.LeftButton)
    assert results.transcript.filler_count == filler_words
    assert window.history_view.latest_id == stored[0].id

    # Note and star are saved.
    results.note_edit.setText("slow start")
    qtbot.mouseClick(results.note_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(results.star_button, Qt.MouseButton.LeftButton)
    # Written in jobs, off the UI thread: wait for the store to have them.
    qtbot.waitUntil(
        lambda: (
            (ctx.history.get(stored[0].id).note, ctx.history.get(stored[0].id).star)
            == ("slow start", True)
        ),
        timeout=5000,
    )
    qtbot.waitUntil(lambda: results.message.text() == "Note saved.", timeout=5000)

    # The model answer is read sentence by sentence at the set pace, its words lit as said;
    # the button stops it.
    qtbot.mouseClick(results.hear_model_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: results.hear_model_button.text() == "■ Stop reading", timeout=5000)
    first = plan_reading(question.model_answer).pieces[0]
    assert ctx.speaker.calls[0] == (first.text, "", 150)
    qtbot.waitUntil(lambda: results.model_answer.spoken_word is not None, timeout=5000)
    assert results.model_answer.lit_text() == question.model_answer.split()[0]
    qtbot.mouseClick(results.hear_model_button, Qt.MouseButton.LeftButton)
    assert results.hear_model_button.text() == "Hear the model answer"
    assert ctx.player.state == "stopped" and results.model_answer.lit_text() == ""

    # Try again: back to the same question, ready to record.
    qtbot.mouseClick(results.try_again_button, Qt.MouseButton.LeftButton)
    assert window.tabs.currentWidget() is view and window.practice.question.id == "q01-rag"
    assert view.record_button.isEnabled() and view.timer_label.text() == "0:00"

    # Next question.
    window.tabs.setCurrentWidget(results)
    qtbot.mouseClick(results.next_button, Qt.MouseButton.LeftButton)
    assert window.practice.question.id == "q02-team"
    assert window.tabs.currentWidget() is view
    assert "grow a team" in view.question_label.text()


def test_timer_changes_colour_near_and_past_target(open_window):
    window, _, _ = open_window()
    view = window.practice_view  # q01 has a 60 s target
    view.set_elapsed(30)
    assert view.timer_state == "ok"
    view.set_elapsed(50)
    assert view.timer_state == "near" and "color" in view.timer_label.styleSheet()
    view.set_elapsed(61)
    assert view.timer_state == "over"


def _url(text: str):
    from PySide6.QtCore import QUrl

    return QUrl(text)


def test_silent_microphone_is_pointed_out(qtbot, open_window):
    window, ctx, _ = open_window()
    recorder = ctx.recorder
    recorder.level_value, recorder.elapsed_value = 0.0, 4.0
    qtbot.keyClick(window, Qt.Key.Key_Space)
    qtbot.waitUntil(
        lambda: "No sound from the microphone" in window.practice_view.status.text(), timeout=3000
    )
    assert window.practice_view.level.value() == 0
    recorder.level_value = 0.4  # sound arrives: the warning goes
    qtbot.waitUntil(lambda: not window.practice_view.silent_warning, timeout=3000)


def test_answering_again_while_the_last_answer_is_transcribed(
    qtbot, open_window, gate, answer_transcript
):
    from tests.ui.fakes import FakeTranscriber

    transcriber = FakeTranscriber(answer_transcript, gate=gate)
    window, ctx, _ = open_window(transcriber, load=False)
    window.transcription.load(transcriber)  # held: the first answer waits for the model
    qtbot.keyClick(window, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: window.practice.state.value == "recording", timeout=5000)
    first = window.practice.attempt
    qtbot.keyClick(window, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: window.practice.state.value == "processing", timeout=5000)
    qtbot.keyClick(window, Qt.Key.Key_Space)  # answer again at once
    qtbot.waitUntil(lambda: window.practice.state.value == "recording", timeout=5000)
    second = window.practice.attempt
    gate.set()
    qtbot.waitUntil(lambda: ctx.history.get(first.id).state == "done", timeout=5000)
    qtbot.waitUntil(lambda: "previous answer" in window.banners.text("previous"), timeout=5000)
    assert window.practice.attempt.id == second.id  # the recording in progress is untouched
    assert window.tabs.currentWidget() is window.practice_view
    with qtbot.waitSignal(window.practice.results_shown, timeout=5000):
        qtbot.keyClick(window, Qt.Key.Key_Space)
    assert ctx.history.get(second.id).state == "done"


def test_live_transcript_through_two_stretches_with_the_real_live_path(
    qtbot, open_window, answer_transcript
):
    """The real LiveTranscription, fed by the recorder, with the fake transcriber."""
    from mockview.app import make_live
    from tests.ui.fakes import FakeTranscriber

    transcriber = FakeTranscriber(answer_transcript)
    transcriber.windowed = True  # each stretch hears only the words said in it
    window, ctx, _ = open_window(transcriber, make_live=make_live)
    view = window.practice_view
    qtbot.keyClick(window, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: window.practice.state.value == "recording", timeout=5000)
    ctx.recorder.advance(9.5)  # past the pause after "pgvector.": the first stretch is cut
    qtbot.waitUntil(lambda: "FAISS or pgvector." in view.live.toPlainText(), timeout=5000)
    assert "recall" not in view.live.toPlainText()
    with qtbot.waitSignal(window.practice.results_shown, timeout=5000):
        qtbot.keyClick(window, Qt.Key.Key_Space)
    attempt = ctx.history.get(window.practice.attempt.id)
    assert attempt.transcript.extra["stretches"] == 2
    assert transcriber.contexts[1].endswith("FAISS or pgvector.")
    assert [w.text for w in attempt.transcript.words] == [w.text for w in answer_transcript.words]
    assert window.results_view.transcript.filler_count >= 3
