"""Reading audio files as 16 kHz mono float32 and resampling them (numpy only, also streamed)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from mockview.engines.base import EngineError

TARGET_RATE = 16000


class AudioFileError(EngineError):
    """An audio file is missing or cannot be decoded."""


def to_mono(audio: np.ndarray) -> np.ndarray:
    audio = np.asarray(audio, dtype=np.float32)
    if audio.ndim == 2:
        audio = audio.mean(axis=1) if audio.shape[1] > 1 else audio[:, 0]
    return np.ascontiguousarray(audio, dtype=np.float32)


def resample(audio: np.ndarray, rate: int, target: int = TARGET_RATE) -> np.ndarray:
    """Mono float32 at `rate` to `target` Hz: a box pre-filter against aliasing, then linear."""
    return StreamResampler(rate, target).process(audio)


class StreamResampler:
    """Resamples consecutive blocks as if they were one signal (no clicks at block edges).

    Speech recognition needs the band below 8 kHz only, so a short moving average before
    decimating and linear interpolation are enough, and keep this free of scipy.
    """

    def __init__(self, rate: int, target: int = TARGET_RATE) -> None:
        self.rate = int(rate)
        self.target = int(target)
        self._step = self.rate / self.target  # input samples per output sample
        # Box filter width: the decimation factor (1 when upsampling: no filter needed).
        self._width = max(1, int(round(self._step))) if self._step > 1 else 1
        self._carry = np.zeros(0, dtype=np.float32)  # filtered samples not yet consumed
        self._filter_tail = np.zeros(self._width - 1, dtype=np.float32)
        self._pos = 0.0  # position of the next output sample, in `_carry` samples

    def process(self, block: np.ndarray) -> np.ndarray:
        block = to_mono(block)
        if self.rate == self.target:
            return block.copy()
        if self._width > 1:
            padded = np.concatenate([self._filter_tail, block])
            csum = np.cumsum(np.concatenate([[0.0], padded]), dtype=np.float64)
            filtered = ((csum[self._width:] - csum[:-self._width]) / self._width).astype(np.float32)
            self._filter_tail = padded[len(padded) - (self._width - 1):]
        else:
            filtered = block
        data = np.concatenate([self._carry, filtered])
        if len(data) < 2:
            self._carry = data
            return np.zeros(0, dtype=np.float32)
        # Output samples need a right neighbour, so stop before the last input sample.
        n_out = int(np.floor((len(data) - 1 - self._pos) / self._step)) + 1
        if n_out <= 0:
            self._carry = data
            return np.zeros(0, dtype=np.float32)
        positions = self._pos + np.arange(n_out) * self._step
        out = np.interp(positions, np.arange(len(data)), data).astype(np.float32)
        next_pos = self._pos + n_out * self._step
        keep_from = min(int(np.floor(next_pos)), len(data))  # may be ahead of the data
        self._carry = data[keep_from:]
        self._pos = next_pos - keep_from
        return out


def load_audio_16k(path: Path | str) -> np.ndarray:
    """Any file soundfile reads (WAV, FLAC, OGG, ...) as 16 kHz mono float32.

    Raises AudioFileError naming the file when it is missing or not audio.
    """
    import soundfile as sf

    path = Path(path)
    if not path.is_file():
        raise AudioFileError(f"Audio file not found: {path}")
    try:
        with sf.SoundFile(str(path)) as f:
            rate = f.samplerate
            resampler = StreamResampler(rate)
            parts = []
            # Read in blocks so a long recording at 48 kHz never sits in memory twice.
            for block in f.blocks(blocksize=rate * 10, dtype="float32", always_2d=True):
                parts.append(resampler.process(block))
    except (RuntimeError, sf.LibsndfileError, ValueError) as exc:
        raise AudioFileError(f"Cannot read audio from {path}: {exc}") from exc
    if not parts:
        return np.zeros(0, dtype=np.float32)
    return np.concatenate(parts)
