"""Transcribing a long file in stretches cut at pauses, so memory no longer grows with its length.

One model call on a whole file grows with the file: faster-whisper computes the log-mel features
of all of it at once. Measured on 5 minutes (tiny.en int8, CPU, 257 MB with the model and the
16 kHz audio): the features peak at +161 MB for a 10 MB result (STFT intermediates), the VAD
pass at +42 MB; a whole 5-minute transcription peaked at 490 MB, 2 minutes at 358 MB
(bench/memory.py, fresh processes).

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

from collections.abc import Sequence
from pathlib import Path
from threading import Event

from mockview.core.transcript import Transcript
from mockview.engines.audio_files import AudioFileError
from mockview.engines.base import CancelToken, Transcriber, check_cancelled
from mockview.engines.live import LiveTranscription

LONG_FILE_S = 150.0  # longer files are transcribed in stretches (measured above)
MIN_STRETCH_S = 30.0
MAX_STRETCH_S = 55.0
READ_BLOCK_S = 1.0
MAX_PENDING = 2  # stretches waiting for the model; reading pauses beyond that (flat memory)


def file_duration_s(path: Path | str) -> float:
    """The length of an audio file from its header; AudioFileError naming it if unreadable."""
    import soundfile as sf

    try:
        info = sf.info(str(path))
    except (RuntimeError, sf.LibsndfileError, ValueError) as exc:
        raise AudioFileError(f"Cannot read audio from {path}: {exc}") from exc
    return info.frames / info.samplerate if info.samplerate else 0.0


def transcribe_file(
    transcriber: Transcriber,
    path: Path | str,
    terms: Sequence[str] = (),
    *,
    min_stretch_s: float = MIN_STRETCH_S,
    max_stretch_s: float = MAX_STRETCH_S,
    condition_on_previous: bool = True,
    cancel: CancelToken | None = None,
) -> Transcript:
    """The whole file's Transcript (absolute times), transcribed stretch by stretch."""
    import soundfile as sf

    path = Path(path)
    if not path.is_file():
        raise AudioFileError(f"Audio file not found: {path}")
    live = LiveTranscription(
        transcriber,
        terms,
        condition_on_previous=condition_on_previous,
        min_stretch_s=min_stretch_s,
        max_stretch_s=max_stretch_s,
    )
    pacer = Event()  # never set: a short wait while the model catches up
    try:
        with sf.SoundFile(str(path)) as f:
            block = max(1, int(f.samplerate * READ_BLOCK_S))
            for data in f.blocks(blocksize=block, dtype="float32", always_2d=True):
                live.feed(data, f.samplerate)
                while live.pending > MAX_PENDING:
                    check_cancelled(cancel)
                    pacer.wait(0.05)
                check_cancelled(cancel)
    except (RuntimeError, sf.LibsndfileError, ValueError) as exc:
        live.cancel()
        raise AudioFileError(f"Cannot read audio from {path}: {exc}") from exc
    except BaseException:
        live.cancel()
        raise
    return live.finish(timeout_s=max(120.0, 2.0 * file_duration_s(path)), cancel=cancel)
