"""Audio cut off by a crash: WAV headers rebuilt, FLAC streams trimmed to what decodes."""

import os
import struct
import tracemalloc

import numpy as np
import pytest
import soundfile as sf

from mockview.engines.audio_files import AudioFileError
from mockview.engines.audio_repair import repair_audio, repair_wav
from tests.engines.test_audio_files import wav_bytes


def write_tone(path, seconds=1.0, rate=16000, fmt="WAV"):
    t = np.arange(int(seconds * rate)) / rate
    tone = (0.3 * np.sin(2 * np.pi * 440 * t)).astype("float32")
    sf.write(str(path), tone, rate, format=fmt, subtype="PCM_16")
    return path


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
    with pytest.raises(AudioFileError, match="holds no sound"):
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
    with pytest.raises(AudioFileError, match="does not exist"):
        repair_audio(tmp_path / "nope.wav")
    (tmp_path / "empty.wav").write_bytes(b"")
    with pytest.raises(AudioFileError, match="is empty"):
        repair_audio(tmp_path / "empty.wav")


def test_not_audio(tmp_path):
    wav = tmp_path / "a.wav"
    wav.write_bytes(b"RIFF\x00\x00\x00\x00WAVE")  # a header and nothing after it
    with pytest.raises(AudioFileError, match="no audio data chunk"):
        repair_audio(wav)
    other = tmp_path / "b.flac"
    other.write_bytes(b"\x00garbage" * 100)
    with pytest.raises(AudioFileError, match="cannot be read"):
        repair_audio(other)


@pytest.mark.parametrize(
    "fields, reason",
    [
        ({"rate": 1}, "speech needs at least 8 kHz"),
        ({"channels": 200}, "1 to 8 channels"),
        ({"align": 4096}, "4096-byte frames"),
        ({"tag": 0x11}, "format 17"),
    ],
)
def test_a_header_that_lies_is_left_as_it_is(tmp_path, fields, reason):
    """Before: the sizes were rebuilt from whatever frame size the header gave, so a lying one
    cut the audio off the end (4096-byte frames: all of it), and a 1 Hz file was "repaired"."""
    wav = tmp_path / "a.wav"
    wav.write_bytes(wav_bytes(data=b"\1\0" * 3000, data_size=0, riff_size=0, **fields))
    before = wav.read_bytes()
    with pytest.raises(AudioFileError, match=reason):
        repair_audio(wav)
    assert wav.read_bytes() == before


def test_a_fifo_or_link_loop_in_place_of_the_recording_is_refused(tmp_path):
    fifo = tmp_path / "attempt.wav"
    os.mkfifo(fifo)
    with pytest.raises(AudioFileError, match=r"attempt.wav cannot be used: it is a named pipe"):
        repair_audio(fifo)
    loop = tmp_path / "loop.wav"
    loop.symlink_to(loop)
    with pytest.raises(AudioFileError, match="symbolic link that loops"):
        repair_audio(loop)


def test_a_long_truncated_flac_is_rewritten_block_by_block(tmp_path):
    """The frames that decode are copied in blocks, never read whole into memory."""
    flac = write_tone(tmp_path / "a.flac", seconds=120.0, fmt="FLAC")
    data = flac.read_bytes()
    flac.write_bytes(data[: len(data) // 2])
    tracemalloc.start()
    try:
        duration_s = repair_audio(flac)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert 50 < duration_s < 70
    assert peak < 1e6, f"{peak / 1e6:.1f} MB"  # the minute kept, as float32, is 3.8 MB
