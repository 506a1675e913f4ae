"""Checking an audio file before its samples are read, and opening it to be read in blocks.

Every file MockView reads (`mockview transcribe` and `analyze`, crash recovery, a long file
read in stretches) is opened here. Refused before anything is decoded, each with the reason:
- anything but a regular file, after following links: a FIFO blocks its reader forever and a
  device may act on being opened, so neither is ever opened for reading; a link loop is named;
- a sample rate outside 8-192 kHz: a header claiming 1 Hz made `mockview transcribe` resample
  1 Hz to 16 kHz until the kernel killed it at 22.7 GB;
- more than 8 channels;
- a length the bytes cannot hold (more frames than the file has bytes for, or no frames in a
  file of many bytes), so that nothing is ever sized from what a header claims.
A WAV whose sizes were never written (the recorder was killed before closing it) is read to its
end through a view with its sizes rebuilt in memory; the file is left as it is.
"""

from __future__ import annotations

import errno
import io
import os
import struct
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import numpy as np

from mockview.core import regular_files
from mockview.core.regular_files import NotRegularFile, reason_of
from mockview.engines.base import EngineError

MIN_RATE_HZ = 8000  # the telephone band: below it speech is not intelligible
MAX_RATE_HZ = 192000  # the highest rate audio interfaces record at
MAX_CHANNELS = 8  # 7.1 sound; a microphone gives one or two
# Compressed audio cannot hold more frames a byte than this: FLAC of digital silence measured
# 340 frames a byte (8-192 kHz), Opus 199, MP3 12; FLAC's largest blocks allow about 4,000.
MAX_FRAMES_PER_BYTE = 4096
EMPTY_BYTES = 4096  # a header alone is under 100 bytes; beyond this there is audio
MAX_CHUNKS = 64  # a WAV has fmt, data and a few metadata chunks
UNKNOWN_FRAMES = 2**63 - 1  # libsndfile's count for a stream that does not say its length
UNSIZED = (0, 0xFFFFFFFF)  # data sizes of a WAV never closed, or written as a stream
PCM_BYTES = {"PCM_S8": 1, "PCM_U8": 1, "PCM_16": 2, "PCM_24": 3, "PCM_32": 4, "FLOAT": 4}
PCM_BYTES.update({"DOUBLE": 8, "ULAW": 1, "ALAW": 1})
PCM_TAGS = (1, 3, 0xFFFE)  # WAV format tags of plain samples: integer, float, extensible
SHOWN_CHARS = 40


class AudioFileError(EngineError):
    """An audio file is missing, not a file, refused or cannot be decoded; the message names
    it, `reason` says what is wrong without the name (for a message that names it otherwise)."""

    def __init__(self, message: str, reason: str = "") -> None:
        super().__init__(message)
        self.reason = reason or message


def refused(name: str, reason: str) -> AudioFileError:
    return AudioFileError(f"Cannot use {name}: {reason}", reason)


def shown(path: Path | str) -> str:
    """The path for a message, its end kept when it is long (the file name matters most)."""
    text = str(path)
    return text if len(text) <= SHOWN_CHARS else "..." + text[-(SHOWN_CHARS - 3) :]


def _clock(seconds: float) -> str:
    if seconds < 10:
        return f"{seconds:.2f} s"
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


def _size(n: int) -> str:
    if n < 10_000:
        return f"{n:,} bytes"
    return f"{n / 1e6:.1f} MB" if n >= 1e6 else f"{round(n / 1e3)} KB"


@dataclass(frozen=True)
class AudioHeader:
    """What a checked file holds. `frames` is what will be read (at most what the bytes hold)."""

    path: Path
    size_bytes: int
    format: str  # libsndfile's: WAV, FLAC, OGG, MP3, ...
    subtype: str  # PCM_16, FLOAT, VORBIS, ...
    rate: int
    channels: int
    frames: int
    unsized: bool = False  # a WAV never closed: read to its end

    @property
    def duration_s(self) -> float:
        return self.frames / self.rate

    @property
    def exact(self) -> bool:
        """Uncompressed: the frame count follows from the bytes (allocations may trust it)."""
        return _uncompressed(self.format, self.subtype)


def _uncompressed(container: str, subtype: str) -> bool:
    return subtype in PCM_BYTES and container != "FLAC"  # FLAC's subtypes are PCM_16, PCM_24...


@dataclass(frozen=True)
class RiffLayout:
    """Where a WAV's parts are: the fmt fields (None if absent) and the data chunk's place."""

    fmt: tuple[int, int, int, int, int, int] | None  # tag, channels, rate, byte rate, align, bits
    data_start: int | None  # first byte of the samples
    data_size: int | None  # as the header says
    data_size_at: int | None  # where that size is written


