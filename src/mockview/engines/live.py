"""Live transcription while recording: cut the answer at pauses and transcribe each stretch early.

`feed` runs on the recorder's writer thread: it resamples to 16 kHz, tracks energy in 30 ms
frames against a noise-adaptive threshold, and cuts a stretch at a pause (>= 0.4 s quiet after
>= 8 s of audio with speech) or, failing one, at the quietest frame once a stretch reaches 22 s.
One worker thread transcribes stretches in order with their offset, so word times are
absolute. At Stop only the tail since the last cut is left to transcribe, which keeps the final
transcript about a second away whatever the length of the answer.

Measured (three 60 s eSpeak answers, tiny.en; mean WER, whole-file 0.170): minimum stretch
3 s 0.213 / conditioned on the previous stretch's last words 0.209; 5 s 0.219 / 0.206;
8 s 0.209 / 0.168; 12 s 0.164 / 0.151. Longer stretches give Whisper context but leave a longer
tail to transcribe after Stop and update the live text less often: 8 s, conditioned.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable, Sequence

import numpy as np

from mockview.core.feedback.voice_track import VoiceTrack
from mockview.core.transcript import Transcript
from mockview.engines.audio_files import TARGET_RATE, StreamResampler
from mockview.engines.base import Cancelled, CancelToken, ModelError, Transcriber

log = logging.getLogger(__name__)

FRAME = int(0.03 * TARGET_RATE)
PAUSE_S = 0.4
PAUSE_FRAMES = int(np.ceil(PAUSE_S * TARGET_RATE / FRAME))
MIN_STRETCH_S = 8.0
MAX_STRETCH_S = 22.0
MIN_SPEECH_RMS = 0.004  # below this a frame is never speech, however quiet the room
CONTEXT_WORDS = 12


class LiveTranscription:
    """Feed blocks as they are recorded; `finish()` returns the whole answer's Transcript."""

    def __init__(
        self,
        transcriber: Transcriber,
        terms: Sequence[str] = (),
        on_update: Callable[[str], None] | None = None,
        *,
        condition_on_previous: bool = True,
        min_stretch_s: float = MIN_STRETCH_S,
        max_stretch_s: float = MAX_STRETCH_S,
        keep_audio: bool = False,
    ) -> None:
        self.transcriber = transcriber
        self.terms = tuple(terms)
        self.on_update = on_update
        self.condition_on_previous = condition_on_previous
        self.min_stretch_s = min_stretch_s
        self.max_stretch_s = max(max_stretch_s, min_stretch_s)
        self.finish_s = 0.0  # how long the last finish() took
        self.last_decode_s = 0.0  # decode time of what was left at finish(): its floor
        # The app keeps the 16 kHz audio it has already resampled, so that analysis after Stop
        # need not read and resample the whole recording again (0.7 s at 2 min, measured).
        # 3.8 MB a minute; a long file read in stretches keeps nothing.
        self._kept: list[np.ndarray] | None = [] if keep_audio else None
        # Its voice frames are measured as it arrives, for the filled-pause check after Stop.
        self._voice = VoiceTrack(TARGET_RATE) if keep_audio else None
        self._lock = threading.Lock()
        self._resampler: StreamResampler | None = None
        self._buffer: list[np.ndarray] = []  # 16 kHz audio of the current stretch
        self._buffered = 0  # samples in _buffer
        self._pending = np.zeros(0, dtype=np.float32)  # samples short of a whole frame
        self._stretch_start = 0  # absolute sample index where the current stretch begins
        self._total = 0  # 16 kHz samples received
        self._frame_rms: list[float] = []  # per frame of the current stretch
        self._noise: float | None = None
        self._quiet_run = 0  # trailing quiet frames
        self._speech_frames = 0
        self._results: list[Transcript] = []
        self._error: Exception | None = None
        self._cancelled = threading.Event()  # handed to the transcriber: stops a stretch early
        self._jobs: queue.Queue = queue.Queue()
        self._worker = threading.Thread(target=self._work, name="live-transcription", daemon=True)
        self._worker.start()
        self._finished = False

    # -- public -------------------------------------------------------------------------------

    @property
    def text(self) -> str:
        with self._lock:
            return _join(t.text for t in self._results)

    @property
    def buffered_s(self) -> float:
        """Audio held for the current stretch (bounded: memory stays flat)."""
        return self._buffered / TARGET_RATE

    @property
    def pending(self) -> int:
        """Stretches cut but not transcribed yet (a file reader waits on this, a recorder never)."""
        return self._jobs.qsize()

    @property
    def idle(self) -> bool:
        """Nothing waiting and nothing being decoded: only the audio since the last cut is left."""
        return self._jobs.unfinished_tasks == 0

    @property
    def stretches(self) -> int:
        with self._lock:
            return len(self._results)

    def feed(self, block: np.ndarray, rate: int) -> None:
        if self._finished:
            return
        if self._resampler is None or self._resampler.rate != int(rate):
            if self._resampler is not None:
                self._add(self._resampler.flush())
            self._resampler = StreamResampler(int(rate))
        self._add(self._resampler.process(block))

    def _add(self, audio: np.ndarray) -> None:
        """Adds 16 kHz audio to the answer: kept audio, stretch buffer, energy frames, cuts."""
        if not len(audio):
            return
        self._total += len(audio)
        if self._kept is not None:
            self._kept.append(audio)
        if self._voice is not None:
            try:
                self._voice.add(audio)
            except Exception:  # the frames are measured after Stop instead
                log.exception("measuring voice frames while recording failed")
                self._voice = None
        self._buffer.append(audio)
        self._buffered += len(audio)
        framed = np.concatenate([self._pending, audio])
        n = len(framed) // FRAME
        self._pending = framed[n * FRAME :]
        for rms in _frame_rms(framed[: n * FRAME]):
            self._on_frame(rms)

    def audio(self) -> np.ndarray | None:
        """All the 16 kHz audio fed so far (with keep_audio), else None."""
        if self._kept is None:
            return None
        return np.concatenate(self._kept) if self._kept else np.zeros(0, dtype=np.float32)

    def _finish_voice(self) -> None:
        if self._voice is None:
            return
        try:
            self._voice.finish()
        except Exception:  # the frames are measured after Stop instead
            log.exception("measuring the last voice frames failed")
            self._voice = None

    def voice(self) -> VoiceTrack | None:
        """The voice frames of the audio fed (with keep_audio), complete once finish() ran."""
        return self._voice

    def cancel(self) -> None:
        """Drops the answer (e.g. the attempt was discarded): the stretch being decoded stops at
        its next segment and the worker ends."""
        self._cancelled.set()
        if not self._finished:
            self._finished = True
            while True:
                try:
                    self._jobs.get_nowait()
                except queue.Empty:
                    break
                self._jobs.task_done()
            self._jobs.put(None)

    def finish(self, timeout_s: float = 120.0, cancel: CancelToken | None = None) -> Transcript:
        """Transcribes what is left after the last cut, waits, and merges everything in order.

        Raises Cancelled when `cancel` is set (or cancel() was called) before the end.
        """
        start = time.perf_counter()
        with self._lock:
            decoded_before = len(self._results)
        if not self._finished:
            if self._resampler is not None:
                self._add(self._resampler.flush())  # the tail the resampler held back
            self._finished = True
            self._finish_voice()
            if self._buffered:
                self._cut(self._buffered)
            self._jobs.put(None)
        deadline = start + timeout_s
        while self._worker.is_alive() and time.perf_counter() < deadline:
            if cancel is not None and cancel.is_set():
                self.cancel()
            self._worker.join(0.05)
        if self._cancelled.is_set():
            raise Cancelled("Cancelled.")
        if self._worker.is_alive():
            raise ModelError("Transcription did not finish in time.")
        if self._error is not None:
            raise ModelError(f"Transcription failed: {self._error}") from self._error
        self.finish_s = time.perf_counter() - start
        with self._lock:
            results = list(self._results)
        segments = tuple(s for t in results for s in t.segments)
        extra = dict(results[0].extra) if results else {}
        extra["transcribe_s"] = round(sum(t.extra.get("transcribe_s", 0.0) for t in results), 3)
        extra["stretches"] = len(results)
        extra["finish_s"] = round(self.finish_s, 3)
        # What was still to decode at Stop (the tail, or a stretch not done yet): the floor.
        self.last_decode_s = sum(
            float(t.extra.get("transcribe_s", 0.0)) for t in results[decoded_before:]
        )
        extra["last_decode_s"] = round(self.last_decode_s, 3)
        return Transcript(
            text=_join(t.text for t in results),
            segments=segments,
            duration_s=round(self._total / TARGET_RATE, 3),
            model_name=self.transcriber.model_name,
            device=self.transcriber.device,
            extra=extra,
        )

    # -- pause detection (writer thread) ------------------------------------------------------

    def _on_frame(self, rms: float) -> None:
        self._frame_rms.append(rms)
        # The floor follows quiet frames quickly and loud ones slowly, so speech never
        # becomes "noise" but a fan switching on is learnt within a few seconds.
        if self._noise is None:
            # Never start above the speech minimum: the answer may begin at once.
            self._noise = min(rms, MIN_SPEECH_RMS)
        elif rms < self._noise:
            self._noise = 0.8 * self._noise + 0.2 * rms
        else:
            self._noise = 0.998 * self._noise + 0.002 * rms
        threshold = max(MIN_SPEECH_RMS, 3.0 * self._noise)
        if rms >= threshold:
            self._speech_frames += 1
            self._quiet_run = 0
        else:
            self._quiet_run += 1
        stretch_s = len(self._frame_rms) * FRAME / TARGET_RATE
        if self._speech_frames == 0:
            if stretch_s >= 1.0:
                self._drop_silence()
        elif self._quiet_run >= PAUSE_FRAMES and stretch_s >= self.min_stretch_s:
            # Cut in the middle of the pause: both sides keep a little silence.
            frames = len(self._frame_rms) - self._quiet_run // 2
            self._cut(frames * FRAME)
        elif stretch_s >= self.max_stretch_s:
            recent = np.asarray(self._frame_rms[-int(4.0 * TARGET_RATE / FRAME) :])
            frames = len(self._frame_rms) - len(recent) + int(recent.argmin()) + 1
            self._cut(frames * FRAME)

    def _drop_silence(self) -> None:
        # Nothing said yet in this stretch: keep only the last pause's worth, memory stays flat.
        keep = PAUSE_FRAMES * FRAME
        drop = self._buffered - keep - len(self._pending)
        if drop >= FRAME * 10:
            self._take(drop // FRAME * FRAME)

    def _cut(self, samples: int) -> None:
        offset_s = self._stretch_start / TARGET_RATE
        audio = self._take(samples)
        if self._speech_frames_in(audio):
            self._jobs.put((audio, offset_s))
        self._speech_frames = sum(1 for r in self._frame_rms if r >= MIN_SPEECH_RMS)

    def _take(self, samples: int) -> np.ndarray:
        """Removes the first `samples` of the current stretch and returns them."""
        data = np.concatenate(self._buffer) if len(self._buffer) != 1 else self._buffer[0]
        head, rest = data[:samples], data[samples:]
        self._buffer = [rest] if len(rest) else []
        self._buffered = len(rest)
        self._stretch_start += len(head)
        del self._frame_rms[: len(head) // FRAME]
        self._quiet_run = min(self._quiet_run, len(self._frame_rms))
        return head

    @staticmethod
    def _speech_frames_in(audio: np.ndarray) -> bool:
        return bool(len(audio)) and max(_frame_rms(audio), default=0.0) >= MIN_SPEECH_RMS

    # -- worker -------------------------------------------------------------------------------

    def _work(self) -> None:
        context = ""
        while True:
            job = self._jobs.get()
            try:
                if job is None:
                    return
                if self._error is None:
                    context = self._decode(job, context)
            except Cancelled:
                return
            finally:
                self._jobs.task_done()

    def _decode(self, job: tuple[np.ndarray, float], context: str) -> str:
        """Transcribes one stretch; returns the context for the next one."""
        audio, offset_s = job
        try:
            result = self.transcriber.transcribe(
                audio,
                self.terms,
                offset_s,
                context=context if self.condition_on_previous else "",
                cancel=self._cancelled,
            )
        except Cancelled:
            raise
        except Exception as exc:  # reported by finish(); recording goes on regardless
            log.exception("live transcription of a stretch failed")
            self._error = exc
            return context
        with self._lock:
            self._results.append(result)
            text = _join(t.text for t in self._results)
        if result.text:
            context = " ".join(result.text.split()[-CONTEXT_WORDS:])
        if self.on_update is not None and result.text:
            try:
                self.on_update(text)
            except Exception:
                log.exception("on_update failed")
        return context


def _frame_rms(audio: np.ndarray) -> list[float]:
    n = len(audio) // FRAME
    if n == 0:
        return []
    frames = audio[: n * FRAME].reshape(n, FRAME).astype(np.float64)
    return np.sqrt((frames**2).mean(axis=1)).tolist()


def _join(texts) -> str:
    return " ".join(t.strip() for t in texts if t and t.strip())
