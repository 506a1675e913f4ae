"""The Transcriber contract, for FakeTranscriber and for WhisperTranscriber (bundled tiny.en)."""

from __future__ import annotations

import pytest

from mockview.engines.audio_files import TARGET_RATE
from mockview.engines.transcriber import WhisperTranscriber
from tests.contract.base import TranscriberContract
from tests.ui.fakes import FakeTranscriber, words_from


class TestFakeTranscriber(TranscriberContract):
    @pytest.fixture
    def transcriber(self, speech):
        # Scripted words spread over the sentence, as a recogniser would time them.
        length_s = len(speech) / TARGET_RATE
        texts = ["We", "cached", "the", "embeddings", "in", "Redis."]
        step = (length_s - 0.2) / len(texts)
        spec = [(t, 0.1 + i * step, 0.1 + (i + 0.8) * step) for i, t in enumerate(texts)]
        return FakeTranscriber(words_from(spec))

    @pytest.fixture
    def loaded(self, transcriber):
        transcriber.load()
        return transcriber


@pytest.mark.slow
class TestWhisperTranscriber(TranscriberContract):
    @pytest.fixture
    def transcriber(self):
        return WhisperTranscriber()

    @pytest.fixture(scope="class")
    @classmethod
    def loaded(cls):
        transcriber = WhisperTranscriber()
        transcriber.load()
        return transcriber
