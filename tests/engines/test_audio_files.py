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
    parts.append(stream.flush())
    streamed = np.concatenate(parts)
    n = min(len(whole), len(streamed))
    assert abs(len(whole) - len(streamed)) <= 1
    assert abs(n - 3 * 16000) <= 2
    np.testing.assert_allclose(streamed[:n], whole[:n], atol=1e-5)


def test_blocks_hold_back_only_a_short_tail_and_flush_starts_over():
    signal = np.sin(np.linspace(0, 3000, 48000)).astype(np.float32)
    stream = StreamResampler(48000)
    assert stream.rate == 48000
    first = np.concatenate([stream.process(signal[i : i + 1024]) for i in range(0, 48000, 1024)])
    tail = stream.flush()
    assert len(first) + len(tail) == 16000
    assert len(tail) < 0.05 * 16000  # under 50 ms of latency
    again = np.concatenate([stream.process(signal), stream.flush()])
    np.testing.assert_allclose(again, np.concatenate([first, tail]), atol=1e-6)
    assert StreamResampler(16000).flush().size == 0


def _level_db(freq: float, rate: int = 48000) -> float:
    t = np.arange(rate) / rate
    out = resample(np.sin(2 * np.pi * freq * t).astype(np.float32), rate)[1600:-1600]
    return float(20 * np.log10(np.sqrt(np.mean(out.astype(np.float64) ** 2)) * np.sqrt(2)))


def test_speech_band_passes_and_nothing_above_8k_folds_back():
    for freq in (100, 1000, 4000, 7000, 7500):
        assert abs(_level_db(freq)) < 0.5, freq
    for freq in (8200, 9000, 12000, 20000):
        assert _level_db(freq) < -80, freq


def test_empty_and_same_rate():
    assert resample(np.zeros(0, np.float32), 48000).size == 0
    same = np.arange(5, dtype=np.float32)
    np.testing.assert_array_equal(resample(same, 16000), same)
    np.testing.assert_array_equal(StreamResampler(16000).process(same), same)
    np.testing.assert_array_equal(StreamResampler(16000).process(same), same)


def test_tone_keeps_its_pitch():
    rate = 44100
    t = np.arange(rate * 2) / rate
    out = resample(np.sin(2 * np.pi * 440 * t).astype(np.float32), rate)
    spectrum = np.abs(np.fft.rfft(out))
    peak_hz = np.argmax(spectrum) * 16000 / len(out)
    assert abs(peak_hz - 440) < 2


def test_load_equals_one_pass_resampling(tmp_path):
    path = tmp_path / "long.wav"
    rng = np.random.default_rng(3)
    audio = (0.1 * rng.standard_normal(48000 * 25)).astype(np.float32)  # over two 10 s blocks
    sf.write(path, audio, 48000, subtype="FLOAT")
    loaded = load_audio_16k(path)
    assert len(loaded) == 16000 * 25
    np.testing.assert_allclose(loaded, resample(audio, 48000), atol=1e-5)


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


def test_a_wav_cut_off_by_a_crash_is_read_whole(tmp_path):
    """Header sizes of 0 (never closed): the samples in the file are still read."""
    path = tmp_path / "cut.wav"
    t = np.arange(48000 * 2) / 48000
    sf.write(str(path), (0.3 * np.sin(2 * np.pi * 440 * t)).astype(np.float32), 48000)
    data = bytearray(path.read_bytes())
    data[4:8] = b"\0\0\0\0"
    at = data.index(b"data")
    data[at + 4 : at + 8] = b"\0\0\0\0"
    path.write_bytes(bytes(data))
    audio = load_audio_16k(path)
    assert abs(len(audio) - 32000) <= 32
    assert 0.25 < float(np.abs(audio).max()) < 0.35
    assert path.read_bytes() == bytes(data)  # left as it was
