"""The window on the real engines: question spoken to the virtual speaker, answer recorded from
the virtual microphone, transcribed live by the real model, replayed."""

from __future__ import annotations

import re
import sys

import numpy as np
import pytest
import soundfile as sf
from PySide6.QtCore import Qt

from tests.support.speech import espeak_wav

pytestmark = [pytest.mark.slow, pytest.mark.audio]

ANSWER = (
    "The board sets growth goals, and I turn those goals into an AI roadmap. "
    "Then I look after the reference architecture and the feature store. "
    "Every quarter I report what the models earned to the board."  # long enough to judge
)


def test_practice_loop_on_real_engines(qtbot, virtual_audio, tmp_path):
    if "sounddevice" in sys.modules:  # PortAudio must list the virtual devices
        sd = sys.modules["sounddevice"]
        sd._terminate()
        sd._initialize()
    from mockview import app as appmod
    from mockview.app import assemble_window
    from mockview.core.settings import Settings
    from mockview.ui.workers.transcription_worker import TranscriptionService

    settings = Settings(welcome_shown=True, read_question_aloud=False, speech_rate_wpm=220)
    ctx = appmod.build_context(settings)
    assert ctx.engine_errors == {}
    service = TranscriptionService()
    window = assemble_window(ctx, service)
    qtbot.addWidget(window)
    window.show()
    try:
        with qtbot.waitSignal(service.loaded, timeout=60000):
            service.load(appmod.make_transcriber(settings))
        window.practice.select("q01-responsibilities", speak=False)

        # The question is really spoken: the virtual speaker hears it.
        heard = tmp_path / "heard.wav"
        capture = virtual_audio.record_speakers(heard)
        with qtbot.waitSignal(window.playback.speech_started, timeout=60000):
            qtbot.mouseClick(window.practice_view.hear_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: ctx.player.state == "stopped", timeout=30000)
        capture.terminate()
        capture.wait()
        audio, _ = sf.read(str(heard), dtype="float32")
        assert np.abs(audio).max() > 0.05

        # The answer is played into the microphone and recorded by the app.
        answer = espeak_wav(ANSWER, tmp_path / "answer.wav")
        qtbot.mouseClick(window.practice_view.record_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: window.practice.state.value == "recording", timeout=10000)
        virtual_audio.play_into_mic(answer).wait(timeout=60)
        qtbot.waitUntil(lambda: window.practice_view.live.toPlainText() != "", timeout=30000)
        with qtbot.waitSignal(window.practice.results_shown, timeout=60000):
            qtbot.mouseClick(window.practice_view.record_button, Qt.MouseButton.LeftButton)
        attempt = window.practice.attempt
        assert attempt.state == "done"
        text = attempt.transcript.text.lower()
        assert "roadmap" in text and "architecture" in text
        assert window.results_view.model_answer.covered_count >= 1

        # Clicking a word replays the recording from there.
        window.results_view.transcript.anchorClicked.emit(_url("w:3"))
        qtbot.waitUntil(lambda: ctx.player.state == "playing", timeout=5000)
        assert ctx.player.position_s >= attempt.transcript.words[3].start_s - 0.1

        # The model answer is read aloud: heard on the speaker, its words lit one after another.
        model = window.results_view.model_answer
        heard = tmp_path / "model.wav"
        capture = virtual_audio.record_speakers(heard)
        with qtbot.waitSignal(window.playback.speech_started, timeout=30000):
            qtbot.mouseClick(window.results_view.hear_model_button, Qt.MouseButton.LeftButton)
        lit: list[tuple[int, int]] = []

        def lit_moved_on() -> bool:
            if model.spoken_word is not None and (not lit or lit[-1] != model.spoken_word):
                lit.append(model.spoken_word)
            return len(lit) >= 8

        qtbot.waitUntil(lit_moved_on, timeout=20000)
        qtbot.mouseClick(window.results_view.hear_model_button, Qt.MouseButton.LeftButton)
        assert ctx.player.state == "stopped" and model.spoken_word is None
        capture.terminate()
        capture.wait()
        audio, _ = sf.read(str(heard), dtype="float32")
        assert np.abs(audio).max() > 0.05
        answer_text = window.practice.question.model_answer
        words = {m.start(): m.group() for m in re.finditer(r"\S+", answer_text)}
        assert [a for a, _ in lit] == sorted({a for a, _ in lit})  # forward, word by word
        assert all(words.get(a) == answer_text[a:b] for a, b in lit)
    finally:
        window.close()
        ctx.history.close()


def _url(text: str):
    from PySide6.QtCore import QUrl

    return QUrl(text)
