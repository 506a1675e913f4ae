"""The interfaces the core and the UI use for sound and speech; test fakes implement these too."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np

from mockview.core.transcript import Transcript


class EngineError(Exception):
    """A failure the user can act on; str(error) is the message shown to them."""


class NoInputDeviceError(EngineError):
    """No microphone (or the chosen one is gone)."""


class AudioOutputError(EngineError):
    """Nothing to play sound on."""


class ModelError(EngineError):
    """The speech model could not be found, downloaded or loaded."""


class Cancelled(EngineError):
    """Work stopped because its cancel token was set (an answer discarded, the app quitting)."""


class CancelToken(Protocol):
    """What long work polls to stop early; `threading.Event` is one."""

    def is_set(self) -> bool: ...


def check_cancelled(cancel: CancelToken | None) -> None:
    """Raises Cancelled when `cancel` is set."""
    if cancel is not None and cancel.is_set():
        raise Cancelled("Cancelled.")


@dataclass(frozen=True)
class Voice:
    id: str
    name: str
    languages: tuple[str, ...] = ()


@dataclass(frozen=True)
class InputDevice:
    index: int
    name: str
    default_sample_rate: float
    is_default: bool = False


@dataclass(frozen=True)
class RecordingResult:
    path: Path
    duration_s: float
    sample_rate: int
    error: str | None = None  # set when the device failed mid-way; the audio up to then is kept


# Called on the recorder's writer thread (never the audio callback) with mono float32 blocks.
BlockCallback = Callable[[np.ndarray, int], None]


class Recorder(Protocol):
    def start(self, path: Path, on_block: BlockCallback | None = None) -> None:
        """Opens the input and writes to `path` as audio arrives; raises NoInputDeviceError."""

    def stop(self) -> RecordingResult: ...

    @property
    def is_recording(self) -> bool: ...

    @property
    def level(self) -> float:
        """Peak of the latest audio, 0..1, for a meter."""

    @property
    def elapsed_s(self) -> float: ...

    @property
    def error(self) -> str | None:
        """Set (and recording stops) when the device fails mid-recording."""


class Player(Protocol):
    def play(self, path: Path, start_s: float = 0.0) -> None:
        """Starts playback in the background; raises AudioOutputError."""

    def pause(self) -> None: ...

    def resume(self) -> None: ...

    def stop(self) -> None: ...

    def seek(self, position_s: float) -> None: ...

    @property
    def state(self) -> str:
        """ "stopped" | "playing" | "paused"."""

    @property
    def position_s(self) -> float: ...

    @property
    def duration_s(self) -> float: ...

    def enqueue(self, path: Path) -> bool:
        """Plays `path` right after what is playing, with no gap; False when it cannot (nothing
        playing, another sample rate or channel count): then play it once this ends."""

    def progress(self) -> tuple[int, float]:
        """(files finished since play(), position_s in the one playing), read together."""


class Speaker(Protocol):
    def voices(self) -> list[Voice]: ...

    def synthesize(self, text: str, voice: str = "", rate_wpm: int = 160) -> Path:
        """A WAV of `text` (cached by text, voice and rate). Blocks: call it off the UI thread."""

    def prefetch(self, text: str, voice: str = "", rate_wpm: int = 160) -> Future:
        """Starts synthesize() in the background (never blocks); the Future gives the path."""


class Transcriber(Protocol):
    @property
    def model_name(self) -> str: ...

    @property
    def device(self) -> str: ...

    @property
    def is_loaded(self) -> bool: ...

    @property
    def fallback_reason(self) -> str:
        """Why the device asked for (CUDA) is not the one in use; "" when it is."""

    def load(self) -> None:
        """Loads the model (blocking; raises ModelError). Called once, off the UI thread."""

    def transcribe(
        self,
        audio: np.ndarray | Path,
        terms: Sequence[str] = (),
        offset_s: float = 0.0,
        *,
        context: str = "",
        cancel: CancelToken | None = None,
    ) -> Transcript:
        """Audio (16 kHz mono float32 array, or a file) to text; `terms` bias the decoding.

        `offset_s` is added to every time, for stretches cut out of a longer recording.
        `context` is the text said just before this audio (the previous stretch's last words).
        `cancel` is polled between segments: once set, Cancelled is raised.
        """
