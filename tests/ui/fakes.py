"""Fake Speaker, Recorder, Player and Transcriber implementing engines/base.py, for UI tests."""

from __future__ import annotations

import hashlib
import threading
from concurrent.futures import Future
from pathlib import Path

import numpy as np
import soundfile as sf

from mockview.core.transcript import Segment, Transcript, Word
from mockview.engines.base import (
    ModelError,
    NoInputDeviceError,
    RecordingResult,
    Voice,
    check_cancelled,
)

RATE = 16000


def words_from(spec: list[tuple[str, float, float]]) -> Transcript:
    """A transcript from (text, start_s, end_s) triples, one segment."""
    words = tuple(Word(t, s, e) for t, s, e in spec)
    text = " ".join(w.text for w in words)
    segment = Segment(
        text, words[0].start_s if words else 0.0, words[-1].end_s if words else 0.0, words
    )
    return Transcript(text, (segment,), words[-1].end_s + 0.5 if words else 0.0, "fake.en", "cpu")


def shifted(transcript: Transcript, offset_s: float) -> Transcript:
    """The transcript with every time moved by `offset_s`, as a transcriber reports a stretch."""
    if not offset_s:
        return transcript
    segments = tuple(
        Segment(
            s.text,
            s.start_s + offset_s,
            s.end_s + offset_s,
            tuple(
                Word(w.text, w.start_s + offset_s, w.end_s + offset_s, w.probability)
                for w in s.words
            ),
        )
        for s in transcript.segments
    )
    return Transcript(
        transcript.text, segments, transcript.duration_s, transcript.model_name, transcript.device
    )


def within(transcript: Transcript, start_s: float, end_s: float) -> Transcript:
    """The scripted words that start in [start_s, end_s): what a stretch of the answer holds."""
    words = tuple(w for w in transcript.words if start_s <= w.start_s < end_s)
    text = " ".join(w.text for w in words)
    segments = (Segment(text, words[0].start_s, words[-1].end_s, words),) if words else ()
    return Transcript(text, segments, end_s - start_s, transcript.model_name, transcript.device)


def tone(seconds: float, rate: int = RATE) -> np.ndarray:
    t = np.arange(int(seconds * rate)) / rate
    return (0.2 * np.sin(2 * np.pi * 220 * t)).astype("float32")


def write_tone(path: Path, seconds: float, rate: int = RATE) -> Path:
    sf.write(str(path), tone(seconds, rate), rate)
    return path


def speech_like(transcript: Transcript, rate: int = RATE) -> np.ndarray:
    """Tone while each word is said, silence between: pauses check out against the energy."""
    audio = np.zeros(int(transcript.duration_s * rate), dtype="float32")
    t = np.arange(len(audio)) / rate
    for word in transcript.words:
        a, b = int(word.start_s * rate), int(word.end_s * rate)
        audio[a:b] = 0.3 * np.sin(2 * np.pi * 180 * t[a:b])
    return audio


class FakeSpeaker:
    def __init__(self, cache_dir: Path) -> None:
        self.cache_dir = cache_dir
        self.calls: list[tuple[str, str, int]] = []

    def voices(self) -> list[Voice]:
        return [Voice("en-us", "English (US)"), Voice("en-gb", "English (GB)")]

    def synthesize(self, text: str, voice: str = "", rate_wpm: int = 160) -> Path:
        self.calls.append((text, voice, rate_wpm))
        # Cached by text, voice and rate, as Pyttsx3Speaker: the same request, the same file.
        key = hashlib.sha256(f"{text}\x00{voice}\x00{int(rate_wpm)}".encode()).hexdigest()[:16]
        path = self.cache_dir / f"speech-{key}.wav"
        return path if path.is_file() else write_tone(path, 0.2)

    def prefetch(self, text: str, voice: str = "", rate_wpm: int = 160) -> Future:
        done: Future = Future()
        try:
            done.set_result(self.synthesize(text, voice, rate_wpm))
        except Exception as exc:  # noqa: BLE001 - handed on, as Pyttsx3Speaker's Future does
            done.set_exception(exc)
        return done


class FakePlayer:
    def __init__(self) -> None:
        self.calls: list[tuple] = []
        self._state = "stopped"
        self._position = 0.0
        self._duration = 0.0
        self.path: Path | None = None

    def play(self, path: Path, start_s: float = 0.0) -> None:
        self.calls.append(("play", Path(path), round(start_s, 2)))
        self.path, self._state, self._position = Path(path), "playing", start_s
        self._duration = sf.info(str(path)).duration  # the file's, as SoundDevicePlayer's

    def pause(self) -> None:
        self.calls.append(("pause",))
        self._state = "paused"

    def resume(self) -> None:
        self.calls.append(("resume",))
        self._state = "playing"

    def stop(self) -> None:
        self.calls.append(("stop",))
        self._state = "stopped"

    def seek(self, position_s: float) -> None:
        self.calls.append(("seek", round(position_s, 2)))
        self._position = position_s

    def enqueue(self, path: Path) -> bool:
        # Queued like SoundDevicePlayer's (same rate and channels, while playing); the fake
        # never reaches the end of a file, so a queued one never starts.
        self.calls.append(("enqueue", Path(path)))
        if self._state != "playing" or self.path is None:
            return False
        mine, theirs = sf.info(str(self.path)), sf.info(str(path))
        return (mine.samplerate, mine.channels) == (theirs.samplerate, theirs.channels)

    def progress(self) -> tuple[int, float]:
        return 0, self._position

    @property
    def state(self) -> str:
        return self._state

    @property
    def position_s(self) -> float:
        return self._position

    @property
    def duration_s(self) -> float:
        return self._duration

    def plays(self) -> list[tuple]:
        return [c for c in self.calls if c[0] == "play"]


