"""Speech synthesis with pyttsx3 to cached WAV files, jobs run one at a time by a worker thread.

pyttsx3's run loop misbehaves when an engine is reused or driven from several threads
(nateshmbhat/pyttsx3#126, #194: runAndWait hangs on a later call). Measured here with pyttsx3
2.99 on eSpeak NG, one engine reused for save_to_file jobs let the rate and voice lag a job
behind and wrote empty WAVs. So every job runs in a fresh process (`tts_job`, ~0.12 s each),
started by one worker thread in turn; callers get a Future. Results are cached in
`cache_dir/tts/` by a hash of (text, voice, rate, speech_text.PREPARATION_VERSION); the text
is reworded for eSpeak by `speech_text.prepare_for_speech` (acronyms spelt out). A file is
written under a temporary name and renamed, so the cache never holds half a file.
"""

from __future__ import annotations

import hashlib
import json
import logging
import queue
import subprocess
import sys
import threading
from concurrent.futures import Future
from pathlib import Path

from mockview.engines.base import EngineError, Voice
from mockview.engines.speech_text import PREPARATION_VERSION, prepare_for_speech

log = logging.getLogger(__name__)

JOB_TIMEOUT_S = 60.0
SYNTH_ATTEMPTS = 3


class SpeechSynthesisError(EngineError):
    """Text could not be turned into speech."""


def cache_key(text: str, voice: str, rate_wpm: int) -> str:
    # The raw text is hashed, with the version of the speech rewording: WAVs spoken from an
    # older wording are not reused.
    raw = f"{text}\x00{voice}\x00{int(rate_wpm)}\x00{PREPARATION_VERSION}".encode()
    return hashlib.sha256(raw).hexdigest()[:32]


class Pyttsx3Speaker:
    """The Speaker protocol. `synthesize` blocks (call it off the UI thread); `prefetch` doesn't."""

    def __init__(self, cache_dir: Path, driver: str | None = None) -> None:
        self.cache_dir = Path(cache_dir) / "tts"
        self.driver = driver
        self.synth_count = 0  # WAVs actually synthesized (not served from the cache)
        self._jobs: queue.Queue = queue.Queue()
        self._pending: dict[str, Future] = {}
        self._lock = threading.Lock()  # guards _pending and the worker's start
        self._thread: threading.Thread | None = None
        self._voices: list[Voice] | None = None

    # -- public -------------------------------------------------------------------------------

    def voices(self) -> list[Voice]:
        if self._voices is None:
            self._voices = self._submit("voices", None).result(timeout=JOB_TIMEOUT_S)
        return list(self._voices)

    def path_for(self, text: str, voice: str = "", rate_wpm: int = 160) -> Path:
        return self.cache_dir / f"{cache_key(text, voice, rate_wpm)}.wav"

    def synthesize(self, text: str, voice: str = "", rate_wpm: int = 160) -> Path:
        future = self.prefetch(text, voice, rate_wpm)
        try:
            return future.result(timeout=JOB_TIMEOUT_S * 2)
        except TimeoutError as exc:
            raise SpeechSynthesisError("Speech synthesis did not finish in time.") from exc

    def prefetch(self, text: str, voice: str = "", rate_wpm: int = 160) -> Future:
        """Starts synthesizing in the background; the Future gives the WAV path."""
        if not text.strip():
            raise SpeechSynthesisError("There is no text to speak.")
        path = self.path_for(text, voice, rate_wpm)
        if path.is_file():
            done: Future = Future()
            done.set_result(path)
            return done
        with self._lock:
            pending = self._pending.get(path.name)
            if pending is None:
                pending = self._pending[path.name] = Future()
                self._put(("synth", (text, voice, int(rate_wpm), path), pending))
        return pending

    def close(self) -> None:
        if self._thread is not None:
            self._jobs.put(None)

    # -- worker -------------------------------------------------------------------------------

    def _submit(self, kind: str, args) -> Future:
        future: Future = Future()
        with self._lock:
            self._put((kind, args, future))
        return future

    def _put(self, job) -> None:
        # Called with self._lock held.
        if self._thread is None or not self._thread.is_alive():
            self._thread = threading.Thread(target=self._run, name="tts", daemon=True)
            self._thread.start()
        self._jobs.put(job)

    def _run(self) -> None:
        while True:
            job = self._jobs.get()
            if job is None:
                return
            kind, args, future = job
            try:
                if kind == "voices":
                    future.set_result(self._list_voices())
                else:
                    future.set_result(self._synth(*args))
            except Exception as exc:
                if not isinstance(exc, EngineError):
                    exc = SpeechSynthesisError(f"Speech synthesis failed: {exc}")
                future.set_exception(exc)
            finally:
                if kind == "synth":
                    with self._lock:
                        self._pending.pop(args[3].name, None)

    def _job(self, request: dict) -> str:
        request["driver"] = self.driver
        try:
            done = subprocess.run(
                [sys.executable, "-m", "mockview.engines.tts_job"],
                input=json.dumps(request),
                capture_output=True,
                text=True,
                timeout=JOB_TIMEOUT_S,
            )
        except subprocess.TimeoutExpired as exc:
            raise SpeechSynthesisError("Speech synthesis did not finish in time.") from exc
        if done.returncode != 0:
            last = (done.stderr.strip().splitlines() or ["unknown error"])[-1]
            raise SpeechSynthesisError(
                f"No working speech synthesizer ({last}). On Linux install espeak-ng."
            )
        return done.stdout

    def _list_voices(self) -> list[Voice]:
        return [
            Voice(id=v["id"], name=v["name"], languages=tuple(v["languages"]))
            for v in json.loads(self._job({"job": "voices"}))
        ]

    def _resolve_voice(self, voice: str) -> str:
        if not voice:
            return ""
        if self._voices is None:
            self._voices = self._list_voices()
        for v in self._voices:
            if voice in (v.id, v.name):
                return v.id
        raise SpeechSynthesisError(
            f"The voice {voice!r} is no longer installed: choose another one in Settings."
        )

    def _synth(self, text: str, voice: str, rate_wpm: int, path: Path) -> Path:
        if path.is_file():
            return path
        path.parent.mkdir(parents=True, exist_ok=True)
        voice_id = self._resolve_voice(voice)
        tmp = path.with_name(f".{path.stem}.tmp.wav")
        tmp.unlink(missing_ok=True)
        try:
            # pyttsx3's eSpeak driver may end its loop before eSpeak NG has finished (4 runs in
            # 10 on a fresh machine); tts_job now waits for it, and a fresh process is the
            # guard that remains.
            for _ in range(SYNTH_ATTEMPTS):
                self._job(
                    {
                        "job": "synth",
                        "text": prepare_for_speech(text),
                        "voice": voice_id,
                        "rate_wpm": rate_wpm,
                        "out": str(tmp),
                    }
                )
                if tmp.is_file() and tmp.stat().st_size > 44:
                    break
                log.warning("The speech synthesizer wrote no audio; trying again.")
            else:
                raise SpeechSynthesisError("The speech synthesizer wrote no audio.")
            tmp.replace(path)
        finally:
            tmp.unlink(missing_ok=True)
        self.synth_count += 1
        return path
