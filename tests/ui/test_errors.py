"""Errors reach the user as messages: no microphone, model and transcription failures, recovery."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.ui.fakes import FakeRecorder, FakeTranscriber


def test_no_microphone_banner_and_the_rest_works(qtbot, open_window):
    window, ctx, _ = open_window(recorder=FakeRecorder(fail=True))
    qtbot.mouseClick(window.practice_view.record_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "No microphone" in window.banners.text("microphone"), timeout=5000)
    assert "Settings" in window.banners.text("microphone")
    assert window.practice.state.value == "idle"
    assert ctx.history.attempts() == []  # the unused attempt row is removed
    # Banks, questions, speech and history still work.
    window.practice.next_question()
    assert window.practice.question.id == "q02-team"
    qtbot.waitUntil(lambda: len(ctx.player.plays()) == 1, timeout=5000)
    window.tabs.setCurrentWidget(window.history_view)
    qtbot.waitUntil(lambda: window.history_view.overview.rowCount() == 3, timeout=5000)


def test_no_sound_input_at_all(qtbot, open_window):
    message = "No microphone found. (The audio library PortAudio is not installed)"
    window, _, _ = open_window(recorder=None, player=None, engine_errors={"microphone": message})
    assert "PortAudio" in window.banners.text("microphone")
    qtbot.keyClick(window, Qt.Key.Key_Space)
    assert window.practice.state.value == "idle"
    qtbot.mouseClick(window.practice_view.hear_button, Qt.MouseButton.LeftButton)
    assert "text only" in window.banners.text("playback")


def test_transcription_failure_keeps_audio_and_retry_works(qtbot, open_window, answer_transcript):
    transcriber = FakeTranscriber(answer_transcript)
    window, ctx, _ = open_window(transcriber)
    transcriber.fail_transcribe = True
    qtbot.keyClick(window, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: window.practice.state.value == "recording", timeout=5000)
    with qtbot.waitSignal(window.practice.attempt_failed, timeout=5000):
        qtbot.keyClick(window, Qt.Key.Key_Space)
    results = window.results_view
    assert window.tabs.currentWidget() is results
    assert "decoder crashed" in results.message.text()
    assert results.retry_button.isVisibleTo(results)
    attempt = ctx.history.attempts()[0]
    assert attempt.state == "failed" and attempt.audio_path.exists()
    # Replay of the kept audio works even without a transcript.
    qtbot.mouseClick(results.replay.play_button, Qt.MouseButton.LeftButton)
    assert ctx.player.plays()[-1][1] == attempt.audio_path

    transcriber.fail_transcribe = False
    with qtbot.waitSignal(window.practice.results_shown, timeout=5000):
        qtbot.mouseClick(results.retry_button, Qt.MouseButton.LeftButton)
    assert ctx.history.get(attempt.id).state == "done"
    assert results.transcript.filler_count >= 3
    assert not results.retry_button.isVisibleTo(results)


def test_missing_model_is_a_message_and_audio_is_kept(qtbot, open_window, answer_transcript):
    transcriber = FakeTranscriber(answer_transcript, fail_load=True)
    window, ctx, _ = open_window(transcriber, load=False)
    with qtbot.waitSignal(window.transcription.load_failed, timeout=5000):
        window.transcription.load(transcriber)
    assert "not found" in window.banners.text("model")
    assert "unavailable" in window.model_label.text()
    qtbot.keyClick(window, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: window.practice.state.value == "recording", timeout=5000)
    with qtbot.waitSignal(window.practice.attempt_failed, timeout=5000):
        qtbot.keyClick(window, Qt.Key.Key_Space)
    attempt = ctx.history.attempts()[0]
    assert attempt.state == "failed" and attempt.audio_path.exists()


def test_record_while_model_loads_is_transcribed_when_ready(
    qtbot, open_window, gate, answer_transcript
):
    transcriber = FakeTranscriber(answer_transcript, gate=gate)
    window, ctx, _ = open_window(transcriber, load=False)
    window.transcription.load(transcriber)
    qtbot.keyClick(window, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: window.practice.state.value == "recording", timeout=5000)
    assert "still loading" in window.practice_view.status.text()
    qtbot.keyClick(window, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: window.practice.state.value == "processing", timeout=5000)
    assert "as soon as the speech model has loaded" in window.practice_view.status.text()
    with qtbot.waitSignal(window.practice.results_shown, timeout=5000):
        gate.set()
    assert ctx.history.attempts()[0].state == "done"


def test_unfinished_attempts_are_recovered_at_start(qtbot, open_window, make_ctx, tmp_path):
    import soundfile as sf

    from tests.ui.conftest import ANSWER, make_bank
    from tests.ui.fakes import speech_like, words_from

    # A crash left an attempt "recording" with its audio on disk (same data folder).
    ctx0 = make_ctx()
    crashed = ctx0.history.start_attempt("test-bank", make_bank().questions[0])
    sf.write(str(crashed.audio_path), speech_like(words_from(ANSWER)), 16000)
    ctx0.history.close()
    ctx0.history = None

    window, ctx, _ = open_window()
    with qtbot.waitSignal(window.recovery.finished, timeout=10000):
        window.start_background_work()
    assert "Recovered 1" in window.banners.text("recovery")
    assert ctx.history.get(crashed.id).state == "recovered"


def test_history_notice_is_shown(open_window, make_ctx):
    window, ctx, _ = open_window()
    ctx.history.notice = "The history database was damaged and set aside."
    window._show_start_messages()
    assert "set aside" in window.banners.text("notice")


def test_first_run_welcome(qtbot, open_window):
    window, ctx, _ = open_window(load=True)
    ctx.settings.welcome_shown = False
    window._show_start_messages()
    text = window.banners.text("welcome")
    assert str(ctx.data_dir) in text and "Nothing leaves" in text
    assert window.banners.shown_key() == "welcome"
    qtbot.mouseClick(window.banners.action_button, Qt.MouseButton.LeftButton)
    assert ctx.settings.welcome_shown and ctx.settings_path.exists()
    assert window.banners.text("welcome") == ""
