"""The settings dialog saves and applies; keyboard shortcuts drive the loop."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from mockview.core.settings import Settings
from tests.ui.fakes import FakeRecorder, FakeTranscriber


def _open_dialog(qtbot, window):
    with qtbot.waitSignal(window.settings.dialog_opened, timeout=5000) as blocker:
        window.settings_action.trigger()
    return blocker.args[0]


def test_settings_dialog_saves_and_applies(qtbot, open_window, answer_transcript):
    built: list = []

    def make_transcriber(settings):
        built.append((settings.model, settings.device))
        return FakeTranscriber(answer_transcript)

    window, ctx, _ = open_window(make_transcriber=make_transcriber)
    dialog = _open_dialog(qtbot, window)
    assert dialog.voice.count() == 3  # default + the fake's two voices
    dialog.voice.setCurrentIndex(dialog.voice.findData("en-gb"))
    dialog.rate.setValue(140)
    dialog.answer_rate.setValue(130)
    # Preview reads a sample with the voice shown, at the model answer pace.
    qtbot.mouseClick(dialog.preview_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: ctx.speaker.calls != [], timeout=5000)
    assert ctx.speaker.calls[-1][1:] == ("en-gb", 130)
    dialog.read_aloud.setChecked(False)
    dialog.model.setCurrentIndex(dialog.model.findData("base.en"))
    dialog.device.setCurrentIndex(dialog.device.findData("cpu"))
    dialog.fillers.setText("um, uh, like")
    dialog.hide_text.setChecked(True)
    dialog.theme.setCurrentIndex(dialog.theme.findData("dark"))
    with qtbot.waitSignal(window.transcription.loaded, timeout=5000):
        qtbot.mouseClick(
            dialog.buttons.button(dialog.buttons.StandardButton.Save), Qt.MouseButton.LeftButton
        )

    saved = Settings.load(ctx.settings_path)
    assert (saved.voice, saved.speech_rate_wpm, saved.read_question_aloud) == ("en-gb", 140, False)
    assert saved.model_answer_wpm == 130
    assert (saved.model, saved.device, saved.fillers) == ("base.en", "cpu", ["um", "uh", "like"])
    assert ctx.settings.theme == "dark"
    assert QApplication.palette().color(QApplication.palette().ColorRole.Base).lightness() < 128
    assert built == [("base.en", "cpu")]  # the model reloads in the background
    assert "RAG" not in window.practice_view.question_label.text()
    # The new voice and rate are used the next time a question is heard.
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    qtbot.keyClick(window, Qt.Key.Key_H)
    qtbot.waitUntil(lambda: ctx.speaker.calls != [], timeout=5000)
    assert ctx.speaker.calls[-1][1:] == ("en-gb", 140)
    window.settings.apply(Settings(**{**saved.__dict__, "theme": "system"}))


def test_microphone_test_meter(qtbot, open_window):
    recorders: list[FakeRecorder] = []

    def make_recorder(settings):
        recorders.append(FakeRecorder())
        return recorders[-1]

    window, _, _ = open_window(make_recorder=make_recorder)
    dialog = _open_dialog(qtbot, window)
    qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.test_meter.value() > 0, timeout=2000)
    dialog.reject()
    assert recorders
    qtbot.waitUntil(lambda: not recorders[0].is_recording, timeout=2000)  # closed in a job


def test_keyboard_shortcuts(qtbot, open_window):
    window, ctx, _ = open_window()
    qtbot.keyClick(window, Qt.Key.Key_N)
    assert window.practice.question.id == "q02-team"
    qtbot.keyClick(window, Qt.Key.Key_P)
    qtbot.keyClick(window, Qt.Key.Key_P)
    assert window.practice.question.id == "q03-risk"  # wraps around
    qtbot.keyClick(window, Qt.Key.Key_H)
    qtbot.waitUntil(
        lambda: bool(ctx.speaker.calls) and ctx.speaker.calls[-1][0].startswith("Tell me"),
        timeout=5000,
    )
    qtbot.keyClick(window, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: window.practice.state.value == "recording", timeout=5000)
    qtbot.keyClick(window, Qt.Key.Key_N)  # ignored while recording
    assert window.practice.question.id == "q03-risk"
    with qtbot.waitSignal(window.practice.results_shown, timeout=5000):
        qtbot.keyClick(window, Qt.Key.Key_Space)
    qtbot.keyClick(window, Qt.Key.Key_R)
    assert ctx.player.state == "playing"
    assert ctx.player.plays()[-1][1] == window.practice.attempt.audio_path
    qtbot.keyClick(window, Qt.Key.Key_R)
    assert ctx.player.state == "paused"
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert ctx.player.state == "stopped"
    # Typing a note never triggers shortcuts.
    note = window.results_view.note_edit
    note.setFocus()
    qtbot.keyClicks(note, "rn ")
    assert note.text() == "rn " and window.practice.question.id == "q03-risk"


def test_voices_are_listed_english_first_with_readable_names():
    from mockview.engines.base import Voice
    from mockview.ui.settings_dialog import SEPARATOR, voice_choices

    voices = [
        Voice("sit/cmn", "Chinese (Mandarin)", ("cmn",)),
        Voice("gmw/en-us", "English (America)", ("en-us",)),
        Voice("gmw/de", "German", ("de",)),
        Voice("gmw/en", "English (Great Britain)", ("en-gb",)),
        Voice("piper:joe", "Joe, natural voice (English, America)", ("en-us",)),
    ]
    assert voice_choices(voices) == [
        ("", "System default"),
        ("piper:joe", "Joe, natural voice (English, America)"),
        ("gmw/en-us", "English (America)"),
        ("gmw/en", "English (Great Britain)"),
        SEPARATOR,
        ("sit/cmn", "Chinese (Mandarin)"),
        ("gmw/de", "German"),
    ]


def test_microphones_have_readable_names():
    from mockview.ui.settings_dialog import input_label

    assert input_label("pulse") == "Sound server (PulseAudio or PipeWire)"
    assert input_label("default") == "System default (ALSA)"
    assert input_label("HDA Intel PCH: ALC3246 Analog (hw:0,0)") == "HDA Intel PCH: ALC3246 Analog"
    assert input_label("USB Mic") == "USB Mic"


def test_escape_never_loses_changes_without_asking(qtbot):
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from mockview.core.settings import Settings
    from mockview.ui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(Settings(theme="light"))
    qtbot.addWidget(dialog)
    asked: list[bool] = []
    dialog.confirm_discard = lambda: asked.append(True) or False  # "Cancel": keep editing
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.theme.setCurrentIndex(dialog.theme.findData("dark"))
    dialog.theme.showPopup()
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is not None, timeout=3000)
    QTest.keyClick(QApplication.activePopupWidget(), Qt.Key.Key_Escape)  # closes the list only
    assert dialog.isVisible() and asked == []
    QTest.keyClick(dialog.theme, Qt.Key.Key_Escape)  # on the dialog: asks, the user keeps editing
    assert dialog.isVisible() and asked == [True]
    assert dialog.result_settings().theme == "dark"
    dialog.confirm_discard = lambda: True
    QTest.keyClick(dialog.theme, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_escape_without_changes_closes_at_once(qtbot):
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from mockview.core.settings import Settings
    from mockview.ui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(Settings())
    qtbot.addWidget(dialog)
    dialog.confirm_discard = lambda: pytest.fail("nothing changed: nothing to ask")
    dialog.show()
    qtbot.waitExposed(dialog)
    QTest.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
