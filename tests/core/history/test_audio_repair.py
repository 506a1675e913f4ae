"""Audio cut off by a crash: WAV headers rebuilt, FLAC streams trimmed to what decodes."""

import struct

import numpy as np
import pytest
import soundfile as sf

from mockview.core.history import HistoryError
from mockview.core.history.audio_repair import repair_audio, repair_wav
from tests.core.history.helpers import write_tone


def _zero_sizes(path):
    """What a killed writer leaves: the header's sizes as they were when the file was opened."""
    data = bytearray(path.read_bytes())
    data[4:8] = struct.pack("<I", 0)
    pos = data.index(b"data")
    data[pos + 4 : pos + 8] = struct.pack("<I", 0)
    path.write_bytes(bytes(data))


def test_wav_with_zero_sizes_is_repaired(tmp_path):
    wav = write_tone(tmp_path / "a.wav", seconds=2.0)
    expected, _ = sf.read(str(wav), dtype="int16")
    _zero_sizes(wav)
    assert repair_wav(wav) is True
    audio, rate = sf.read(str(wav), dtype="int16")
    assert rate == 16000 and np.array_equal(audio, expected)
    assert repair_wav(wav) is False  # already right


def test_wav_cut_mid_sample_keeps_whole_frames(tmp_path):
    wav = write_tone(tmp_path / "a.wav", seconds=1.0)
    _zero_sizes(wav)
    with open(wav, "ab") as f:
        f.write(b"\x01")  # half a 16-bit sample
    assert repair_audio(wav) == pytest.approx(1.0)


def test_wav_with_only_a_header_has_no_audio(tmp_path):
    wav = write_tone(tmp_path / "a.wav", seconds=1.0)
    wav.write_bytes(wav.read_bytes()[:44])
    _zero_sizes(wav)
    with pytest.raises(HistoryError, match="holds no sound"):
        repair_audio(wav)


def test_truncated_flac_is_trimmed_to_what_decodes(tmp_path):
    flac = write_tone(tmp_path / "a.flac", seconds=3.0, fmt="FLAC")
    data = flac.read_bytes()
    flac.write_bytes(data[: len(data) * 2 // 3])
    duration_s = repair_audio(flac)
    assert 1.0 < duration_s < 3.0
    audio, _ = sf.read(str(flac), dtype="float32")  # reads to the end without an error
    assert len(audio) / 16000 == pytest.approx(duration_s)


def test_missing_and_empty_files(tmp_path):
    with pytest.raises(HistoryError, match="does not exist"):
        repair_audio(tmp_path / "nope.wav")
    (tmp_path / "empty.wav").write_bytes(b"")
    with pytest.raises(HistoryError, match="is empty"):
        repair_audio(tmp_path / "empty.wav")
