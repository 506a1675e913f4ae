"""Making a recording cut short by a crash readable again.

A WAV writer fills in the RIFF and data chunk sizes only when it closes the file; after a crash
they are 0 (or stale), so readers see no audio. The sizes can be rebuilt from the file length.
FLAC and other formats are checked by reading them; a stream cut mid-frame is rewritten with the
frames that decode.

The app hands it, as `recorder.repair_audio_file`, to the history's crash recovery
(`HistoryService.recover(attempt, process, repair)`): core cannot import engines.

A file is only changed once its header passes the same checks as any file read
(audio_header.py): a header that lies about its frame size would otherwise make the rebuilt
sizes cut real audio off the end.
"""

from __future__ import annotations

import os
import struct
from pathlib import Path

from mockview.engines.audio_header import (
    PCM_TAGS,
    AudioFileError,
    check_rate_channels,
    open_audio,
    open_regular,
    riff_layout,
)

# Decoding a cut stream fails on the block that reaches the cut and gives nothing of that block:
# small blocks keep all but the last few hundred milliseconds.
COUNT_BLOCK_FRAMES = 4096


def repair_wav(path: Path) -> bool:
    """Rewrites the RIFF and data sizes of `path` from its length; True if anything changed."""
    name = str(path)
    with os.fdopen(open_regular(path, writable=True), "r+b") as f:
        size = os.fstat(f.fileno()).st_size
        layout = riff_layout(f)
        if layout is None:
            raise AudioFileError(f"{name} is not a WAV file (no RIFF/WAVE header)")
        if layout.data_start is None or layout.data_size is None:
            raise AudioFileError(f"{name} has no audio data chunk (the recording is empty)")
        if layout.fmt is None:
            raise AudioFileError(f"{name} has no format chunk, so its sizes cannot be rebuilt")
        tag, channels, rate, _, block_align, bits = layout.fmt
        check_rate_channels(name, rate, channels)
        if tag not in PCM_TAGS or block_align != channels * ((bits + 7) // 8) or not bits:
            # Not how the recorder writes (PCM or float samples): the frame size cannot be
            # trusted, and rebuilding the sizes from it could cut audio off.
            raise AudioFileError(
                f"{name} was not written by MockView's recorder (format {tag}, {bits} bits, "
                f"{block_align}-byte frames); it is left as it is"
            )
        data_start = layout.data_start
        data_size = (size - data_start) // block_align * block_align
        riff_size = data_start + data_size - 8
        f.seek(4)
        (old_riff,) = struct.unpack("<I", f.read(4))
        changed = layout.data_size != data_size or old_riff != riff_size
        if changed:
            f.seek(4)
            f.write(struct.pack("<I", riff_size))
            f.seek(data_start - 4)
            f.write(struct.pack("<I", data_size))
        if data_start + data_size < size:
            # A partial last frame (crash mid-write): drop it so readers see whole frames only.
            f.truncate(data_start + data_size)
        if changed or data_start + data_size < size:
            f.flush()
            os.fsync(f.fileno())
    return changed


def _readable_frames(path: Path) -> tuple[int, int, bool]:
    """(frames that decode, sample rate, whether decoding stopped on an error)."""
    frames = 0
    with open_audio(path) as reader:
        try:
            for block in reader.blocks(COUNT_BLOCK_FRAMES / reader.header.rate):
                frames += len(block)
        except AudioFileError:
            return frames, reader.header.rate, True
        return frames, reader.header.rate, False


def _rewrite_readable(path: Path, frames: int) -> None:
    """Rewrites `path` with its first `frames` frames, block by block (memory stays flat)."""
    import soundfile as sf

    tmp = path.with_name(path.name + ".repaired")
    with open_audio(path) as reader:
        with sf.SoundFile(
            str(tmp), "w", reader.header.rate, reader.header.channels,
            subtype=reader.header.subtype, format=reader.header.format,
        ) as out:  # fmt: skip
            left = frames  # whole blocks of the count: the failing one is never read again
            for block in reader.blocks(COUNT_BLOCK_FRAMES / reader.header.rate):
                out.write(block[:left])
                left -= len(block[:left])
                if not left:
                    break
    os.replace(tmp, path)


def repair_audio(path: Path) -> float:
    """Makes `path` readable and returns its length in seconds.

    Raises AudioFileError naming the file when it is missing, empty, not a regular file, not
    audio, refused by the header checks, or holds no sound. The app's own recording is named in
    full (the History shows where it is), not shortened as a path given on a command line is."""
    path = Path(path)
    try:
        with os.fdopen(open_regular(path), "rb") as f:  # refuses a FIFO or device unopened
            size = os.fstat(f.fileno()).st_size
            magic = f.read(4)
    except AudioFileError as error:
        if not os.path.lexists(path):
            raise AudioFileError(
                f"No audio was saved for this attempt: {path} does not exist"
            ) from error
        raise AudioFileError(f"The audio file {path} cannot be used: {error.reason}") from error
    if size == 0:
        raise AudioFileError(f"No audio was saved for this attempt: {path} is empty")
    try:
        if magic == b"RIFF":
            repair_wav(path)
        frames, rate, broken = _readable_frames(path)
    except AudioFileError as error:
        raise AudioFileError(f"The audio file {path} cannot be read: {error.reason}") from error
    if frames == 0:
        raise AudioFileError(f"No audio was saved for this attempt: {path} holds no sound")
    if broken:
        _rewrite_readable(path, frames)
    return frames / rate
