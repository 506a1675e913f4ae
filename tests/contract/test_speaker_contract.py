"""The Speaker contract, for FakeSpeaker and for Pyttsx3Speaker on eSpeak NG."""

from __future__ import annotations

import pytest

from mockview.engines.tts import Pyttsx3Speaker
from tests.contract.base import SpeakerContract
from tests.ui.fakes import FakeSpeaker


class TestFakeSpeaker(SpeakerContract):
    @pytest.fixture
    def speaker(self, tmp_path):
        return FakeSpeaker(tmp_path)


@pytest.mark.slow
class TestPyttsx3Speaker(SpeakerContract):
    @pytest.fixture
    def speaker(self, tmp_path):
        speaker = Pyttsx3Speaker(tmp_path / "cache")
        yield speaker
        speaker.close()
