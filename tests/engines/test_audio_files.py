"""Audio loading and resampling: block-wise equals whole, any rate to 16 kHz, clear errors."""

from __future__ import annotations

import numpy as np
import pytest
import soundfile as sf

from mockview.engines.audio_files import (
    AudioFileError,
    StreamResampler,
    load_audio_16k,
    resample,
)


@pytest.mark.parametrize("rate", [8000, 16000, 22050, 44100, 48000])
def test_streamed_resampling_matches_one_pass(rate):
    signal = np.sin(np.linspace(0, 300, rate * 3)).astype(np.float32)
    whole = resample(signal, rate)
    stream = StreamResampler(rate)
    sizes = np.random.default_rng(0).integers(1, 3000, 400)
    parts, pos = [], 0
    for size in sizes:
        parts.append(stream.process(signal[pos : pos + size]))
        pos += size
        if pos >= len(signal):
            break
    streamed = np.concatenate(parts)
    n = min(len(whole), len(streamed))
    assert abs(len(whole) - len(streamed)) <= 1
    assert abs(n - 3 * 16000) <= 2
    np.testing.assert_allclose(streamed[:n], whole[:n], atol=1e-5)


def test_tone_keeps_its_pitch():
    rate = 44100
    t = np.arange(rate * 2) / rate
    out = resample(np.sin(2 * np.pi * 440 * t).astype(np.float32), rate)
    spectrum = np.abs(np.fft.rfft(out))
    peak_hz = np.argmax(spectrum) * 16000 / len(out)
    assert abs(peak_hz - 440) < 2


def test_load_stereo_flac(tmp_path):
    path = tmp_path / "a.flac"
    stereo = np.stack([np.full(48000, 0.5), np.full(48000, 0.1)], axis=1)
    sf.write(path, stereo, 48000)
    audio = load_audio_16k(path)
    assert audio.dtype == np.float32 and abs(len(audio) - 16000) <= 2
    assert audio[100:-100] == pytest.approx(0.3, abs=1e-3)


def test_missing_and_bad_files(tmp_path):
    with pytest.raises(AudioFileError, match="not found"):
        load_audio_16k(tmp_path / "none.wav")
    bad = tmp_path / "bad.wav"
    bad.write_text("hello")
    with pytest.raises(AudioFileError, match="bad.wav"):
        load_audio_16k(bad)
