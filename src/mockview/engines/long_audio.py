"""Transcribing a long file in stretches cut at pauses, so memory no longer grows with its length.

One model call on a whole file grows with the file: faster-whisper computes the log-mel features
of all of it at once. Measured on 5 minutes (tiny.en int8, CPU, 257 MB with the model and the
16 kHz audio): the features peak at +161 MB for a 10 MB result (STFT intermediates), the VAD
pass at +42 MB; a whole 5-minute transcription peaked at 490 MB, 2 minutes at 358 MB
(bench/memory.py, fresh processes).

Every route that transcribes a long file takes this path: the app (`WhisperTranscriber.transcribe`
of a path), `mockview transcribe` and `analyze`, a retry and crash recovery (`process_attempt`).
Before it, the CLI read a whole file and made one call: 10 minutes took 283 s and 794 MB, an hour
gave no result after 900 s at 3.5 GB. Through this path (bench/long_file.py: `mockview transcribe`
on real speech, tiny.en int8, 2 cores, one of them busy with another process; 2026-12-02):

| length | wall  | RTF   | peak RSS | WER   | stretches |
|--------|-------|-------|----------|-------|-----------|
| 10 min | 35 s  | 0.058 | 382 MB   | 0.029 | 19        |
| 60 min | 208 s | 0.058 | 474 MB   | 0.040 | 112       |

The file is read in 1 s blocks (no whole 48 kHz copy) and fed to `LiveTranscription`, which cuts
at pauses exactly as while recording, here with longer stretches (30-55 s: nobody waits for live
text), conditioned on the previous words, and transcribes them in order with their offsets.
Measured WER (same audio, whole vs stretches): 5 min 0.201 vs 0.199 (408 MB peak); 2 min 0.191
vs 0.224, so files up to LONG_FILE_S stay one call. Tried: 45-60 s stretches 0.238 (2 min) /
0.291 (5 min); 20-40 s 0.228 / 0.255; 30-55 s unconditioned 0.290 / 0.249.
On real speech (bench/real_speech.py, the 18 read clips joined three times over, 6 minutes,
1,350 words; 2026-12-02): 0.027, against 0.016 for one call on the same samples and 0.031 for
the clips one by one; it was 0.068 before a skipped sentence decoded again was put back in its
place (decode_checks.around). With that, 45-90 s stretches gave 0.022 and 60-120 s 0.036:
within the noise of 1,350 words, so the eSpeak-measured 30-55 s stay.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from threading import Event

import numpy as np

from mockview.core.feedback.voice_track import VoiceTrack
from mockview.core.transcript import Transcript
from mockview.engines.audio_files import (
    TARGET_RATE,
    SampleBuffer,
    StreamResampler,
    check_audio_file,
    expected_samples,
    open_audio,
)
from mockview.engines.base import CancelToken, Transcriber, check_cancelled
from mockview.engines.live import LiveTranscription

LONG_FILE_S = 150.0  # longer files are transcribed in stretches (measured above)
MIN_STRETCH_S = 30.0
MAX_STRETCH_S = 55.0
READ_BLOCK_S = 1.0
MAX_PENDING = 2  # stretches waiting for the model; reading pauses beyond that (flat memory)
WAIT_S = 0.05  # how often a paused reader looks again

Progress = Callable[[float, float], None]  # (seconds read, seconds in the file)


def file_duration_s(path: Path | str) -> float:
    """The length of an audio file from its checked header; AudioFileError naming it if it is
    refused or unreadable."""
    return check_audio_file(path).duration_s


class FileTranscription:
    """A file read into a LiveTranscription: `finish()` gives its Transcript. With the audio
    kept, `audio()` and `voice()` give its 16 kHz samples and voice frames, so that the analysis
    does not read the file again (the LiveText that `process_attempt` takes)."""

    def __init__(
        self,
        live: LiveTranscription,
        duration_s: float,
        samples: SampleBuffer | None,
        voice: VoiceTrack | None,
    ) -> None:
        self._live, self.duration_s = live, duration_s
        self._samples, self._voice = samples, voice

    def finish(
        self, timeout_s: float | None = None, cancel: CancelToken | None = None
    ) -> Transcript:
        # Reading waits for the model, so only the last few stretches are left here; the
        # bound is for a model that stopped making progress.
        if timeout_s is None:
            timeout_s = max(120.0, 2.0 * self.duration_s)
        try:
            return self._live.finish(timeout_s=timeout_s, cancel=cancel)
        except BaseException:  # Ctrl+C in the CLI too: the worker stops at its next segment
            self._live.cancel()
            raise

    def audio(self) -> np.ndarray | None:
        return self._samples.array() if self._samples is not None else None

    def voice(self) -> VoiceTrack | None:
        return self._voice

    def cancel(self) -> None:
        self._live.cancel()


def stream_file(
    transcriber: Transcriber,
    path: Path | str,
    terms: Sequence[str] = (),
    *,
    keep_audio: bool = False,
    min_stretch_s: float = MIN_STRETCH_S,
    max_stretch_s: float = MAX_STRETCH_S,
    condition_on_previous: bool = True,
    cancel: CancelToken | None = None,
    progress: Progress | None = None,
) -> FileTranscription:
    """Reads `path` into a LiveTranscription, pausing while more than MAX_PENDING stretches
    wait for the model; returns once the whole file is read (its finish() waits for the rest).

    Raises AudioFileError naming the file (refused by the header checks, or unreadable), and
    Cancelled once `cancel` is set; either way the stretches still queued are dropped.
    """
    with open_audio(path) as reader:
        header = reader.header
        live = LiveTranscription(
            transcriber,
            terms,
            condition_on_previous=condition_on_previous,
            min_stretch_s=min_stretch_s,
            max_stretch_s=max_stretch_s,
        )
        samples = SampleBuffer(expected_samples(header)) if keep_audio else None
        voice: VoiceTrack | None = VoiceTrack(TARGET_RATE) if keep_audio else None
        resampler = StreamResampler(header.rate)
        pacer = Event()  # never set: a short wait while the model catches up
        read = 0

        def add(audio: np.ndarray) -> None:
            live.feed(audio, TARGET_RATE)
            if samples is not None:
                samples.append(audio)
            if voice is not None:
                voice.add(audio)

        try:
            for block in reader.blocks(READ_BLOCK_S):
                add(resampler.process(block))
                read += len(block)
                while live.pending > MAX_PENDING:
                    check_cancelled(cancel)
                    pacer.wait(WAIT_S)
                check_cancelled(cancel)
                if progress is not None:
                    progress(read / header.rate, header.duration_s)
            add(resampler.flush())
            if voice is not None:
                voice.finish()
        except BaseException:
            live.cancel()
            raise
    return FileTranscription(live, header.duration_s, samples, voice)


def transcribe_file(
    transcriber: Transcriber,
    path: Path | str,
    terms: Sequence[str] = (),
    *,
    min_stretch_s: float = MIN_STRETCH_S,
    max_stretch_s: float = MAX_STRETCH_S,
    condition_on_previous: bool = True,
    cancel: CancelToken | None = None,
    progress: Progress | None = None,
) -> Transcript:
    """The whole file's Transcript (absolute times), transcribed stretch by stretch."""
    stream = stream_file(
        transcriber, path, terms, min_stretch_s=min_stretch_s, max_stretch_s=max_stretch_s,
        condition_on_previous=condition_on_previous, cancel=cancel, progress=progress,
    )  # fmt: skip
    return stream.finish(cancel=cancel)


def stream_long_file(
    transcriber: Transcriber,
    path: Path | str,
    terms: Sequence[str] = (),
    *,
    cancel: CancelToken | None = None,
    progress: Progress | None = None,
) -> FileTranscription | None:
    """A file longer than LONG_FILE_S streamed with its audio kept for the analysis; None for
    a shorter one, which one model call transcribes better (measured above)."""
    if file_duration_s(path) <= LONG_FILE_S:
        return None
    return stream_file(transcriber, path, terms, keep_audio=True, cancel=cancel, progress=progress)
