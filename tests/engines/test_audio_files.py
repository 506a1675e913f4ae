"""Audio loading and resampling: block-wise equals whole, any rate to 16 kHz, clear errors."""

from __future__ import annotations

import os
import re
import struct
import tracemalloc
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from mockview.engines.audio_files import (
    AudioFileError,
    StreamResampler,
    check_audio_file,
    load_audio_16k,
    resample,
)
from mockview.engines.long_audio import file_duration_s


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


# -- header checks: every file is checked before its samples are read -----------------------


def wav_bytes(
    rate=16000, channels=1, bits=16, tag=1, data=b"\0\0" * 800, data_size=None, riff_size=None,
    align=None,
):  # fmt: skip
    """A WAV whose header fields can each be set to anything (sizes default to the right ones)."""
    align = channels * ((bits + 7) // 8) if align is None else align
    fmt = struct.pack("<HHIIHH", tag, channels, rate, (rate * align) & 0xFFFFFFFF, align, bits)
    size = len(data) if data_size is None else data_size
    body = b"WAVEfmt " + struct.pack("<I", 16) + fmt + b"data" + struct.pack("<I", size) + data
    riff = len(body) if riff_size is None else riff_size
    return b"RIFF" + struct.pack("<I", riff) + body


@pytest.mark.parametrize(
    "fields, reason",
    [
        ({"rate": 1}, "speech needs at least 8 kHz; the header says 1 Hz"),
        ({"rate": 4_000_000_000}, "up to 192 kHz; the header says 4,000,000,000 Hz"),
        ({"channels": 200, "data": b"\0" * 4000}, "1 to 8 channels; the header says 200"),
        (
            {"data_size": 115_200_000},
            "says 1:00:00 of audio (115.2 MB), but the file holds 1,600 bytes",
        ),
        ({"data_size": 1, "data": b"\1\0" * 50_000}, "holds no audio, yet the file is 100 KB"),
    ],
)
def test_a_header_that_lies_is_refused_with_the_reason(tmp_path, fields, reason):
    """Before: a 1 Hz header was resampled to 16 kHz (22.7 GB when the tester tried it)."""
    path = tmp_path / "odd.wav"
    path.write_bytes(wav_bytes(**fields))
    for read in (load_audio_16k, check_audio_file, file_duration_s):
        with pytest.raises(AudioFileError) as caught:
            read(path)
        assert reason in str(caught.value) and "odd.wav" in str(caught.value)


def test_a_sane_header_passes_and_says_what_will_be_read(tmp_path):
    path = tmp_path / "ok.wav"
    path.write_bytes(wav_bytes(rate=8000, channels=2, data=b"\0\0" * 2 * 8000))
    header = check_audio_file(path)
    assert (header.rate, header.channels, header.frames, header.unsized) == (8000, 2, 8000, False)
    assert header.duration_s == 1.0 and header.exact
    assert len(load_audio_16k(path)) == 16000


def _special_files(tmp_path):
    fifo = tmp_path / "fifo.wav"
    os.mkfifo(fifo)
    loop = tmp_path / "loop.wav"
    loop.symlink_to(loop)
    return [
        (fifo, "named pipe (FIFO)"),
        (loop, "symbolic link that loops"),
        (tmp_path, "is a folder"),
        (Path("/dev/null"), "is a device"),
    ]


class _OsWith:
    """The os module as audio_header sees it, with some functions replaced (only there)."""

    def __init__(self, **replaced):
        self.__dict__.update(replaced)

    def __getattr__(self, name):
        return getattr(os, name)


def test_anything_but_a_regular_file_is_refused_before_it_is_opened(tmp_path, monkeypatch):
    """A FIFO would block its reader forever and a device may act on being opened: the kind is
    checked first, and nothing of the file is opened (os.open is never reached)."""
    import mockview.engines.audio_header as audio_header

    opened = []
    monkeypatch.setattr(audio_header, "os", _OsWith(open=lambda *a, **k: opened.append(a) or -1))
    for path, reason in _special_files(tmp_path):
        for read in (load_audio_16k, check_audio_file):
            with pytest.raises(AudioFileError, match=re.escape(reason)):
                read(path)
    assert opened == []


def test_a_file_swapped_for_a_fifo_after_the_check_is_still_refused(tmp_path, monkeypatch):
    """Checked again on the descriptor (opened without blocking), in case the path changed."""
    import mockview.engines.audio_header as audio_header

    fifo = tmp_path / "fifo.wav"
    os.mkfifo(fifo)
    real = tmp_path / "real.wav"
    real.write_bytes(wav_bytes())
    monkeypatch.setattr(audio_header, "os", _OsWith(stat=lambda p: os.stat(real)))
    with pytest.raises(AudioFileError, match="named pipe"):
        load_audio_16k(fifo)


def test_a_long_path_is_shortened_in_the_message(tmp_path):
    deep = tmp_path / ("x" * 120)
    deep.mkdir()
    path = deep / "answer.wav"
    path.write_bytes(wav_bytes(rate=1))
    with pytest.raises(AudioFileError) as caught:
        load_audio_16k(path)
    assert "answer.wav" in str(caught.value) and "x" * 60 not in str(caught.value)


def test_loading_holds_the_signal_once(tmp_path):
    """Blocks go into one array sized from the header: joining a list of blocks at the end
    peaked at twice the signal."""
    path = tmp_path / "a.wav"
    sf.write(path, np.zeros(16000 * 120, np.float32), 16000, subtype="PCM_16")
    tracemalloc.start()
    try:
        audio = load_audio_16k(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(audio) == 16000 * 120
    assert peak < 1.3 * audio.nbytes, f"{peak / 1e6:.1f} MB for {audio.nbytes / 1e6:.1f} MB"
