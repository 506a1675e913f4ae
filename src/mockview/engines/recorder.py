"""Recording the microphone to a file with sounddevice + soundfile, and repairing cut-off files.

The PortAudio callback only copies each block into a queue; a writer thread writes blocks to the
file, updates the header and flushes about every 0.5 s (so a killed app loses at most that much),
and hands each block to `on_block` (live transcription). Nothing is kept in memory.

Crash recovery: the WAV/FLAC header is rewritten at each flush, so a file left by a killed
process is normally readable as is; if the process died mid-write, `repair_audio_file(path)`
(`engines.audio_repair.repair_audio`) fixes it in place and returns the duration. The app
passes the same function to the history's recovery of attempts left in state "recording".
"""

from __future__ import annotations

import errno
import logging
import queue
import shutil
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from mockview.engines.audio_repair import repair_audio
from mockview.engines.base import BlockCallback, InputDevice, NoInputDeviceError, RecordingResult

if TYPE_CHECKING:  # no type information in either: both read as Any
    import sounddevice
    import soundfile

log = logging.getLogger(__name__)

FLUSH_EVERY_S = 0.5
NO_MIC_MESSAGE = (
    "No microphone found. Check that one is plugged in and allowed for this app "
    "(system sound settings), then try again."
)
MIC_STOPPED = (
    "The microphone stopped delivering sound, so the recording stopped. The answer up to then "
    "is kept."
)
# Below this much free space a failed write is the disk being full (libsndfile reports only
# "System error.", without the errno): a second of 48 kHz 16-bit audio is 96 KB.
DISK_FULL_BELOW_BYTES = 1024 * 1024
# libsndfile commands, not wrapped by soundfile: rewrite the header now (sndfile.h).
_SFC_UPDATE_HEADER_NOW = 0x1060


def import_sounddevice():
    """The sounddevice module, or NoInputDeviceError when PortAudio itself is missing."""
    try:
        import sounddevice
    except OSError as exc:  # no libportaudio2 on the system
        raise NoInputDeviceError(
            f"{NO_MIC_MESSAGE} (The audio library PortAudio is not installed: {exc})"
        ) from exc
    return sounddevice


def list_input_devices(sd=None) -> list[InputDevice]:
    sd = sd or import_sounddevice()
    try:
        devices = sd.query_devices()
        default_in = sd.default.device[0]
    except Exception as exc:
        raise NoInputDeviceError(f"{NO_MIC_MESSAGE} ({exc})") from exc
    return [
        InputDevice(
            index=i,
            name=str(d["name"]),
            default_sample_rate=float(d["default_samplerate"]),
            is_default=(i == default_in),
        )
        for i, d in enumerate(devices)
        if d["max_input_channels"] > 0
    ]


