"""Every question and model answer of the shipped bank read aloud through the real eSpeak NG,
piece by piece as the app reads them, with both cores busy; a sample transcribed back."""

from __future__ import annotations

import difflib
import multiprocessing

import numpy as np
import pytest
import soundfile as sf

from mockview.core.bank.discovery import find_banks
from mockview.engines.audio_files import load_audio_16k
from mockview.engines.tts import Pyttsx3Speaker
from mockview.session.reading_plan import plan_reading
from tests.support.real_speech import words_of

pytestmark = pytest.mark.slow


def _spin(stop) -> None:
    while not stop.is_set():
        pass


@pytest.fixture(scope="module")
def busy_cores():
    stop = multiprocessing.Event()
    spinners = [multiprocessing.Process(target=_spin, args=(stop,), daemon=True) for _ in range(2)]
    for p in spinners:
        p.start()
    yield
    stop.set()
    for p in spinners:
        p.join(5)


@pytest.fixture(scope="module")
def bank():
    return next(b for b in find_banks().banks if b.id == "ai-cto")


@pytest.mark.parametrize("part", ["question", "model_answer"])
def test_the_whole_bank_is_read_aloud_with_both_cores_busy(
    bank, busy_cores, tmp_path_factory, part
):
    speaker = Pyttsx3Speaker(tmp_path_factory.mktemp("tts"))
    silent = []
    try:
        for question in bank.questions:
            text = question.text if part == "question" else question.model_answer
            pieces = plan_reading(text).pieces
            futures = [speaker.prefetch(p.text, "", 150) for p in pieces]
            for piece, future in zip(pieces, futures, strict=True):
                audio, _ = sf.read(str(future.result(timeout=120)), dtype="float32")
                if not len(audio) or float(np.abs(audio).max()) < 0.01:
                    silent.append((question.id, piece.text))
    finally:
        speaker.close()
    assert silent == []
    assert len(bank.questions) == 30


def test_the_words_come_back(bank, tmp_path):
    from mockview.engines.transcriber import WhisperTranscriber

    engine = WhisperTranscriber(device="cpu")
    speaker = Pyttsx3Speaker(tmp_path)
    try:
        for question in bank.questions[::10]:
            piece = plan_reading(question.model_answer).pieces[1]
            heard = words_of(engine.transcribe(load_audio_16k(speaker.synthesize(piece.text))).text)
            said = words_of(piece.text)
            same = difflib.SequenceMatcher(a=said, b=heard, autojunk=False).ratio()
            assert same >= 0.7, (piece.text, heard)
    finally:
        speaker.close()
