"""The composition root: run_app opens the real window with the shipped banks; light imports."""

from __future__ import annotations

import subprocess
import sys

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from mockview import app as appmod
from tests.ui.fakes import FakeTranscriber, words_from


def test_run_app_without_sound_devices_shows_messages(qapp, monkeypatch):
    """No PortAudio: the window opens, banks are listed, the microphone problem is a banner;
    a typo in the settings file is a banner too, with the rest of the file used."""
    from mockview.core import paths

    settings_file = paths.settings_path()
    settings_file.parent.mkdir(parents=True, exist_ok=True)
    settings_file.write_text('theme = "dark"\nvoice = "Joe\nspeech_rate_wpm = 190\n')
    monkeypatch.setattr(
        appmod,
        "make_transcriber",
        lambda settings: FakeTranscriber(words_from([("Hello.", 0.1, 0.5)])),
    )
    monkeypatch.setattr(
        appmod, "check_microphone", lambda: "No microphone found. (PortAudio is not installed)"
    )
    seen: dict = {}

    def inspect() -> None:
        window = next(
            (
                w
                for w in QApplication.topLevelWidgets()
                if type(w).__name__ == "MainWindow" and w.isVisible()
            ),
            None,
        )
        ready = (
            window is not None
            and window.transcription.is_ready
            and window.banners.text("microphone")
        )
        if not ready:
            QTimer.singleShot(20, inspect)
            return
        seen["banks"] = [b.id for b in window.ctx.banks]
        seen["questions"] = len(window.practice.order)
        seen["microphone"] = window.banners.text("microphone")
        seen["welcome"] = window.banners.text("welcome")
        seen["model"] = window.model_label.text()
        seen["settings"] = window.banners.text("settings")
        seen["rate"] = window.ctx.settings.speech_rate_wpm
        window.close()

    QTimer.singleShot(0, inspect)
    assert appmod.run_app([]) == 0
    assert "ai-cto" in seen["banks"] and seen["questions"] >= 30
    assert "PortAudio" in seen["microphone"]
    assert "Nothing leaves the machine" in seen["welcome"]
    assert seen["model"] == "Speech model: fake.en on cpu"
    assert "line 2" in seen["settings"] and "settings.unusable-" in seen["settings"]
    assert seen["rate"] == 190


@pytest.mark.slow
def test_importing_the_app_is_light():
    code = (
        "import sys, mockview.app, mockview.cli; "
        "print(sorted(m for m in ('PySide6', 'faster_whisper', 'ctranslate2', "
        "'sounddevice', 'pyttsx3') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
