"""The window opens, lists banks and questions, and closes cleanly."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget


def test_window_shows_banks_and_questions(open_window):
    window, ctx, _ = open_window()
    picker = window.picker
    assert picker.bank_box.count() == 1
    assert picker.bank_box.currentText() == "Test bank"
    sections = [picker.tree.topLevelItem(i).text(0) for i in range(picker.tree.topLevelItemCount())]
    assert sections == ["Technical", "People"]
    assert picker.tree.topLevelItem(1).childCount() == 2
    # The first question is shown, not spoken at start-up.
    assert "RAG system" in window.practice_view.question_label.text()
    assert ctx.speaker.calls == []
    assert window.practice_view.record_button.isEnabled()


def test_every_control_has_an_accessible_name(open_window):
    from PySide6.QtWidgets import QAbstractButton, QComboBox, QLineEdit, QSpinBox

    window, _, _ = open_window()
    unnamed = [
        w
        for w in window.findChildren(QWidget)
        if isinstance(w, QAbstractButton | QComboBox | QLineEdit | QSpinBox)
        and w.isVisibleTo(window)
        and not w.accessibleName()
        and type(w).__name__ not in ("QTabBar", "QToolButton")
        and not w.objectName().startswith("qt_")
    ]
    assert unnamed == []


def test_model_loading_shown_and_then_ready(qtbot, open_window, gate, answer_transcript):
    from tests.ui.fakes import FakeTranscriber

    window, _, transcriber = open_window(FakeTranscriber(answer_transcript, gate=gate), load=False)
    window.transcription.load(transcriber)
    assert "Loading speech model" in window.model_label.text()
    assert "Loading speech model" in window.practice_view.status.text()
    assert window.practice_view.record_button.isEnabled()  # recording is allowed meanwhile
    gate.set()
    qtbot.waitUntil(lambda: "fake.en on cpu" in window.model_label.text(), timeout=5000)
    assert window.practice_view.status.text() == ""