def riff_layout(f: BinaryIO) -> RiffLayout | None:
    """The chunks of a RIFF/WAVE file (None for any other file), read from its start."""
    f.seek(0)
    head = f.read(12)
    if len(head) < 12 or head[:4] != b"RIFF" or head[8:12] != b"WAVE":
        return None
    fmt = None
    offset = 12
    for _ in range(MAX_CHUNKS):
        f.seek(offset)
        chunk = f.read(8)
        if len(chunk) < 8:
            break
        chunk_id, chunk_size = struct.unpack("<4sI", chunk)
        if chunk_id == b"fmt " and chunk_size >= 16:
            body = f.read(16)
            if len(body) == 16:
                fmt = struct.unpack("<HHIIHH", body)
        if chunk_id == b"data":
            return RiffLayout(fmt, offset + 8, chunk_size, offset + 4)
        offset += 8 + chunk_size + (chunk_size & 1)
    return RiffLayout(fmt, None, None, None)


def check_rate_channels(name: str, rate: int, channels: int) -> None:
    """Refuses a rate speech cannot have or more channels than a recording has."""
    if rate < MIN_RATE_HZ:
        raise refused(name, f"speech needs at least 8 kHz; the header says {rate:,} Hz")
    if rate > MAX_RATE_HZ:
        raise refused(name, f"audio is recorded at up to 192 kHz; the header says {rate:,} Hz")
    if not 1 <= channels <= MAX_CHANNELS:
        raise refused(
            name, f"a recording has 1 to {MAX_CHANNELS} channels; the header says {channels:,}"
        )


def open_regular(path: Path | str, *, writable: bool = False) -> int:
    """A descriptor of `path` opened after checking that it is a regular file (links followed);
    core.regular_files.open_regular with the refusal as an AudioFileError naming the file."""
    name = shown(path)
    try:
        return regular_files.open_regular(path, writable=writable)
    except NotRegularFile as exc:
        raise refused(name, f"{exc.reason}; audio is read from regular files only") from exc
    except OSError as exc:
        raise _os_error(name, exc) from exc


def _os_error(name: str, exc: OSError) -> AudioFileError:
    if exc.errno == errno.ENOENT:
        return AudioFileError(f"Audio file not found: {name}", "it does not exist")
    if exc.errno == errno.ELOOP:
        return refused(name, reason_of(exc))
    reason = reason_of(exc)
    return AudioFileError(f"Cannot open {name}: {reason}", reason)


class _RebuiltSizes(io.RawIOBase):
    """A never-closed WAV as readers expect it: its RIFF and data sizes rebuilt from its
    length, in memory only (the file is not changed)."""

    def __init__(self, raw: BinaryIO, patches: dict[int, bytes]) -> None:
        super().__init__()
        self._raw = raw
        self._patches = patches

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        return self._raw.seek(offset, whence)

    def tell(self) -> int:
        return self._raw.tell()

    def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def]
        start = self._raw.tell()
        n = self._raw.readinto(buffer) or 0  # type: ignore[attr-defined]
        view = memoryview(buffer).cast("B")
        for at, value in self._patches.items():
            for i, byte in enumerate(value):
                if start <= at + i < start + n:
                    view[at + i - start] = byte
        return n


class AudioReader:
    """An open, checked file: `header`, and `blocks()` of float32 frames (frames x channels)."""

    def __init__(self, header: AudioHeader, sound) -> None:  # type: ignore[no-untyped-def]
        self.header = header
        self._sound = sound

    def blocks(self, seconds: float) -> Iterator[np.ndarray]:
        """The file in blocks of `seconds`; a decoding error is an AudioFileError naming it."""
        import soundfile as sf

        size = max(1, round(self.header.rate * seconds))
        floating = self.header.subtype in ("FLOAT", "DOUBLE")
        try:
            for block in self._sound.blocks(blocksize=size, dtype="float32", always_2d=True):
                if floating:
                    # Float samples can be anything (NaN, 1e38), which would poison every sum
                    # after; integer ones are always within +-1. Full scale is +-1.
                    np.nan_to_num(block, copy=False, nan=0.0, posinf=1.0, neginf=-1.0)
                    np.clip(block, -1.0, 1.0, out=block)
                yield block
        except (RuntimeError, sf.LibsndfileError, ValueError, MemoryError) as exc:
            raise _read_error(self.header.path, exc) from exc


