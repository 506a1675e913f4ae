"""Transcriber: device choice and CUDA fallback (no GPU needed), prompts, and the real tiny.en."""

from __future__ import annotations

import numpy as np
import pytest

from mockview.engines.base import ModelError
from mockview.engines.transcriber import (
    FILLER_PROMPT,
    WhisperTranscriber,
    build_prompt,
    choose_device,
    thread_count,
)
from tests.support.speech import espeak_wav, load_16k


def test_auto_without_cuda_is_cpu_int8():
    assert choose_device("auto", lambda: 0) == choose_device("cpu", lambda: 5)
    choice = choose_device("auto", lambda: 0)
    assert (choice.device, choice.compute_type, choice.reason) == ("cpu", "int8", "")


def test_auto_with_cuda_is_float16():
    choice = choose_device("auto", lambda: 1)
    assert (choice.device, choice.compute_type) == ("cuda", "float16")


def test_cuda_requested_but_absent_or_broken_falls_back_with_reason():
    assert "no CUDA device" in choose_device("cuda", lambda: 0).reason

    def broken():
        raise RuntimeError("libcudart.so not found")

    choice = choose_device("cuda", broken)
    assert choice.device == "cpu" and "libcudart" in choice.reason


def test_thread_count_is_capped_by_cores():
    assert thread_count(0, 4) == 4
    assert thread_count(16, 4) == 4
    assert thread_count(2, 4) == 2
    assert thread_count(0, None) == 1


def test_prompt_modes():
    assert build_prompt("none", ["FAISS"]) == (None, None)
    assert build_prompt("short_terms", ["FAISS", "pgvector"]) == (
        FILLER_PROMPT + " FAISS, pgvector.",
        None,
    )
    assert build_prompt("short_terms", []) == (FILLER_PROMPT, None)
    assert build_prompt("hotwords", ["FAISS"]) == (FILLER_PROMPT, "FAISS")


class _FakeModel:
    created: list[tuple[str, str]] = []

    def __init__(self, source, device, compute_type, cpu_threads, local_files_only):
        _FakeModel.created.append((device, compute_type))
        if device == "cuda":
            raise RuntimeError("CUDA driver version is insufficient")


def test_cuda_failing_to_initialise_falls_back_to_cpu(monkeypatch):
    import ctranslate2
    import faster_whisper

    monkeypatch.setattr(ctranslate2, "get_cuda_device_count", lambda: 1)
    monkeypatch.setattr(faster_whisper, "WhisperModel", _FakeModel)
    _FakeModel.created = []
    transcriber = WhisperTranscriber(device="auto")
    transcriber.load()
    assert _FakeModel.created == [("cuda", "float16"), ("cpu", "int8")]
    assert transcriber.device == "cpu"
    assert "CUDA failed to initialise" in transcriber.fallback_reason
    assert "insufficient" in transcriber.fallback_reason


def test_missing_named_model_without_download_is_a_model_error():
    transcriber = WhisperTranscriber(model="no-such-model.en")
    with pytest.raises(ModelError, match="no-such-model.en is not on this computer"):
        transcriber.load()


def test_folder_without_model_is_a_model_error(tmp_path):
    with pytest.raises(ModelError, match="not a CTranslate2"):
        WhisperTranscriber(model=str(tmp_path)).load()


@pytest.fixture(scope="module")
def tiny():
    transcriber = WhisperTranscriber()
    transcriber.load()
    return transcriber


@pytest.mark.slow
def test_words_and_fillers_come_back(tiny, tmp_path):
    wav = espeak_wav(
        "Um, so I think, uh, the main risk is data drift in production.", tmp_path / "a.wav"
    )
    result = tiny.transcribe(wav, terms=["data drift"])
    words = [w.text.strip(",.").lower() for w in result.words]
    assert {"think", "risk", "drift", "production"} <= set(words)
    assert {"um", "uh"} & set(words)
    assert result.model_name == "tiny.en" and result.device == "cpu"
    assert result.extra["prompt"].startswith(FILLER_PROMPT)
    assert result.duration_s == pytest.approx(len(load_16k(wav)) / 16000, abs=0.01)
    times = [(w.start_s, w.end_s) for w in result.words]
    assert all(a <= b for a, b in times) and times == sorted(times)


@pytest.mark.slow
def test_offset_is_added_to_every_time(tiny, tmp_path):
    audio = load_16k(espeak_wav("We cached the embeddings.", tmp_path / "a.wav"))
    plain = tiny.transcribe(audio)
    shifted = tiny.transcribe(audio, offset_s=100.0)
    assert [w.start_s + 100.0 for w in plain.words] == pytest.approx(
        [w.start_s for w in shifted.words], abs=0.01
    )


@pytest.mark.slow
@pytest.mark.parametrize("noise_rms", [0.0, 0.002, 0.03])
def test_silence_and_noise_give_no_text(tiny, noise_rms):
    audio = np.random.default_rng(1).normal(0, noise_rms, 16000 * 6).astype(np.float32)
    result = tiny.transcribe(audio)
    assert result.text == "" and result.segments == ()
    assert result.duration_s == pytest.approx(6.0)
