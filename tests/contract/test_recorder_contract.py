"""The Recorder contract, for FakeRecorder and for SoundDeviceRecorder on the virtual mic."""

from __future__ import annotations

import pytest

from mockview.engines.recorder import SoundDeviceRecorder
from tests.contract.base import SENTENCE, RecorderContract
from tests.support.speech import espeak_wav
from tests.ui.fakes import FakeRecorder


class TestFakeRecorder(RecorderContract):
    @pytest.fixture
    def recorder(self):
        return FakeRecorder(seconds_recorded=3.0)

    @pytest.fixture
    def speak(self, recorder):
        return lambda: recorder.advance(2.0)

    @pytest.fixture
    def recorder_without_device(self):
        return FakeRecorder(fail=True)


@pytest.mark.slow
@pytest.mark.audio
class TestSoundDeviceRecorder(RecorderContract):
    @pytest.fixture
    def recorder(self, sound_system):
        recorder = SoundDeviceRecorder()
        yield recorder
        if recorder.is_recording:
            recorder.stop()

    @pytest.fixture
    def speak(self, virtual_audio, tmp_path):
        clip = espeak_wav(SENTENCE, tmp_path / "said.wav")

        def speak():
            virtual_audio.play_into_mic(clip).wait(30)

        return speak

    @pytest.fixture
    def recorder_without_device(self, sound_system):
        return SoundDeviceRecorder(device="No such microphone")