def _read_error(path: Path, exc: BaseException) -> AudioFileError:
    detail = str(getattr(exc, "error_string", None) or exc)[:200]
    return AudioFileError(f"Cannot read audio from {shown(path)}: {detail}", detail)


@contextmanager
def open_audio(path: Path | str) -> Iterator[AudioReader]:
    """Checks `path` (see the module docstring) and opens it for reading in blocks.

    Raises AudioFileError naming the file, with the reason, for anything refused or unreadable.
    """

    path = Path(path)
    raw = os.fdopen(open_regular(path), "rb", buffering=0)
    try:
        size = os.fstat(raw.fileno()).st_size
        if size == 0:
            raise AudioFileError(
                f"Cannot read audio from {shown(path)}: it is empty", "it is empty"
            )
        layout = riff_layout(raw)
        patches = _wav_checks(path, layout, size) if layout is not None else {}
        with _sound(path, raw, patches) as sound:
            header = _checked(path, sound, size, bool(patches))
            yield AudioReader(header, sound)
    finally:
        raw.close()


def _sound(path: Path, raw: BinaryIO, patches: dict[int, bytes]):  # type: ignore[no-untyped-def]
    import soundfile as sf

    raw.seek(0)
    # The descriptor itself when it can be (libsndfile reads it directly, not through Python).
    source = _RebuiltSizes(raw, patches) if patches else raw.fileno()
    try:
        return sf.SoundFile(source, closefd=False)
    except (RuntimeError, sf.LibsndfileError, ValueError, TypeError) as exc:
        raise _read_error(path, exc) from exc


def check_audio_file(path: Path | str) -> AudioHeader:
    """The header of `path` once checked; AudioFileError naming the file and the reason."""
    with open_audio(path) as reader:
        return reader.header


def _wav_checks(path: Path, layout: RiffLayout, size: int) -> dict[int, bytes]:
    """Checks a WAV's own fields before libsndfile reads them; returns the size fields to
    rebuild when it was never closed ({} when its sizes are right)."""
    name = shown(path)
    if layout.fmt is not None:
        check_rate_channels(name, rate=layout.fmt[2], channels=layout.fmt[1])
    if layout.data_start is None or layout.data_size is None or layout.data_size_at is None:
        return {}  # no data chunk: libsndfile says what is wrong
    held = max(0, size - layout.data_start)
    align = max(1, layout.fmt[4]) if layout.fmt is not None else 1
    if layout.data_size in UNSIZED:
        if held < align:
            return {}
        data = held // align * align
        return {4: struct.pack("<I", layout.data_start + data - 8),
                layout.data_size_at: struct.pack("<I", data)}  # fmt: skip
    if layout.data_size > held:
        claim = f"{_size(layout.data_size)} of audio"
        if layout.fmt is not None and layout.fmt[0] in PCM_TAGS:
            seconds = layout.data_size / align / layout.fmt[2]
            claim = f"{_clock(seconds)} of audio ({_size(layout.data_size)})"
        raise refused(
            name,
            f"its header says {claim}, but the file holds {_size(held)} "
            "after it; it was cut short, or the header is wrong",
        )
    return {}


def _checked(path: Path, sound, size: int, unsized: bool) -> AudioHeader:  # type: ignore[no-untyped-def]
    name = shown(path)
    rate, channels, frames = int(sound.samplerate), int(sound.channels), int(sound.frames)
    check_rate_channels(name, rate, channels)
    subtype = str(sound.subtype)
    if frames >= UNKNOWN_FRAMES:
        # A FLAC written as a stream may leave its length out; libsndfile then fails to read
        # past its first blocks ("psf_fseek() failed"), so it is refused up front.
        raise refused(
            name,
            "its header does not say how long it is, and it cannot be "
            "read without that; convert it to WAV or re-encode it",
        )
    if _uncompressed(str(sound.format), subtype):
        needed = frames * channels * PCM_BYTES[subtype]
        if needed > size:
            raise refused(
                name,
                f"its header says {_clock(frames / rate)} of audio "
                f"({_size(needed)}), but the file is {_size(size)}; it was cut short, "
                "or the header is wrong",
            )
    elif frames > size * MAX_FRAMES_PER_BYTE:
        raise refused(
            name,
            f"its header says {_clock(frames / rate)} of audio, more than "
            f"{_size(size)} of {sound.format} can hold; the header is wrong",
        )
    if frames == 0 and size > EMPTY_BYTES:
        raise refused(
            name,
            f"its header says it holds no audio, yet the file is "
            f"{_size(size)}; the header is wrong",
        )
    return AudioHeader(path, size, str(sound.format), subtype, rate, channels, frames, unsized)
