"""The Speaker contract, for FakeSpeaker and for Pyttsx3Speaker on eSpeak NG."""

from __future__ import annotations

import pytest

from mockview.engines import piper_tts
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


@pytest.mark.slow
@pytest.mark.skipif(
    not piper_tts.available(),
    reason="the optional natural voice (mockview[natural-voice]) is not installed",
)
class TestNaturalVoiceSpeaker(SpeakerContract):
    """The Piper voice (listed first: the contract's `voice` picks it), eSpeak NG behind it."""

    @pytest.fixture
    def speaker(self, tmp_path):
        speaker = piper_tts.NaturalVoiceSpeaker(tmp_path, Pyttsx3Speaker(tmp_path / "espeak"))
        assert speaker.voices()[0].id == piper_tts.VOICE_ID
        yield speaker
        speaker.close()


def test_other_voices_are_handed_to_espeak(tmp_path):
    fallback = FakeSpeaker(tmp_path)
    speaker = piper_tts.NaturalVoiceSpeaker(tmp_path, fallback)
    path = speaker.synthesize("Tell me about yourself.", "en-gb", 150)
    assert fallback.calls == [("Tell me about yourself.", "en-gb", 150)] and path.is_file()
    assert [v.id for v in speaker.voices()] == [piper_tts.VOICE_ID, "en-us", "en-gb"]
