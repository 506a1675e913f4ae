"""Speech synthesis with pyttsx3 to cached WAV files, the engine owned by one worker thread.

pyttsx3's run loop misbehaves when an engine is driven from several threads or re-entered
(nateshmbhat/pyttsx3#126, #194: runAndWait hangs on a later call), so one daemon thread creates
the engine and runs every job in turn; callers get a Future. Results are cached in
`cache_dir/tts/` by a hash of (text, voice, rate); files are written under a temporary name and
renamed, so the cache never holds half a file.
"""

from __future__ import annotations

import hashlib
import logging
import queue
import threading
from concurrent.futures import Future
from pathlib import Path

from mockview.engines.base import EngineError, Voice

log = logging.getLogger(__name__)

JOB_TIMEOUT_S = 60.0


class SpeechSynthesisError(EngineError):
    """Text could not be turned into speech."""


def cache_key(text: str, voice: str, rate_wpm: int) -> str:
    raw = f"{text}\x00{voice}\x00{int(rate_wpm)}".encode()
    return hashlib.sha256(raw).hexdigest()[:32]


class Pyttsx3Speaker:
    """The Speaker protocol. `synthesize` blocks (call it off the UI thread); `prefetch` doesn't."""

    def __init__(self, cache_dir: Path, driver: str | None = None) -> None:
        self.cache_dir = Path(cache_dir) / "tts"
        self.driver = driver
        self.synth_count = 0  # WAVs actually synthesized (not served from the cache)
        self._jobs: queue.Queue = queue.Queue()
        self._pending: dict[str, Future] = {}
        self._lock = threading.Lock()  # guards _pending
        self._thread_lock = threading.Lock()
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
            return future.result(timeout=JOB_TIMEOUT_S)
        except TimeoutError as exc:
            raise SpeechSynthesisError("Speech synthesis did not finish in time.") from exc

    def prefetch(self, text: str, voice: str = "", rate_wpm: int = 160) -> Future:
        """Starts synthesizing in the background; the Future gives the WAV path."""
        if not text.strip():
            raise SpeechSynthesisError("There is no text to speak.")
        path = self.path_for(text, voice, rate_wpm)
        if path.is_file() and path.stat().st_size > 44:
            done: Future = Future()
            done.set_result(path)
            return done
        with self._lock:
            pending = self._pending.get(path.name)
            if pending is not None:
                return pending
            future = self._submit("synth", (text, voice, int(rate_wpm), path))
            self._pending[path.name] = future
        return future

    def close(self) -> None:
        if self._thread is not None:
            self._jobs.put(None)

    # -- worker -------------------------------------------------------------------------------

    def _submit(self, kind: str, args) -> Future:
        future: Future = Future()
        with self._thread_lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="tts", daemon=True)
                self._thread.start()
        self._jobs.put((kind, args, future))
        return future

    def _run(self) -> None:
        engine = None
        while True:
            job = self._jobs.get()
            if job is None:
                break
            kind, args, future = job
            try:
                if engine is None:
                    engine = self._new_engine()
                if kind == "voices":
                    future.set_result(self._list_voices(engine))
                else:
                    try:
                        future.set_result(self._synth(engine, *args))
                    except SpeechSynthesisError:
                        raise
                    except Exception as exc:
                        # A stuck or broken run loop: start over with a fresh engine once.
                        log.warning("Speech synthesis failed (%s); restarting the engine", exc)
                        engine = self._new_engine()
                        future.set_result(self._synth(engine, *args))
            except Exception as exc:
                if not isinstance(exc, EngineError):
                    exc = SpeechSynthesisError(f"Speech synthesis failed: {exc}")
                future.set_exception(exc)
            finally:
                if kind == "synth":
                    with self._lock:
                        self._pending.pop(args[3].name, None)

    def _new_engine(self):
        try:
            import pyttsx3
        except ImportError as exc:
            raise SpeechSynthesisError(f"pyttsx3 is not installed: {exc}") from exc
        try:
            engine = pyttsx3.init(self.driver) if self.driver else pyttsx3.init()
        except Exception as exc:
            raise SpeechSynthesisError(
                f"No speech synthesizer found ({exc}). On Linux install espeak-ng."
            ) from exc
        _silence_driver_prints(engine)
        return engine

    @staticmethod
    def _list_voices(engine) -> list[Voice]:
        result = []
        for v in engine.getProperty("voices") or ():
            langs = tuple(
                lang.decode(errors="replace").lstrip("\x05")
                if isinstance(lang, bytes)
                else str(lang)
                for lang in (v.languages or ())
            )
            result.append(Voice(id=str(v.id), name=str(v.name or v.id), languages=langs))
        return result

    def _resolve_voice(self, engine, voice: str) -> str | None:
        if not voice:
            return None
        for v in self._voices or self._list_voices(engine):
            if voice in (v.id, v.name):
                return v.id
        raise SpeechSynthesisError(f"Voice {voice!r} is not installed.")

    def _synth(self, engine, text: str, voice: str, rate_wpm: int, path: Path) -> Path:
        if path.is_file():
            return path
        path.parent.mkdir(parents=True, exist_ok=True)
        voice_id = self._resolve_voice(engine, voice)
        if voice_id is not None:
            engine.setProperty("voice", voice_id)
        engine.setProperty("rate", int(rate_wpm))
        tmp = path.with_name(f".{path.stem}.{threading.get_ident()}.tmp.wav")
        tmp.unlink(missing_ok=True)
        engine.save_to_file(text, str(tmp))
        engine.runAndWait()
        if not tmp.is_file() or tmp.stat().st_size <= 44:
            tmp.unlink(missing_ok=True)
            raise RuntimeError("the synthesizer wrote no audio")
        tmp.replace(path)
        self.synth_count += 1
        return path


def _silence_driver_prints(engine) -> None:
    """pyttsx3 2.99's eSpeak driver prints "Audio saved to ..." on every file; the CLI's
    stdout must stay clean, so shadow `print` in that driver module only."""
    driver = getattr(getattr(engine, "proxy", None), "_driver", None)
    module = type(driver).__module__ if driver is not None else ""
    if module.endswith("espeak"):
        import sys

        sys.modules[module].print = lambda *args, **kwargs: None
