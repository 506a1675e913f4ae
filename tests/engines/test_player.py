"""Player through the virtual speaker: position, pause, seek, end; and TTS heard back from it."""

from __future__ import annotations

import threading

import numpy as np
import pytest
import soundfile as sf

from mockview.engines.base import AudioOutputError
from mockview.engines.player import SoundDevicePlayer
from tests.engines.fakes import FakeSoundDevice

pytestmark = [pytest.mark.slow, pytest.mark.audio]


def _sounddevice():
    import sounddevice as sd

    # PortAudio lists devices when it initialises: after the virtual server started.
    sd._terminate()
    sd._initialize()
    return sd


def _wait_for(condition, timeout=10.0):
    event = threading.Event()
    for _ in range(int(timeout / 0.02)):
        if condition():
            return True
        event.wait(0.02)  # polling a property the audio thread updates; no signal exists
    return condition()


@pytest.fixture
def tone(tmp_path):
    path = tmp_path / "tone.wav"
    t = np.arange(44100 * 4) / 44100
    sf.write(path, 0.3 * np.sin(2 * np.pi * 330 * t), 44100)
    return path


def test_play_pause_seek_resume_to_the_end(virtual_audio, tone):
    _sounddevice()
    player = SoundDevicePlayer()
    finished = threading.Event()
    player.on_finished = finished.set
    player.play(tone)
    assert player.state == "playing" and player.duration_s == pytest.approx(4.0)
    assert _wait_for(lambda: player.position_s > 0.3)
    player.pause()
    assert player.state == "paused"
    held = player.position_s
    assert not finished.wait(0.3)
    assert player.position_s == pytest.approx(held, abs=0.05)
    player.seek(3.5)
    assert player.position_s == pytest.approx(3.5, abs=0.01)
    player.resume()
    assert finished.wait(5)
    assert player.state == "stopped"
    assert player.position_s == pytest.approx(4.0, abs=0.01)


def test_seek_while_playing_and_stop(virtual_audio, tone):
    _sounddevice()
    player = SoundDevicePlayer()
    player.play(tone, start_s=1.0)
    assert _wait_for(lambda: player.position_s > 1.1)
    player.seek(0.2)
    assert player.position_s < 1.0
    player.stop()
    assert player.state == "stopped"


def test_no_output_device_is_a_clear_error(tone):
    player = SoundDevicePlayer(sd=FakeSoundDevice(has_input=False))
    with pytest.raises(AudioOutputError, match="No speaker"):
        player.play(tone)
    assert player.state == "stopped"


def test_question_spoken_through_the_speaker_is_heard(virtual_audio, tmp_path):
    from mockview.engines.transcriber import WhisperTranscriber
    from mockview.engines.tts import Pyttsx3Speaker

    _sounddevice()
    question = "Tell me about a project that failed, and what you learned from it."
    wav = Pyttsx3Speaker(tmp_path).synthesize(question, rate_wpm=150)
    heard = tmp_path / "heard.wav"
    recording = virtual_audio.record_speakers(heard)
    try:
        player = SoundDevicePlayer()
        finished = threading.Event()
        player.on_finished = finished.set
        player.play(wav)
        assert finished.wait(20)
    finally:
        recording.terminate()
        recording.wait(10)
    heard_words = _words(WhisperTranscriber().transcribe(heard).text)
    expected = _words(question)
    assert {"project", "failed", "learned"} <= set(heard_words)
    assert len(set(expected) & set(heard_words)) >= len(set(expected)) - 2


def _words(text):
    return "".join(c if c.isalnum() or c == " " else " " for c in text.lower()).split()
