"""Making a recording cut short by a crash readable again.

A WAV writer fills in the RIFF and data chunk sizes only when it closes the file; after a crash
they are 0 (or stale), so readers see no audio. The sizes can be rebuilt from the file length.
FLAC and other formats are checked by reading them; a stream cut mid-frame is rewritten with the
frames that decode.

The app hands it, as `recorder.repair_audio_file`, to the history's crash recovery
(`HistoryService.recover(attempt, process, repair)`): core cannot import engines.
"""

from __future__ import annotations

import os
import struct
from pathlib import Path

from mockview.engines.audio_files import AudioFileError


def repair_wav(path: Path) -> bool:
    """Rewrites the RIFF and data sizes of `path` from its length; True if anything changed."""
    size = path.stat().st_size
    with open(path, "r+b") as f:
        header = f.read(12)
        if len(header) < 12 or header[:4] != b"RIFF" or header[8:12] != b"WAVE":
            raise AudioFileError(f"{path} is not a WAV file (no RIFF/WAVE header)")
        block_align = 1
        offset = 12
        while True:
            f.seek(offset)
            chunk = f.read(8)
            if len(chunk) < 8:
                raise AudioFileError(f"{path} has no audio data chunk (the recording is empty)")
            chunk_id, chunk_size = struct.unpack("<4sI", chunk)
            if chunk_id == b"fmt ":
                fmt = f.read(16)
                if len(fmt) == 16:
                    block_align = max(1, struct.unpack("<HHIIHH", fmt)[4])
            if chunk_id == b"data":
                data_start = offset + 8
                break
            offset += 8 + chunk_size + (chunk_size & 1)
        data_size = (size - data_start) // block_align * block_align
        riff_size = data_start + data_size - 8
        changed = (chunk_size != data_size) or (struct.unpack("<I", header[4:8])[0] != riff_size)
        if changed:
            f.seek(4)
            f.write(struct.pack("<I", riff_size))
            f.seek(data_start - 4)
            f.write(struct.pack("<I", data_size))
            f.flush()
            os.fsync(f.fileno())
    if data_start + data_size < size:
        # A partial last frame (crash mid-write): drop it so readers see whole frames only.
        os.truncate(path, data_start + data_size)
    return changed


def _readable_frames(path: Path) -> tuple[int, int, bool]:
    """(frames that decode, sample rate, whether decoding stopped on an error)."""
    import soundfile as sf

    frames = 0
    with sf.SoundFile(str(path)) as f:
        rate = f.samplerate
        try:
            for block in f.blocks(blocksize=16384, dtype="float32", always_2d=True):
                frames += len(block)
        except (RuntimeError, sf.LibsndfileError):
            return frames, rate, True
    return frames, rate, False


def _rewrite_readable(path: Path, frames: int) -> None:
    import soundfile as sf

    tmp = path.with_name(path.name + ".repaired")
    with sf.SoundFile(str(path)) as src:
        data = src.read(frames, dtype="float32", always_2d=True)
        fmt, subtype, rate = src.format, src.subtype, src.samplerate
    sf.write(str(tmp), data, rate, format=fmt, subtype=subtype)
    os.replace(tmp, path)


def repair_audio(path: Path) -> float:
    """Makes `path` readable and returns its length in seconds.

    Raises AudioFileError naming the file when it is missing, empty, not audio, or holds no
    sound."""
    import soundfile as sf

    if not path.is_file():
        raise AudioFileError(f"No audio was saved for this attempt: {path} does not exist")
    if path.stat().st_size == 0:
        raise AudioFileError(f"No audio was saved for this attempt: {path} is empty")
    with open(path, "rb") as f:
        magic = f.read(4)
    if magic == b"RIFF":
        repair_wav(path)
    try:
        frames, rate, broken = _readable_frames(path)
    except (RuntimeError, sf.LibsndfileError) as error:
        raise AudioFileError(f"The audio file {path} cannot be read: {error}") from error
    if frames == 0:
        raise AudioFileError(f"No audio was saved for this attempt: {path} holds no sound")
    if broken:
        _rewrite_readable(path, frames)
    return frames / rate
