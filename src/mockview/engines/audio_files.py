"""Reading audio files as 16 kHz mono float32 and resampling them (also streamed).

Files, whole signals and the live stream are resampled with soxr (quality HQ): `load_audio_16k`,
`resample()`, `StreamResampler` (whose filter looks about 20-35 ms ahead: the live path calls
`flush()` at finish() and on a rate change, so nothing is lost). It replaced a hand-written
windowed-sinc FIR resampler, measured below.

48 kHz to 16 kHz, bench/audio_libs.py (--parts speed,response,wer):

| resampler        | 120 s whole | 1024-sample blocks | 7 kHz  | 7.5 kHz | 8.2 kHz | 9 kHz  |
|------------------|-------------|--------------------|--------|---------|---------|--------|
| hand-written FIR | 110 ms      | 136 ms (24 us)     | -4.7dB | -8.5dB  | -17dB   | -33dB  |
| soxr HQ          | 15 ms       | 31 ms (5 us)       | 0.0dB  | -0.4dB  | -131dB  | -147dB |

(tone levels after resampling: 7-7.5 kHz should pass, 8.2-9 kHz can only alias.) tiny.en WER
on 40 espeak-ng clips at 48 kHz: clean 0.165 (hand) vs 0.163 (soxr HQ; VHQ 0.160), with light
48 kHz hiss 0.196 vs 0.179 (VHQ 0.189); a 12-clip run ordered the hiss case the other way
(0.182 vs 0.199), so WER is the same within noise and VHQ buys nothing.

Loading (--parts load; 5 min of 48 kHz mono PCM_16). The first three rows are one run on a
quiet machine, the last two a later run on a busier one; the tone column is the loader's
resampler (the response table above for the hand FIR):

| loader                         | WAV    | FLAC   | 8.2 kHz tone | crash-cut WAV | OGG, MP3 |
|--------------------------------|--------|--------|--------------|---------------|----------|
| load_audio_16k, hand FIR       | 0.28 s | 0.42 s | -17 dB       | empty         | yes      |
| faster_whisper.decode_audio    | 0.11 s | 0.24 s | -15 dB       | yes           | yes      |
| soundfile + soxr               | 0.08 s | 0.20 s | -131 dB      | empty         | yes      |
| load_audio_16k, soxr (later)   | 0.09 s | 0.24 s | -131 dB      | empty         | yes      |
| decode_audio (later)           | 0.16 s | 0.29 s | -15 dB       | yes           | yes      |

PyAV (decode_audio) reads a WAV whose RIFF and data sizes are 0, but it is slower, folds
8 kHz and up back at -15 dB (libswresample's default filter) and holds the whole file in
memory, so files are read with soundfile, in blocks. A WAV cut off by a crash (sizes 0: they are
written at close) is read through a view of it whose sizes are rebuilt from its length; the file
itself is left as it is (history recovery repairs the app's own, engines/audio_repair.py).

Every file is checked before its samples are read (`open_audio`, audio_header.py): a regular
file (never a FIFO or a device, which would block or act on open), a sample rate speech can have,
a few channels, and a length its bytes can hold. A WAV header claiming 1 Hz once made
`mockview transcribe` resample 1 Hz to 16 kHz until the kernel killed it at 22.7 GB.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import soxr

from mockview.engines.audio_header import AudioFileError as AudioFileError  # where callers look
from mockview.engines.audio_header import AudioHeader, open_audio
from mockview.engines.audio_header import check_audio_file as check_audio_file

TARGET_RATE = 16000
QUALITY = "HQ"  # soxr's default; VHQ measured no better for speech (bench/audio_libs.py)
READ_BLOCK_S = 10.0


def to_mono(audio: np.ndarray) -> np.ndarray:
    audio = np.asarray(audio, dtype=np.float32)
    if audio.ndim == 2:
        audio = audio.mean(axis=1) if audio.shape[1] > 1 else audio[:, 0]
    return np.ascontiguousarray(audio, dtype=np.float32)


def resample(audio: np.ndarray, rate: int, target: int = TARGET_RATE) -> np.ndarray:
    """Mono float32 at `rate` to `target` Hz in one pass (soxr, quality HQ)."""
    audio = to_mono(audio)
    if int(rate) == int(target) or len(audio) == 0:
        return audio.copy()
    return np.asarray(soxr.resample(audio, int(rate), int(target), quality=QUALITY), np.float32)


class StreamResampler:
    """Resamples consecutive blocks as if they were one signal: a thin wrapper over
    `soxr.ResampleStream` (quality HQ). `process(block)` returns what is ready at `target` Hz;
    soxr holds back the last few tens of milliseconds (about 33 ms at 48 kHz) until `flush()`.
    The blocks, then `flush()`, give exactly what `resample()` gives for the whole signal.
    """

    def __init__(self, rate: int, target: int = TARGET_RATE) -> None:
        self.rate = int(rate)
        self.target = int(target)
        self._stream = self._new_stream()

    def _new_stream(self) -> soxr.ResampleStream | None:
        if self.rate == self.target:
            return None
        return soxr.ResampleStream(self.rate, self.target, 1, dtype="float32", quality=QUALITY)

    def process(self, block: np.ndarray) -> np.ndarray:
        block = to_mono(block)
        if self._stream is None:
            return block.copy()
        return np.asarray(self._stream.resample_chunk(block), np.float32)

    def flush(self) -> np.ndarray:
        """The samples still held back, after the last block; the next block starts a new
        signal."""
        if self._stream is None:
            return np.zeros(0, dtype=np.float32)
        tail = np.asarray(self._stream.resample_chunk(np.zeros(0, np.float32), last=True))
        self._stream = self._new_stream()
        return tail.astype(np.float32, copy=False)


class SampleBuffer:
    """16 kHz samples appended block by block into one array sized from the checked header, so
    that a long file never sits in memory twice (a list joined at the end peaks at double)."""

    def __init__(self, expected: int = 0) -> None:
        self._data = np.empty(max(0, int(expected)), dtype=np.float32)
        self._n = 0

    def __len__(self) -> int:
        return self._n

    def append(self, block: np.ndarray) -> None:
        need = self._n + len(block)
        if need > len(self._data):
            grown = np.empty(max(need, len(self._data) * 5 // 4 + TARGET_RATE * 60), np.float32)
            grown[: self._n] = self._data[: self._n]
            self._data = grown
        self._data[self._n : need] = block
        self._n = need

    def array(self) -> np.ndarray:
        if self._n < len(self._data) * 0.9:
            self._data = self._data[: self._n].copy()  # the estimate was high: give it back
        return self._data[: self._n]


def expected_samples(header: AudioHeader) -> int:
    """16 kHz samples the file will give, to size a buffer: exact for uncompressed audio; for
    compressed, at most 10 minutes' worth up front (its count is bounded less tightly)."""
    samples = int(header.frames * TARGET_RATE / header.rate) + 64
    return samples if header.exact else min(samples, 600 * TARGET_RATE)


def load_audio_16k(path: Path | str) -> np.ndarray:
    """Any file soundfile reads (WAV, FLAC, OGG, ...) as 16 kHz mono float32.

    Raises AudioFileError naming the file when it is missing, not a regular file, refused by
    the header checks (audio_header.py) or not audio.
    """
    with open_audio(path) as reader:
        resampler = StreamResampler(reader.header.rate)
        samples = SampleBuffer(expected_samples(reader.header))
        # Read in blocks so a long recording at 48 kHz never sits in memory twice.
        for block in reader.blocks(READ_BLOCK_S):
            samples.append(resampler.process(block))
        samples.append(resampler.flush())
    return samples.array()