class FakeRecorder:
    """Records `audio` (or `seconds_recorded` of tone): `advance(s)` hands `s` of it to
    `on_block` as time passing would; `stop()` hands on the rest and writes it all to the path."""

    def __init__(
        self, fail: bool = False, seconds_recorded: float = 6.0, audio: np.ndarray | None = None
    ) -> None:
        self.fail = fail
        self.audio = audio
        self.seconds_recorded = seconds_recorded
        self.level_value = 0.5
        self.elapsed_value = 1.0
        self.path: Path | None = None
        self.on_block = None
        self._recording = False
        self._sent = 0  # samples handed to on_block
        self.error_value: str | None = None
        self.stop_error: Exception | None = None  # raised by stop(), as a device gone wrong
        self.stopped = 0

    def start(self, path: Path, on_block=None) -> None:
        if self.fail:
            raise NoInputDeviceError("No microphone found. Check that one is plugged in.")
        self.path, self.on_block, self._recording, self._sent = Path(path), on_block, True, 0
        # The real recorder's file is there (and readable) from the start: a crash keeps it.
        sf.write(str(self.path), np.zeros(0, dtype="float32"), RATE)

    def advance(self, seconds: float) -> None:
        """Simulates `seconds` of recording: elapsed_s grows, on_block gets that much audio."""
        self.elapsed_value += seconds
        self._send(self._sent + int(seconds * RATE))

    def stop(self) -> RecordingResult:
        if self.stop_error is not None:
            raise self.stop_error
        self.stopped += 1
        audio = self._recorded()
        self._send(len(audio))  # like the real recorder's drain: every block before stop returns
        self._recording = False
        sf.write(str(self.path), audio, RATE)
        return RecordingResult(self.path, len(audio) / RATE, RATE)

    def _recorded(self) -> np.ndarray:
        if self.audio is not None:
            return np.asarray(self.audio, dtype="float32")
        return tone(self.seconds_recorded)

    def _send(self, until: int) -> None:
        audio = self._recorded()
        until = min(until, len(audio))
        block = RATE // 20  # 50 ms, as the real recorder
        while self._sent < until:
            chunk = audio[self._sent : min(self._sent + block, until)]
            self._sent += len(chunk)
            if self.on_block is not None:
                self.on_block(chunk, RATE)

    @property
    def is_recording(self) -> bool:
        return self._recording

    @property
    def level(self) -> float:
        return self.level_value if self._recording else 0.0

    @property
    def elapsed_s(self) -> float:
        return self.elapsed_value if self._recording else 0.0

    @property
    def error(self) -> str | None:
        return self.error_value


class FakeTranscriber:
    """Returns a scripted transcript; `gate` holds load() until set; `fail` makes it raise."""

    def __init__(
        self,
        transcript: Transcript,
        *,
        gate: threading.Event | None = None,
        fail_load: bool = False,
    ) -> None:
        self.transcript = transcript
        self.gate = gate
        self.fail_load = fail_load
        self.fail_transcribe = False
        self.loaded = False
        self.calls: list[tuple[int, tuple[str, ...]]] = []
        self.contexts: list[str] = []
        self.hold: threading.Event | None = None  # when set to an Event, transcribe waits on it
        # True: audio given is a stretch at offset_s, and only the scripted words said in it come
        # back (live transcription); False: the whole script, whatever the audio.
        self.windowed = False

    @property
    def model_name(self) -> str:
        return "fake.en"

    @property
    def device(self) -> str:
        return "cpu"

    @property
    def is_loaded(self) -> bool:
        return self.loaded

    @property
    def fallback_reason(self) -> str:
        return ""

    def load(self) -> None:
        if self.gate is not None:
            self.gate.wait(30)
        if self.fail_load:
            raise ModelError("Model 'fake.en' not found in /nowhere")
        self.loaded = True

    def transcribe(
        self, audio, terms=(), offset_s: float = 0.0, *, context: str = "", cancel=None
    ) -> Transcript:
        check_cancelled(cancel)
        self.calls.append((len(audio) if hasattr(audio, "__len__") else 0, tuple(terms)))
        self.contexts.append(context)
        if self.fail_transcribe:
            raise RuntimeError("decoder crashed")
        if self.hold is not None:  # a long transcription: ends when released or cancelled
            while not self.hold.wait(0.02):
                check_cancelled(cancel)
        if isinstance(audio, np.ndarray) and _silent(audio):
            # WhisperTranscriber never hands silence to the model: no words from nothing.
            return Transcript("", (), len(audio) / RATE, self.model_name, self.device)
        if self.windowed and isinstance(audio, np.ndarray):
            # A stretch of a longer answer: the scripted words said in it (absolute times).
            return within(self.transcript, offset_s, offset_s + len(audio) / RATE)
        return shifted(self.transcript, offset_s)


def _silent(audio: np.ndarray) -> bool:
    """No sample louder than a quiet room (WhisperTranscriber: no 30 ms frame above 0.004 RMS)."""
    return not len(audio) or float(np.abs(audio).max()) < 0.01
