"""Playing a recording or synthesized speech through sounddevice, with pause, seek and position.

The output callback pulls frames from a source: the whole file in memory when it is short, or
the open file itself for long recordings (memory stays flat). All methods may be called from
any thread; state changes are guarded by one lock that the callback holds only briefly.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from mockview.engines.audio_files import AudioFileError
from mockview.engines.base import AudioOutputError

if TYPE_CHECKING:  # no type information in either: both read as Any
    import sounddevice
    import soundfile

log = logging.getLogger(__name__)

# Up to 10 minutes of 48 kHz mono are loaded (~115 MB float32); longer files are streamed.
MAX_LOADED_FRAMES = 48000 * 600
NO_OUTPUT_MESSAGE = "No speaker or headphones found to play sound on."


class _ArraySource:
    def __init__(self, audio: np.ndarray) -> None:
        self.audio = audio
        self.pos = 0

    def read(self, n: int) -> np.ndarray:
        out = self.audio[self.pos : self.pos + n]
        self.pos += len(out)
        return out

    def seek(self, frame: int) -> None:
        self.pos = frame

    def close(self) -> None:
        pass


class _FileSource:
    def __init__(self, f: soundfile.SoundFile) -> None:
        self.f = f

    def read(self, n: int) -> np.ndarray:
        return self.f.read(n, dtype="float32", always_2d=True)

    def seek(self, frame: int) -> None:
        self.f.seek(frame)

    def close(self) -> None:
        self.f.close()


class SoundDevicePlayer:
    """The Player protocol."""

    def __init__(self, device: str | int | None = None, *, sd=None) -> None:
        self.device = device if device not in ("", None) else None
        self._sd = sd
        self._lock = threading.RLock()
        self._stream: sounddevice.OutputStream | None = None
        self._source: _ArraySource | _FileSource | None = None
        self._rate = 0
        self._frames_total = 0
        self._pos = 0  # frames handed to the device
        self._state = "stopped"
        self._generation = 0  # ignores finished-callbacks of streams already replaced
        # Files to play after this one in the same stream (enqueue), and how many have
        # finished: a reading's sentences follow each other without reopening the device.
        self._queue: list[tuple[_ArraySource, int]] = []
        self._played = 0
        self._file_channels = 0
        # Called on PortAudio's thread when the end is reached: signal another thread from it
        # (e.g. emit a Qt signal); calling stop() or play() inside it would wait on itself.
        self.on_finished: Callable[[], None] | None = None

    # -- Player protocol ----------------------------------------------------------------------

    @property
    def state(self) -> str:
        return self._state

    @property
    def position_s(self) -> float:
        return self._pos / self._rate if self._rate else 0.0

    @property
    def duration_s(self) -> float:
        return self._frames_total / self._rate if self._rate else 0.0

    def play(self, path: Path, start_s: float = 0.0) -> None:
        import soundfile as sf

        sd = self._sd = self._sd or _import_sounddevice()
        self.stop()
        path = Path(path)
        if not path.is_file():
            raise AudioFileError(f"Audio file not found: {path}")
        try:
            f = sf.SoundFile(str(path))
        except Exception as exc:
            raise AudioFileError(f"Cannot play {path}: {exc}") from exc
        source: _ArraySource | _FileSource
        if f.frames <= MAX_LOADED_FRAMES:
            source = _ArraySource(f.read(dtype="float32", always_2d=True))
            f.close()
        else:
            source = _FileSource(f)
        channels = f.channels
        try:
            info = sd.query_devices(self.device, "output")
            channels = max(1, min(channels, int(info["max_output_channels"])))
        except Exception as exc:
            source.close()
            raise AudioOutputError(f"{NO_OUTPUT_MESSAGE} ({exc})") from exc
        with self._lock:
            self._generation += 1
            generation = self._generation
            self._source, self._rate, self._frames_total = source, f.samplerate, f.frames
            self._queue, self._played, self._file_channels = [], 0, f.channels
            self._channels_out = channels
            start = int(max(0.0, min(start_s, self.duration_s)) * self._rate)
            self._source.seek(start)
            self._pos = start
            try:
                self._stream = sd.OutputStream(
                    device=self.device,
                    samplerate=self._rate,
                    channels=channels,
                    dtype="float32",
                    callback=self._callback,
                    finished_callback=lambda: self._finished(generation),
                )
                self._state = "playing"
                self._stream.start()
            except Exception as exc:
                self._state = "stopped"
                self._stream = None
                source.close()
                raise AudioOutputError(f"{NO_OUTPUT_MESSAGE} ({exc})") from exc

    def pause(self) -> None:
        with self._lock:
            if self._state == "playing":
                self._state = "paused"

    def resume(self) -> None:
        with self._lock:
            if self._state == "paused":
                self._state = "playing"

    def stop(self) -> None:
        with self._lock:
            stream, self._stream = self._stream, None
            self._generation += 1
            self._state = "stopped"
            self._queue = []
        if stream is not None:
            # Outside the lock: stopping waits for the callback, which takes the lock.
            for action in (stream.abort, stream.close):
                try:
                    action()
                except Exception as exc:
                    log.debug("closing the output stream: %s", exc)
        with self._lock:
            if self._source is not None and self._stream is None:
                self._source.close()
                self._source = None

    def enqueue(self, path: Path) -> bool:
        """Plays `path` right after what is playing, in the same stream (no gap between them).

        False when it cannot: nothing is playing, or the file's rate or channels differ (the
        caller plays it on its own once this ends). Short files only (loaded whole).
        """
        import soundfile as sf

        try:
            with sf.SoundFile(str(path)) as f:
                rate, channels, frames = f.samplerate, f.channels, f.frames
                if frames > MAX_LOADED_FRAMES:
                    return False
                audio = f.read(dtype="float32", always_2d=True)
        except Exception as exc:
            raise AudioFileError(f"Cannot play {path}: {exc}") from exc
        with self._lock:
            if self._state != "playing" or self._source is None or self._stream is None:
                return False
            if (rate, channels) != (self._rate, self._file_channels):
                return False
            self._queue.append((_ArraySource(audio), frames))
            return True

    def progress(self) -> tuple[int, float]:
        """(files finished since play(), position in the one playing), read together."""
        with self._lock:
            return self._played, self.position_s

    def seek(self, position_s: float) -> None:
        with self._lock:
            if self._source is None:
                return
            frame = int(max(0.0, min(position_s, self.duration_s)) * self._rate)
            self._source.seek(frame)
            self._pos = frame

    # -- audio thread -------------------------------------------------------------------------

    def _callback(self, outdata, frames, time_info, status) -> None:
        with self._lock:
            if self._state != "playing" or self._source is None:
                outdata.fill(0)
                return
            data = self._source.read(frames)
            n = len(data)
            self._pos += n
            while n < frames and self._queue:
                # The next queued file follows at once, in this same buffer.
                self._source.close()
                self._source, self._frames_total = self._queue.pop(0)
                self._played += 1
                more = self._source.read(frames - n)
                self._pos = len(more)
                data = np.concatenate([data, more]) if n else more
                n = len(data)
        if n:
            if data.shape[1] != outdata.shape[1]:
                data = np.repeat(data.mean(axis=1, keepdims=True), outdata.shape[1], axis=1)
            outdata[:n] = data
        if n < frames:
            outdata[n:].fill(0)
            raise self._sd.CallbackStop

    def _finished(self, generation: int) -> None:
        with self._lock:
            if generation != self._generation:
                return
            self._state = "stopped"
            self._pos = self._frames_total
        callback = self.on_finished
        if callback is not None:
            callback()


def _import_sounddevice():
    try:
        import sounddevice
    except OSError as exc:
        raise AudioOutputError(f"{NO_OUTPUT_MESSAGE} (PortAudio is not installed: {exc})") from exc
    return sounddevice