class SoundDeviceRecorder:
    """The Recorder protocol. Properties may be read from any thread."""

    def __init__(self, device: str | int | None = None, *, sd=None) -> None:
        self.device = device if device not in ("", None) else None
        self._sd = sd  # injected in tests; imported on first use otherwise
        # Blocks of audio, ("status" | "error", message), or None: the end.
        self._queue: queue.Queue[np.ndarray | tuple[str, str] | None] = queue.Queue()
        self._stream: sounddevice.InputStream | None = None
        self._writer: threading.Thread | None = None
        self._file: soundfile.SoundFile | None = None
        self._path: Path | None = None
        self._rate = 0
        self._frames = 0
        self._level = 0.0
        self._error: str | None = None
        self._write_failed = False
        self._stopping = threading.Event()
        self._writer_done = threading.Event()
        self._recording = False
        self._lock = threading.Lock()

    # -- Recorder protocol --------------------------------------------------------------------

    @property
    def is_recording(self) -> bool:
        return self._recording

    @property
    def level(self) -> float:
        return self._level

    @property
    def elapsed_s(self) -> float:
        return self._frames / self._rate if self._rate else 0.0

    @property
    def error(self) -> str | None:
        return self._error

    @property
    def sample_rate(self) -> int:
        return self._rate

    def wait_until_stopped(self, timeout: float | None = None) -> bool:
        """Blocks until the writer has closed the file (after stop() or a device failure)."""
        return self._writer_done.wait(timeout)

    def start(self, path: Path, on_block: BlockCallback | None = None) -> None:
        import soundfile as sf

        with self._lock:
            if self._recording:
                raise RuntimeError("already recording")
            sd = self._sd = self._sd or import_sounddevice()
            rate = self._device_rate(sd)
            path = Path(path)
            path.parent.mkdir(parents=True, exist_ok=True)
            fmt = "FLAC" if path.suffix.lower() == ".flac" else "WAV"
            try:
                self._file = sf.SoundFile(
                    str(path), "w", samplerate=rate, channels=1, format=fmt, subtype="PCM_16"
                )
            except (OSError, RuntimeError) as exc:  # LibsndfileError is a RuntimeError
                raise OSError(write_failure(path, exc, None)) from exc
            self._path, self._rate, self._frames, self._level = path, rate, 0, 0.0
            self._error = None
            self._write_failed = False
            self._stopping.clear()
            self._writer_done.clear()
            self._queue = queue.Queue()
            try:
                self._stream = sd.InputStream(
                    device=self.device,
                    samplerate=rate,
                    channels=1,
                    dtype="float32",
                    # 50 ms blocks: a responsive meter without a queue item per 5 ms.
                    blocksize=max(1, rate // 20),
                    callback=self._callback,
                    finished_callback=self._finished,
                )
                self._stream.start()
            except Exception as exc:
                self._file.close()
                self._file = None
                self._writer_done.set()
                raise NoInputDeviceError(f"{NO_MIC_MESSAGE} ({exc})") from exc
            self._recording = True
            self._writer = threading.Thread(
                target=self._write_loop, args=(on_block,), name="recorder-writer", daemon=True
            )
            self._writer.start()

    def stop(self) -> RecordingResult:
        with self._lock:
            self._stopping.set()
            self._close_stream()
            if self._writer is not None:
                self._queue.put(None)
                self._writer.join()
                self._writer = None
            self._recording = False
            path = self._path or Path()
            return RecordingResult(
                path=path, duration_s=self.elapsed_s, sample_rate=self._rate, error=self._error
            )

    # -- internals ----------------------------------------------------------------------------

    def _device_rate(self, sd) -> int:
        try:
            info = sd.query_devices(self.device, "input")
        except Exception as exc:  # ValueError / PortAudioError: no default or unknown device
            raise NoInputDeviceError(f"{NO_MIC_MESSAGE} ({exc})") from exc
        if not info or info.get("max_input_channels", 0) < 1:
            raise NoInputDeviceError(NO_MIC_MESSAGE)
        return int(info["default_samplerate"])

    def _callback(self, indata, frames, time_info, status) -> None:
        # PortAudio's thread: copy and return; no I/O, no locks, no allocation beyond the copy.
        if status:
            self._queue.put(("status", str(status)))
        self._queue.put(indata[:, 0].copy())

    def _finished(self) -> None:
        # Called when the stream ends, including when the device vanishes under it.
        if not self._stopping.is_set():
            self._queue.put(("error", MIC_STOPPED))

    def _close_stream(self) -> None:
        stream, self._stream = self._stream, None
        if stream is None:
            return
        for action in (stream.stop, stream.close):
            try:
                action()
            except Exception as exc:  # a vanished device fails here too; the audio is kept
                log.debug("closing the input stream: %s", exc)

    def _write_loop(self, on_block: BlockCallback | None) -> None:
        last_flush = time.monotonic()
        last_audio = time.monotonic()
        try:
            file = self._file
            assert file is not None  # start() opens it before it starts this thread
            while True:
                try:
                    item = self._queue.get(timeout=0.25)
                except queue.Empty:
                    if self._stream_died(last_audio):
                        self._fail(MIC_STOPPED)
                        break
                    continue
                if item is None:
                    break
                if isinstance(item, tuple):
                    kind, message = item
                    if kind == "error":
                        self._fail(message)
                        break
                    log.debug("input status: %s", message)
                    continue
                last_audio = time.monotonic()
                if not self._write(file, item):
                    break
                self._level = float(np.abs(item).max()) if len(item) else 0.0
                if last_audio - last_flush >= FLUSH_EVERY_S:
                    if not self._flush(file):
                        break
                    last_flush = last_audio
                if on_block is not None:
                    try:
                        on_block(item, self._rate)
                    except Exception:  # a listener's bug must not cost the recording
                        log.exception("on_block failed")
        except Exception as exc:
            self._fail(f"Recording failed ({exc}). The answer up to then is kept.")
        finally:
            self._drain_and_close(on_block)

    def _write(self, file: soundfile.SoundFile, block: np.ndarray) -> bool:
        """Writes a block; a failed write (a full disk) ends the recording with the reason."""
        try:
            file.write(block)
        except Exception as exc:  # LibsndfileError or OSError: the disk, not the microphone
            self._write_failed = True
            self._fail(write_failure(self._path or Path(), exc, self.elapsed_s))
            return False
        self._frames += len(block)
        return True

    def _stream_died(self, last_audio: float) -> bool:
        stream = self._stream
        if stream is None or self._stopping.is_set():
            return False
        try:
            active = bool(stream.active)
        except Exception:
            active = False
        return not active or time.monotonic() - last_audio > 3.0

    def _fail(self, message: str) -> None:
        self._error = message
        self._stopping.set()
        self._recording = False
        threading.Thread(target=self._close_stream, daemon=True).start()

    def _drain_and_close(self, on_block: BlockCallback | None) -> None:
        # Blocks queued before the failure or Stop are still part of the answer (unless the
        # file can take no more). Whatever fails here, the writer ends and says it has.
        try:
            while True:
                try:
                    item = self._queue.get_nowait()
                except queue.Empty:
                    break
                file = self._file
                if not isinstance(item, np.ndarray) or file is None or self._write_failed:
                    continue
                if self._write(file, item) and on_block is not None:
                    try:
                        on_block(item, self._rate)
                    except Exception:
                        log.exception("on_block failed")
            if self._file is not None:
                file, self._file = self._file, None
                try:
                    file.close()
                except Exception as exc:  # the header of the last flush stands; repair reads on
                    log.warning("closing %s: %s", self._path, exc)
                    if self._error is None:
                        self._error = write_failure(self._path or Path(), exc, self.elapsed_s)
        finally:
            self._recording = False
            self._writer_done.set()

    def _flush(self, file: soundfile.SoundFile) -> bool:
        try:
            file.flush()
        except Exception as exc:
            self._write_failed = True
            self._fail(write_failure(self._path or Path(), exc, self.elapsed_s))
            return False
        try:
            from soundfile import _ffi, _snd

            _snd.sf_command(file._file, _SFC_UPDATE_HEADER_NOW, _ffi.NULL, 0)
        except Exception as exc:  # private API: the repair below still recovers the file
            log.debug("header update not available: %s", exc)
        return True


def write_failure(path: Path, exc: BaseException, elapsed_s: float | None) -> str:
    """What the user reads when the recording cannot be written (None: not even started)."""
    code = getattr(exc, "errno", None)
    try:
        free = shutil.disk_usage(path.parent).free
    except OSError:
        free = None
    full = code in (errno.ENOSPC, errno.EDQUOT) or (
        free is not None and free < DISK_FULL_BELOW_BYTES
    )
    if elapsed_s is None:
        if full:
            return f"The disk is full: there is no room for a recording in {path.parent}."
        return f"A recording cannot be written to {path} ({exc})."
    at = f"{int(elapsed_s // 60)}:{int(elapsed_s % 60):02d}"
    if full:
        return (
            f"The disk is full, so the recording stopped at {at}. The answer up to then is kept "
            f"({path.name}); free some space on the disk of {path.parent} to record again."
        )
    return (
        f"The recording could not be written to {path} ({exc}), so it stopped at {at}. "
        "The answer up to then is kept."
    )


def repair_audio_file(path: Path) -> float:
    """Makes a recording cut off by a crash readable, in place; returns its duration in seconds.

    One implementation for the app: `engines.audio_repair.repair_audio` (WAV: the RIFF and
    data sizes are rebuilt from the file's length, a partial last frame dropped; FLAC and other
    formats: rewritten with the frames that decode). Raises AudioFileError naming the file when
    it is missing, empty, not audio, or holds no sound.
    """
    return repair_audio(Path(path))
