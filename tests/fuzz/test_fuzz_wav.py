"""Any WAV header (rates, channels, bits, format tags, chunk sizes, cuts, stray bytes) gives audio
or an AudioFileError with a bounded message, quickly and without a memory blow-up.

A 1 Hz header once made `mockview transcribe` resample to 22.7 GB; every entry point that reads a
file is run on each mutated header: the check, the duration, the whole load and the crash repair
(on a copy: it rewrites the file).
"""

from __future__ import annotations

import shutil
import struct
from functools import partial

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from mockview.engines.audio_files import AudioFileError, check_audio_file, load_audio_16k
from mockview.engines.audio_repair import repair_audio
from mockview.engines.long_audio import file_duration_s
from tests.support.bounded import bounded

U16 = st.integers(0, 0xFFFF)
U32 = st.integers(0, 0xFFFFFFFF)
# Each field is drawn as a sane value or a hostile one; a file is a sane WAV with a few of its
# fields hostile (all of them at once would only ever test the first check).
HOSTILE = {
    "rate": st.one_of(st.sampled_from([0, 1, 7999, 192001, 4_000_000_000]), U32),
    "channels": st.one_of(st.sampled_from([0, 9, 255, 0xFFFF]), U16),
    "bits": st.one_of(st.sampled_from([0, 1, 4, 12, 20, 48, 64, 0xFFFF]), U16),
    "tag": st.one_of(st.sampled_from([0, 2, 6, 7, 0x11, 0x31, 0x55, 0xFFFE, 0xFFFF]), U16),
    "align": U16,
    "fmt_size": st.one_of(st.sampled_from([0, 14, 18, 40]), U32),
    "data_size": st.one_of(st.sampled_from([0, 1, 0xFFFFFFFF]), U32),
    "riff_size": st.one_of(st.sampled_from([0, 0xFFFFFFFF]), U32),
    "list": st.binary(max_size=40),  # a metadata chunk before the data
    "list_size": U32,
    "cut": st.floats(0, 1),  # the file cut at this share of its length
    "stray": st.lists(st.tuples(st.floats(0, 1), st.integers(0, 255)), min_size=1, max_size=4),
}


@st.composite
def wavs(draw) -> bytes:
    rate = draw(st.sampled_from([8000, 11025, 16000, 22050, 44100, 48000, 96000, 192000]))
    chans, (tag, width) = (
        draw(st.integers(1, 8)),
        draw(st.sampled_from([(1, 8), (1, 16), (1, 24), (1, 32), (3, 32), (3, 64)])),
    )
    frames = draw(st.integers(0, 3000 // (chans * width // 8)))
    data = draw(
        st.binary(min_size=frames * chans * width // 8, max_size=frames * chans * width // 8)
    )
    hostile: dict = {}
    for name in draw(st.lists(st.sampled_from(sorted(HOSTILE)), max_size=3, unique=True)):
        hostile[name] = draw(HOSTILE[name])
    rate = hostile.get("rate", rate)
    chans = hostile.get("channels", chans)
    width = hostile.get("bits", width)
    tag = hostile.get("tag", tag)
    align = hostile.get("align", (chans * ((width + 7) // 8)) & 0xFFFF)
    fmt = struct.pack("<HHIIHH", tag, chans, rate, (rate * align) & 0xFFFFFFFF, align, width)
    chunks = b"fmt " + struct.pack("<I", hostile.get("fmt_size", 16)) + fmt
    if "list" in hostile or "list_size" in hostile:
        junk = hostile.get("list", b"INFO")
        chunks += b"LIST" + struct.pack("<I", hostile.get("list_size", len(junk))) + junk
    chunks += b"data" + struct.pack("<I", hostile.get("data_size", len(data))) + data
    body = b"WAVE" + chunks
    out = bytearray(b"RIFF" + struct.pack("<I", hostile.get("riff_size", len(body))) + body)
    for where, value in hostile.get("stray", []):
        out[min(len(out) - 1, int(where * len(out)))] = value
    if "cut" in hostile:
        out = out[: int(hostile["cut"] * len(out))]
    return bytes(out)


def _read_every_way(folder, data: bytes) -> None:
    path = folder / "answer.wav"
    path.write_bytes(data)
    for read in (check_audio_file, file_duration_s, load_audio_16k):
        outcome = bounded(partial(read, path), errors=(AudioFileError,), seconds=5, megabytes=200)
        if read is load_audio_16k and outcome.error is None:
            # 16 kHz float32 from at most as many frames as the bytes hold (an 8 kHz 8-bit
            # file doubles; ADPCM and GSM pack a few frames a byte).
            assert len(outcome.result) <= 20 * len(data) + 1024
            assert np.isfinite(outcome.result).all()
    copy = folder / "copy.wav"
    shutil.copyfile(path, copy)
    bounded(partial(repair_audio, copy), errors=(AudioFileError,), seconds=5, megabytes=200)


@given(wavs())
def test_any_wav_header_gives_audio_or_a_bounded_error(tmp_path_factory, data):
    _read_every_way(tmp_path_factory.mktemp("wav"), data)


@given(st.binary(max_size=2000), st.booleans())
def test_any_bytes_give_audio_or_a_bounded_error(tmp_path_factory, data, riff):
    if riff:  # past the first check, into the chunk walk
        data = b"RIFF" + struct.pack("<I", len(data) + 4) + b"WAVE" + data
    _read_every_way(tmp_path_factory.mktemp("bytes"), data)
